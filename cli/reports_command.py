"""`cqc-themes reports`: one row per stored report."""

from __future__ import annotations

from typing import Annotated

import typer

from cqc_themes.cli.context import open_corpus
from cqc_themes.cli.output import OutputFormat, write_rows
from cqc_themes.domain import STATEMENT_NAMES

# Short column names for the table view only; json and csv use the canonical names.
_SHORT_NAMES = ("AN", "HL", "EQ", "CP", "PC", "SP", "SG", "GM", "LI")


def reports_command(
    ctx: typer.Context,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
    include_superseded: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list superseded reports (an older assessment of a council whose "
            "newer report is stored).",
        ),
    ] = False,
) -> None:
    """List the reports in the corpus: council, rating, score, the nine statement scores.

    In the table the nine statements are abbreviated in framework order (AN assessing
    needs ... LI learning, improvement and innovation); json and csv use full names.
    Each council's current report is listed; `--all` adds superseded ones, marked.
    """
    with open_corpus(ctx) as corpus:
        summaries = corpus.reports(include_superseded=include_superseded)
    if output_format is OutputFormat.table:
        rows = [
            {
                "council": s.council, "rating": s.rating, "score": s.score_100,
                **{short: s.statement_scores.get(name) for short, name in
                   zip(_SHORT_NAMES, STATEMENT_NAMES, strict=True)},
                "published": s.published, "findings": s.findings,
                **({"current": "yes" if s.current else "superseded"}
                   if include_superseded else {}),
            }
            for s in summaries
        ]
        write_rows(rows, output_format, title=f"{len(rows)} report(s)")
        return
    rows = [
        {
            "council": s.council, "rating": s.rating, "score": s.score_100,
            "published": s.published, "published_iso": s.published_iso,
            "findings": s.findings, "current": s.current,
            "statement_scores": {name: s.statement_scores.get(name) for name in STATEMENT_NAMES},
            "source_path": s.source_path, "sha256": s.sha256, "warnings": list(s.warnings),
        }
        for s in summaries
    ]
    if output_format is OutputFormat.csv:
        rows = [
            {**{k: v for k, v in row.items() if k != "statement_scores"},
             **row["statement_scores"]}
            for row in rows
        ]
    write_rows(rows, output_format)
