"""`cqc-themes search`: find findings by meaning and keyword (hybrid), or either alone."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cqc_themes.cli import filters
from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import OutputFormat, console, error_console, write_rows
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.semantic_search import SearchMode, search_findings
from cqc_themes.records import SearchHit

# Control characters cannot occur in report text, so they mark matches unambiguously
# until the renderer swaps them for the format's own highlighting.
_MARK = ("\x02", "\x03")


def search_command(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(help='What to look for: plain words, or FTS5 syntax ("a phrase", OR, '
                       "NOT, prefix*) which --keyword needs."),
    ],
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
    semantic: Annotated[
        bool, typer.Option("--semantic", help="Rank by meaning only (no keyword matching).")
    ] = False,
    keyword: Annotated[
        bool, typer.Option("--keyword", help="Rank by FTS5 keyword match only (bm25).")
    ] = False,
) -> None:
    """Search findings; best matches first, with council, statement, page and a snippet.

    By default keyword and meaning ranks are fused, so a query also finds findings that
    say the same thing in other words. Keyword words are stemmed ("carer" finds
    "carers"). Examples:

        cqc-themes search 'help for family members looking after relatives'

        cqc-themes search '"unpaid carers" respite' --keyword

        cqc-themes search 'occupational therap*' --rating inadequate --format csv > ot.csv
    """
    if semantic and keyword:
        raise typer.BadParameter("choose one of --semantic and --keyword", param_hint="--semantic")
    mode = SearchMode.semantic if semantic else SearchMode.keyword if keyword else SearchMode.hybrid
    finding_filter = filters.finding_filter(council, statement, theme, rating, subheading, label)
    progress = Progress(
        TextColumn("[bold]search"), TextColumn("embedding findings once, for later searches too"),
        BarColumn(), MofNCompleteColumn(), console=error_console, transient=True,
        disable=not error_console.is_terminal,
    )
    task = progress.add_task("", total=None)

    def on_batch(done: int, total: int) -> None:
        # Shown only while findings are embedded for the first time; otherwise silent.
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)

    with open_corpus(ctx) as corpus:
        try:
            results = search_findings(corpus, query, finding_filter, mode=mode, limit=limit,
                                      markers=_MARK, on_batch=on_batch)
        except CqcThemesError as error:
            raise fail(str(error)) from None
        finally:
            if progress.live.is_started:
                progress.stop()
    if results.note:
        error_console.print(f"[yellow]note:[/yellow] {escape(results.note)}", highlight=False)
    hits = list(results.hits)
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
