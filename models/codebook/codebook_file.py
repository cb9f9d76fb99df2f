"""Reads a codebook file (TOML) into a `Codebook`, with errors that name the line.

    name = "my codebook"
    extends = "default"          # optional: start from the shipped themes

    [[theme]]
    id = "unpaid_carers"         # stable; reuse a default theme's id to replace it
    name = "Support for unpaid carers"
    definition = "Identifying, assessing and supporting family and unpaid carers."
    seeds = ["carers told us they struggled to get a break"]
    keywords = ['\\bcarers?\\b', "respite"]   # optional regular expressions
    group = "Working with people"             # optional

Without `extends`, the file's themes are the whole codebook. With `extends = "default"`,
themes whose id is already in the default replace it, new ids are added after it, and
`drop = ["id", ...]` removes default themes.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from cqc_themes.errors import CodebookError
from cqc_themes.records import Codebook, CodebookTheme

DEFAULT_CODEBOOK_NAME = "default"
# Bump when the way findings are coded changes, so stored codes are redone.
CODING_VERSION = "coding-2"  # 2: keywords skip cited data sources
_THEME_ID = re.compile(r"[a-z][a-z0-9_]*")
_TOP_LEVEL_KEYS = frozenset({"name", "extends", "drop", "theme"})
_THEME_KEYS = frozenset({"id", "name", "definition", "seeds", "keywords", "group"})


def default_codebook() -> Codebook:
    """The codebook shipped with cqc-themes: themes that recur in CQC's assessments."""
    text = files("cqc_themes.models.codebook").joinpath("default.toml").read_text("utf-8")
    return parse_codebook(text, source=DEFAULT_CODEBOOK_NAME)


