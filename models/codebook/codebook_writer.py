"""Appends a theme to a codebook file, keeping what the researcher already wrote.

The file is edited as text (comments and layout stay), the result is parsed again
before it replaces the file, and the replacement is atomic: a theme that would make the
codebook invalid never reaches the disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from cqc_themes.errors import CodebookError
from cqc_themes.models.codebook.codebook_file import DEFAULT_CODEBOOK_NAME, parse_codebook
from cqc_themes.records import Codebook, CodebookTheme

_NEW_FILE_HEADER = (
    "# A cqc-themes codebook: the default themes plus our own.\n"
    f'extends = "{DEFAULT_CODEBOOK_NAME}"\n'
)


def theme_as_toml(theme: CodebookTheme) -> str:
    """One [[theme]] table in the codebook file's format."""
    lines = [
        "[[theme]]",
        f"id = {_string(theme.theme_id)}",
        f"name = {_string(theme.name)}",
    ]
    if theme.group:
        lines.append(f"group = {_string(theme.group)}")
    lines.append(f"definition = {_string(theme.definition)}")
    if theme.seeds:
        lines.append("seeds = [")
        lines.extend(f"    {_string(seed)}," for seed in theme.seeds)
        lines.append("]")
    if theme.keywords:
        lines.append(f"keywords = [{', '.join(_string(k) for k in theme.keywords)}]")
    return "\n".join(lines) + "\n"


def add_theme_to_codebook_file(path: Path | str, theme: CodebookTheme) -> Codebook:
    """Add `theme` to the codebook at `path` (created, extending the default, if missing)
    and return the codebook as it now reads. CodebookError if the id is taken or the
    result would not load."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else _NEW_FILE_HEADER
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(path, f"cannot be read ({error})") from None
    current = parse_codebook(text, source=str(path))
    if current.theme(theme.theme_id) is not None:
        raise CodebookError(path, f"already has a theme with id {theme.theme_id!r}")
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    updated_text = f"{text}{separator}{theme_as_toml(theme)}"
    updated = parse_codebook(updated_text, source=str(path))
    _replace_atomically(path, updated_text)
    return updated


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes), on one line.
    return json.dumps(value, ensure_ascii=False)


def _replace_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except OSError as error:
        raise CodebookError(path, f"cannot be written ({error.strerror or error})") from None
