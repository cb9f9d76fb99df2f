"""`cqc-themes themes`: codebook and discovered themes with their councils; `themes show`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqc_themes.cli.codebook_command import CodebookOption, load_codebook_or_fail
from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import OutputFormat, console, error_console, write_rows
from cqc_themes.cli.themes_matrix_command import matrix_command
from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.themes import list_themes, refresh_themes, theme_details
from cqc_themes.records import Codebook, CouncilThemeJudgement, RecurringTheme, ThemesRefresh

# The callback's docstring is the group's help, so `themes --help` shows its examples.
themes_app = typer.Typer(no_args_is_help=False)

_LABELS = ("strength", "improvement", "context")
themes_app.command("matrix")(matrix_command)


@themes_app.callback(invoke_without_command=True)
def themes_command(
    ctx: typer.Context,
    codebook_path: CodebookOption = None,
    refit: Annotated[
        bool, typer.Option("--refit", help="Fit the discovered themes again even if current.")
    ] = False,
    min_councils: Annotated[
        int, typer.Option("--min-councils", min=0, help="Only themes raised in N+ councils.")
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same discovered themes.")
    ] = 42,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Recurring themes: the codebook's, then those discovered among uncoded findings.

    For each theme: the councils whose report raises it, and which of them raise it as a
    shortfall or as a strength. Coding and discovery run first where stale (only new
    findings are coded and embedded). A discovered theme in 3+ councils is a candidate
    code (one its leading keyword holds together): `cqc-themes codebook add ID` adds it. Examples:

        cqc-themes themes --min-councils 3

        cqc-themes themes --format json > themes.json

        cqc-themes themes show unpaid_carers
    """
    if ctx.invoked_subcommand is not None:
        return
    codebook = load_codebook_or_fail(codebook_path)
    with open_corpus(ctx) as corpus:
        try:
            refresh = _refresh_with_progress(corpus, codebook, refit=refit, seed=seed)
            themes = list_themes(corpus, codebook, min_councils=min_councils)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        _print_themes(themes, refresh, min_councils)
        return
    write_rows([_theme_row(theme, output_format) for theme in themes], output_format)


