"""--help teaches: each command lists its options."""

from __future__ import annotations

import pytest
from run_cli import run_cli


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ([], ["--db", "--version", "ingest", "search", "reports", "export"]),
        (["ingest"], ["--workers", "--engine", "--warnings"]),
        (["search"], ["--council", "--statement", "--theme", "--rating", "--subheading",
                      "--label", "--limit", "--format"]),
        (["reports"], ["--format"]),
        (["export", "findings"], ["--format", "--out", "--council", "--statement", "--theme",
                                  "--rating", "--label"]),
    ],
    ids=["main", "ingest", "search", "reports", "export-findings"],
)
def test_help_mentions_every_option(command: list[str], options: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    for option in options:
        assert option in result.stdout, option


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("cqc-themes ")