def load_codebook(path: Path | str | None = None) -> Codebook:
    """The codebook in `path` (the default codebook when None); CodebookError if unusable."""
    if path is None or str(path) == DEFAULT_CODEBOOK_NAME:
        return default_codebook()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(path, "no such codebook file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(path, f"cannot be read ({error})") from None
    return parse_codebook(text, source=str(path))


def parse_codebook(text: str, *, source: str) -> Codebook:
    """A codebook from TOML text; `source` names it in errors and in the corpus."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise CodebookError(source, f"not valid TOML ({_toml_problem(error)})", line) from None
    lines = _ThemeLines(text)
    unknown = sorted(set(document) - _TOP_LEVEL_KEYS)
    if unknown:
        raise CodebookError(
            source,
            f"unknown key {unknown[0]!r}; expected name, extends, drop or [[theme]]",
            lines.key_line(unknown[0]),
        )
    raw_themes = document.get("theme", [])
    if not isinstance(raw_themes, list) or not all(isinstance(t, dict) for t in raw_themes):
        raise CodebookError(source, "themes must be [[theme]] tables", lines.key_line("theme"))
    themes = [_theme(raw, source, lines.theme_line(i)) for i, raw in enumerate(raw_themes)]
    _refuse_duplicates(themes, source, lines)

    extends = document.get("extends")
    if extends is not None and extends != DEFAULT_CODEBOOK_NAME:
        raise CodebookError(
            source,
            f'extends = {extends!r}: only "default" can be extended',
            lines.key_line("extends"),
        )
    drop = document.get("drop", [])
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise CodebookError(source, "drop must be a list of theme ids", lines.key_line("drop"))
    if drop and extends is None:
        raise CodebookError(source, 'drop needs extends = "default"', lines.key_line("drop"))
    if extends:
        themes = _extended(default_codebook().themes, themes, drop, source, lines)
    if not themes:
        raise CodebookError(source, "the codebook has no [[theme]]")
    name = document.get("name") or (Path(source).stem if extends is None else source)
    if not isinstance(name, str):
        raise CodebookError(source, "name must be a string", lines.key_line("name"))
    return Codebook(
        name=name, source=source, themes=tuple(themes), fingerprint=codebook_fingerprint(themes)
    )


def codebook_fingerprint(themes: list[CodebookTheme] | tuple[CodebookTheme, ...]) -> str:
    """Changes exactly when coding could change: ids, definitions, seeds, keywords, or
    the coding method; a renamed theme or group keeps its codes."""
    content = [[t.theme_id, t.definition, list(t.seeds), list(t.keywords)] for t in themes]
    payload = json.dumps([CODING_VERSION, content], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def _theme(raw: dict[str, object], source: str, line: int | None) -> CodebookTheme:
    def fail(detail: str) -> CodebookError:
        label = f"theme {raw['id']!r}" if isinstance(raw.get("id"), str) else "theme"
        return CodebookError(source, f"{label}: {detail}", line)

    unknown = sorted(set(raw) - _THEME_KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}; expected {', '.join(sorted(_THEME_KEYS))}")
    for key in ("id", "name", "definition"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(f'needs {key} = "..." (a non-empty string)')
    theme_id = raw["id"].strip()
    if not _THEME_ID.fullmatch(theme_id):
        raise fail("id must be lower-case letters, digits and underscores, starting with a letter")
    seeds = _strings(raw.get("seeds", []), "seeds", fail)
    keywords = _strings(raw.get("keywords", []), "keywords", fail)
    if not seeds and not keywords:
        raise fail("needs seeds (example phrases) or keywords, or both")
    for pattern in keywords:
        try:
            re.compile(pattern)
        except re.error as error:
            raise fail(f"keyword {pattern!r} is not a valid regular expression ({error})") from None
    group = raw.get("group")
    if group is not None and not isinstance(group, str):
        raise fail("group must be a string")
    return CodebookTheme(
        theme_id=theme_id,
        name=raw["name"].strip(),
        definition=raw["definition"].strip(),
        seeds=seeds,
        keywords=keywords,
        group=group,
    )


def _strings(value: object, key: str, fail: Callable[[str], CodebookError]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _refuse_duplicates(themes: list[CodebookTheme], source: str, lines: _ThemeLines) -> None:
    seen: set[str] = set()
    for index, theme in enumerate(themes):
        if theme.theme_id in seen:
            raise CodebookError(
                source, f"theme id {theme.theme_id!r} appears twice", lines.theme_line(index)
            )
        seen.add(theme.theme_id)


def _extended(
    base: tuple[CodebookTheme, ...],
    own: list[CodebookTheme],
    drop: list[str],
    source: str,
    lines: _ThemeLines,
) -> list[CodebookTheme]:
    base_ids = {theme.theme_id for theme in base}
    unknown = [theme_id for theme_id in drop if theme_id not in base_ids]
    if unknown:
        raise CodebookError(
            source,
            f"drop names {unknown[0]!r}, which the default codebook does not have",
            lines.key_line("drop"),
        )
    replacing = {theme.theme_id: theme for theme in own}
    merged = [replacing.get(t.theme_id, t) for t in base if t.theme_id not in drop]
    return merged + [theme for theme in own if theme.theme_id not in base_ids]


class _ThemeLines:
    """Where things are in the file's text: tomllib gives values, not their lines."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._theme_starts = [
            number
            for number, line in enumerate(self._lines, start=1)
            if re.match(r"\s*\[\[\s*theme\s*\]\]", line)
        ]

    def theme_line(self, index: int) -> int | None:
        return self._theme_starts[index] if index < len(self._theme_starts) else None

    def key_line(self, key: str) -> int | None:
        pattern = re.compile(rf"\s*(\[\[\s*)?{re.escape(key)}\b")
        return next((n for n, line in enumerate(self._lines, start=1) if pattern.match(line)), None)


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match[1]) if match else None


def _toml_problem(error: tomllib.TOMLDecodeError) -> str:
    # tomllib's message ends "(at line N, column M)"; the line is said once, up front.
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "syntax error"