@themes_app.command("show")
def show_command(
    ctx: typer.Context,
    theme: Annotated[
        str, typer.Argument(help="A theme's id (unpaid_carers, discovered-4 or 4) or part of "
                            "its name.")
    ],
    codebook_path: CodebookOption = None,
    examples: Annotated[
        int, typer.Option("--examples", min=1, help="Findings shown per council.")
    ] = 1,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """One theme: its definition or keywords, each council's polarity and the findings
    that show it (council, page, text).

        cqc-themes themes show carers

        cqc-themes themes show discovered-4 --examples 3 --format json
    """
    codebook = load_codebook_or_fail(codebook_path)
    with open_corpus(ctx) as corpus:
        try:
            details = theme_details(corpus, theme, codebook)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        _print_theme(details, examples)
        return
    if output_format is OutputFormat.csv:
        write_rows([{"theme_id": details.theme_id, "theme_name": details.name,
                     "polarity": judgement.polarity, **evidence}
                    for judgement in details.judgements
                    for evidence in _evidence_rows(judgement, examples)], output_format)
        return
    row = _theme_row(details, output_format)
    row["definition"] = details.definition
    row["judgements"] = [
        {"council": j.council, "polarity": j.polarity,
         "findings": _evidence_rows(j, examples)}
        for j in details.judgements
    ]
    write_rows([row], output_format)


def _refresh_with_progress(
    corpus: Corpus, codebook: Codebook, *, refit: bool, seed: int
) -> ThemesRefresh:
    """Code and refit where stale, with a progress bar on stderr only while there is work."""
    progress = Progress(
        TextColumn("[bold]themes"), TextColumn("{task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(), console=error_console, transient=True,
        disable=not error_console.is_terminal,
    )
    task = progress.add_task("", total=None)

    def show(description: str | None = None, **fields: object) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, description=description, **fields)

    def on_stage(message: str) -> None:
        # Fitting has no steps to count: an indeterminate bar says it is alive.
        show(message, total=None, completed=0)

    def on_embedded(done: int, total: int) -> None:
        show(total=total, completed=done)

    try:
        return refresh_themes(corpus, codebook, refit=refit, random_state=seed,
                              on_stage=on_stage, on_embedded=on_embedded)
    finally:
        if progress.live.is_started:
            progress.stop()


def _theme_row(theme: RecurringTheme, output_format: OutputFormat) -> dict[str, object]:
    row: dict[str, object] = {
        "theme_id": theme.theme_id,
        "theme_name": theme.name,
        "kind": theme.kind,
        "candidate": theme.candidate,
        "council_count": theme.council_count,
        "shortfall_council_count": len(theme.shortfall_councils),
        "strength_council_count": len(theme.strength_councils),
        "finding_count": theme.finding_count,
        "label_counts": theme.label_counts,
        "keywords": list(theme.keywords),
        "councils": list(theme.councils),
        "shortfall_councils": list(theme.shortfall_councils),
        "strength_councils": list(theme.strength_councils),
        "statement_counts": theme.statement_counts,
    }
    if output_format is OutputFormat.csv:
        for key in ("keywords", "councils", "shortfall_councils", "strength_councils"):
            row[key] = "; ".join(row[key])  # type: ignore[arg-type]
    return row


def _evidence_rows(judgement: CouncilThemeJudgement, limit: int) -> list[dict[str, object]]:
    return [
        {"finding_id": e.finding_id, "council": e.council, "page": e.page, "text": e.text,
         "label": e.label, "label_confidence": e.confidence, "code_score": e.code_score,
         "code_reason": e.reason}
        for e in judgement.evidence[:limit]
    ]


def _print_themes(themes: list[RecurringTheme], refresh: ThemesRefresh, min_councils: int) -> None:
    topics = refresh.topics
    if topics.refitted:
        console.print(f"[dim]Discovered themes: {escape(topics.reason)}; "
                      f"{topics.embeddings_computed} finding(s) embedded, the rest from the "
                      "cache.[/dim]")
    if not themes:
        console.print(f"No themes raised in {min_councils}+ councils.")
        return
    from rich.table import Table

    table = Table(title=f"{len(themes)} theme(s)")
    for column in ("id", "theme", "councils", "shortfall", "strength", "findings"):
        table.add_column(column, overflow="fold")
    for theme in themes:
        name = escape(theme.name)
        if theme.candidate:
            name += " [dim](candidate code)[/dim]"
        table.add_row(theme.theme_id, name, str(theme.council_count),
                      str(len(theme.shortfall_councils)), str(len(theme.strength_councils)),
                      str(theme.finding_count))
    console.print(table)
    record = refresh.coding.record
    console.print(
        f"[dim]Codebook {escape(record.codebook_name)}: {record.findings_with_codes} of "
        f"{record.findings_coded} findings coded. Discovered themes: {topics.run.topic_count} "
        f"from {topics.run.findings_fitted} uncoded findings. "
        "`cqc-themes themes show ID` shows one.[/dim]"
    )


def _print_theme(theme: RecurringTheme, examples: int) -> None:
    from rich.table import Table

    console.print(f"[bold]{escape(theme.theme_id)}: {escape(theme.name)}[/bold] ({theme.kind})")
    if theme.definition:
        console.print(escape(theme.definition))
    console.print(f"Keywords: {escape(', '.join(theme.keywords))}")
    console.print(f"{theme.finding_count} findings in {theme.council_count} councils; "
                  f"shortfall in {len(theme.shortfall_councils)}, strength in "
                  f"{len(theme.strength_councils)}")
    split = ", ".join(f"{label} {theme.label_counts.get(label, 0)}" for label in _LABELS)
    console.print(f"Classifier labels: {split}")
    table = Table(title="Councils", show_lines=True)
    for column in ("council", "polarity", "page", "finding"):
        table.add_column(column, overflow="fold")
    for judgement in theme.judgements:
        for evidence in judgement.evidence[:examples]:
            table.add_row(escape(judgement.council), judgement.polarity, str(evidence.page),
                          escape(evidence.text))
    console.print(table)
