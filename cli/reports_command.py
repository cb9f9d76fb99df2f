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
    needs ... LI learning, improvement and innovation); json and csv use full names and
    the keys of the README's "Output contract" (published is ISO; published_text is the
    date as printed). Each council's current report is listed; `--all` adds superseded
    ones, marked.
    """
    with open_corpus(ctx) as corpus:
        summaries = corpus.reports(include_superseded=include_superseded)
    if output_format is OutputFormat.table:
        rows = [
            {
                "council": s.council,
                "rating": s.rating,
                "score": s.score_100,
                **{
                    short: s.statement_scores.get(name)
                    for short, name in zip(_SHORT_NAMES, STATEMENT_NAMES, strict=True)
                },
                "published": s.published,
                "findings": s.findings,
                **({"current": "yes" if s.current else "superseded"} if include_superseded else {}),
            }
            for s in summaries
        ]
        write_rows(rows, output_format, title=f"{len(rows)} report(s)")
        return
    rows = [
        {
            "report_id": s.report_id,
            "council": s.council,
            "rating": s.rating,
            "score_100": s.score_100,
            "published": s.published_iso,
            "published_text": s.published,
            "is_current": s.current,
            "statement_scores": {name: s.statement_scores.get(name) for name in STATEMENT_NAMES},
            "finding_count": s.findings,
            "source_path": s.source_path,
            "sha256": s.sha256,
            "ingested_at": s.ingested_at,
            "warnings": list(s.warnings),
        }
        for s in summaries
    ]
    if output_format is OutputFormat.csv:
        # One column per statement, named by it, where JSON nests them.
        rows = [
            {
                **{key: value for key, value in row.items() if key != "statement_scores"},
                **row["statement_scores"],
            }
            for row in rows
        ]
    write_rows(rows, output_format)
