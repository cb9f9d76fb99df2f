"""Runs `cqc-themes` in-process, as a user would type it, with a wide, colourless terminal."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from cqc_themes.cli.app import app


def run_cli(*args: str | Path, db: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """`cqc-themes [--db DB] ARGS...`; the user's own CQC_THEMES_DB is never consulted."""
    environment = {"CQC_THEMES_DB": None, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    prefix = ["--db", str(db)] if db else []
    return CliRunner(env=environment).invoke(app, [*prefix, *map(str, args)])
