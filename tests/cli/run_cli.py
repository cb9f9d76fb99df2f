"""Runs `cqc-themes` as a user would type it, with a wide, colourless terminal.

`run_cli` runs in-process (fast; typer's CliRunner). `run_cli_process` starts a real
process, so what it shows is what a user sees: use it for anything about tracebacks,
streams or exit codes that an in-process runner would hide.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from cqc_themes.cli.app import app


def run_cli(*args: str | Path, db: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """`cqc-themes [--db DB] ARGS...`; the user's own CQC_THEMES_DB is never consulted."""
    environment = {"CQC_THEMES_DB": None, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    prefix = ["--db", str(db)] if db else []
    return CliRunner(env=environment).invoke(app, [*prefix, *map(str, args)])


def run_cli_process(
    *args: str | Path,
    db: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`cqc-themes [--db DB] ARGS...` in a new process; stdout and stderr as text."""
    environment = {key: value for key, value in os.environ.items() if key != "CQC_THEMES_DB"}
    environment.update({"COLUMNS": "200", "NO_COLOR": "1", **(env or {})})
    prefix = ["--db", str(db)] if db else []
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from cqc_themes.cli.app import main; main()",
            *prefix,
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        timeout=600,
        check=False,
    )
