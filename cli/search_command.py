"""`cqc-themes search`: find findings by meaning and keyword (hybrid), or either alone."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from cqc_themes.cli import filters
from cqc_themes.cli.context import fail, note, open_corpus
from cqc_themes.cli.output import (
    OutputFormat,
    console,
    error_console,
    finding_row,
    label_text,
    write_rows,
)
from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError
from cqc_themes.records import FindingFilter, SearchHit, SearchResults

# Control characters cannot occur in report text, so they mark matches unambiguously
# until the renderer swaps them for the format's own highlighting.
_MARK = ("\x02", "\x03")


def search_command(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            help="What to look for, as you would say it. FTS5 syntax also works: "
            '"a phrase", prefix*, and OR, NOT, NEAR(...) in capitals.'
        ),
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
        bool,
        typer.Option(
            "--keyword", help="Rank by keyword match only (FTS5 bm25); fast, and loads no model."
        ),
    ] = False,
) -> None:
    """Search findings; best matches first, with council, statement, page and a snippet.

    By default keyword and meaning ranks are fused, so a query also finds findings that
    say the same thing in other words. Words are searched as typed ("person-centred",
    "24/7") and stemmed ("carer" finds "carers"). Examples:

        cqc-themes search 'help for family members looking after relatives'

        cqc-themes search '"unpaid carers" respite' --keyword

        cqc-themes search 'occupational therap*' --rating inadequate --format csv > ot.csv
    """
    if semantic and keyword:
        raise typer.BadParameter("choose one of --semantic and --keyword", param_hint="--semantic")
    finding_filter = filters.finding_filter(council, statement, theme, rating, subheading, label)
    with open_corpus(ctx) as corpus:
        try:
            if keyword:
                results = SearchResults(
                    hits=tuple(corpus.search(query, finding_filter, limit=limit, markers=_MARK)),
                    mode="keyword",
                )
            else:
                results = _search_by_meaning(corpus, query, finding_filter, limit, semantic)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if results.note:
        note(results.note)
    hits = list(results.hits)
    if output_format is OutputFormat.table:
        _print_table(hits)
        return
    write_rows([_row(rank, hit, results.mode) for rank, hit in enumerate(hits, 1)], output_format)


def _search_by_meaning(
    corpus: Corpus, query: str, finding_filter: FindingFilter, limit: int, semantic: bool
) -> SearchResults:
    """Hybrid or semantic search, with a progress bar while findings are embedded."""
    # Imported here: the embedding model's code is only for searches by meaning.
    from cqc_themes.models.search.semantic_search import SearchMode, search_findings

    progress = Progress(
        TextColumn("[bold]search"),
        TextColumn("embedding findings once, for later searches too"),
        BarColumn(),
        MofNCompleteColumn(),
        console=error_console,
        transient=True,
        disable=not error_console.is_terminal,
    )
    task = progress.add_task("", total=None)

    def on_batch(done: int, total: int) -> None:
        # Shown only while findings are embedded for the first time; otherwise silent.
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)

    mode = SearchMode.semantic if semantic else SearchMode.hybrid
    try:
        return search_findings(
            corpus, query, finding_filter, mode=mode, limit=limit, markers=_MARK, on_batch=on_batch
        )
    finally:
        if progress.live.is_started:
            progress.stop()


def _row(rank: int, hit: SearchHit, mode: str) -> dict[str, object]:
    """A hit in the output contract: the finding's keys, then the search's own."""
    return {
        **finding_row(hit.finding),
        "rank": rank,
        "snippet": hit.snippet.replace(_MARK[0], "**").replace(_MARK[1], "**"),
        "keyword_rank": hit.keyword_rank,
        "keyword_score": _rounded(hit.keyword_score),
        "similarity": _rounded(hit.similarity),
        "hybrid_score": _rounded(hit.score) if mode == "hybrid" else None,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _print_table(hits: list[SearchHit]) -> None:
    if not hits:
        console.print("No findings match.")
        return
    table = Table(show_lines=True)
    for column in ("#", "council", "statement", "page", "finding"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        finding = hit.finding
        statement = Text(finding.quality_statement or finding.section)
        if finding.label:
            statement.append("\n").append_text(label_text(finding.label))
        table.add_row(
            str(rank),
            Text(finding.council),
            statement,
            str(finding.page),
            _highlighted(hit.snippet),
        )
    console.print(table)


def _highlighted(snippet: str) -> Text:
    """The snippet as plain text with its marked matches in bold yellow."""
    text = Text()
    for index, part in enumerate(snippet.replace(_MARK[1], _MARK[0]).split(_MARK[0])):
        text.append(part, style="bold yellow" if index % 2 else "")
    return text
