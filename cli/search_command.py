"""`cqc-themes search`: find findings by keyword."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cqc_themes.cli import filters
from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import OutputFormat, console, write_rows
from cqc_themes.errors import CqcThemesError
from cqc_themes.records import SearchHit

# Control characters cannot occur in report text, so they mark matches unambiguously
# until the renderer swaps them for the format's own highlighting.
_MARK = ("\x02", "\x03")


def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='FTS5 query: words, "a phrase", OR, NOT, prefix*.')],
    council: filters.Council = None,
    statement: filters.Statement = None,
    theme: filters.Theme = None,
    rating: filters.Rating = None,
    subheading: filters.Subheading = None,
    label: filters.Label = None,
    limit: Annotated[int, typer.Option(min=1, help="How many findings to show.")] = 20,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Search findings; best matches first, with council, statement, page and a snippet.

    Words are stemmed, so "carer" also finds "carers". Examples:

        cqc-themes search '"unpaid carers" respite'

        cqc-themes search 'occupational therap*' --rating inadequate --format csv > ot.csv
    """
    finding_filter = filters.finding_filter(council, statement, theme, rating, subheading, label)
    with open_corpus(ctx) as corpus:
        try:
            hits = corpus.search(query, finding_filter, limit=limit, markers=_MARK)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        _print_table(hits)
        return
    write_rows([_row(hit) for hit in hits], output_format)


def _row(hit: SearchHit) -> dict[str, object]:
    finding = hit.finding
    return {
        "council": finding.council,
        "quality_statement": finding.quality_statement,
        "theme": finding.theme,
        "subheading": finding.subheading,
        "page": finding.page,
        "statement_score": finding.statement_score,
        "label": finding.label,
        "score": round(hit.score, 4),
        "snippet": hit.snippet.replace(_MARK[0], "**").replace(_MARK[1], "**"),
        "text": finding.text,
    }


def _print_table(hits: list[SearchHit]) -> None:
    if not hits:
        console.print("No findings match.")
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for column in ("#", "council", "statement", "page", "finding"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        snippet = escape(hit.snippet)
        snippet = snippet.replace(_MARK[0], "[bold yellow]").replace(_MARK[1], "[/bold yellow]")
        finding = hit.finding
        statement = finding.quality_statement or finding.section
        if finding.label:
            statement += f"\n[dim]{finding.label}[/dim]"
        table.add_row(str(rank), escape(finding.council), escape(statement),
                      str(finding.page), snippet)
    console.print(table)
