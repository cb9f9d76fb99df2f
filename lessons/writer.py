"""Writes the digest's three files: digest.md, digest.html and digest.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cqc_themes.lessons.content import Digest
from cqc_themes.lessons.json_view import digest_json
from cqc_themes.lessons.markdown import render_markdown


@dataclass(frozen=True)
class DigestFiles:
    markdown: Path
    html: Path
    json: Path


def _write(path: Path, text: str) -> None:
    # Write then rename, so a reader never opens a half-written digest.
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_digest(digest: Digest, out_dir: Path) -> DigestFiles:
    # Imported here: it loads matplotlib (a second), which a reused digest never needs.
    from cqc_themes.lessons.html import render_html

    out_dir.mkdir(parents=True, exist_ok=True)
    files = DigestFiles(out_dir / "digest.md", out_dir / "digest.html", out_dir / "digest.json")
    _write(files.json, json.dumps(digest_json(digest), ensure_ascii=False, indent=2) + "\n")
    _write(files.markdown, render_markdown(digest))
    _write(files.html, render_html(digest))
    return files
