"""`cqc-themes themes`: recurring themes across councils, and `themes show TOPIC`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import OutputFormat, console, error_console, write_rows
from cqc_themes.cli.themes_matrix_command import matrix_command
from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.topics import (
    default_theme_model,
    list_topics,
    refresh_topics,
    topic_details,
)
from cqc_themes.records import StoredFinding, Topic, TopicRefresh

# The callback's docstring is the group's help, so `themes --help` shows its examples.
themes_app = typer.Typer(no_args_is_help=False)

_LABELS = ("strength", "improvement", "context")
themes_app.command("matrix")(matrix_command)


@themes_app.callback(invoke_without_command=True)
def themes_command(
    ctx: typer.Context,
    refit: Annotated[
        bool, typer.Option("--refit", help="Fit again even if the stored topics are current.")
    ] = False,
    min_councils: Annotated[
        int, typer.Option("--min-councils", min=0, help="Only topics found in N+ councils.")
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same topics.")
    ] = 42,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Recurring themes across councils: label, size, councils, strength/improvement split.

    Topics are fitted on first use, and again whenever the corpus has changed (only
    new findings are embedded). Framework text ("What people expect", "The local
    authority commitment") and the About section never form topics. Examples:

        cqc-themes themes --min-councils 3

        cqc-themes themes --format json > themes.json

        cqc-themes themes show 4
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_corpus(ctx) as corpus:
        try:
            refresh = _refresh_with_progress(corpus, refit=refit, seed=seed)
        except CqcThemesError as error:
            raise fail(str(error)) from None
        topics = list_topics(corpus, min_councils=min_councils)
    if output_format is OutputFormat.table:
        _print_topics(topics, refresh, min_councils)
        return
    write_rows([_topic_row(topic, output_format) for topic in topics], output_format)


@themes_app.command("show")
def show_command(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="A topic's number, or part of its label.")],
    examples: Annotated[
        int, typer.Option("--examples", min=1, help="How many representative findings.")
    ] = 5,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """One topic: keywords, councils, statements and representative findings.

    Each finding is shown with its council, statement and page. Examples:

        cqc-themes themes show 4

        cqc-themes themes show carers --examples 10
    """
    with open_corpus(ctx) as corpus:
        try:
            details = topic_details(corpus, topic, representatives=examples)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        _print_topic(details)
        return
    if output_format is OutputFormat.csv:
        write_rows([_finding_row(f) for f in details.representative_findings], output_format)
        return
    row = _topic_row(details, output_format)
    row["representative_findings"] = [_finding_row(f) for f in details.representative_findings]
    write_rows([row], output_format)


def _refresh_with_progress(corpus: Corpus, *, refit: bool, seed: int) -> TopicRefresh:
    """Refresh the topics, with a progress bar on stderr only while there is work."""
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
        return refresh_topics(
            corpus, default_theme_model(corpus, random_state=seed), refit=refit,
            on_stage=on_stage, on_embedded=on_embedded,
        )
    finally:
        if progress.live.is_started:
            progress.stop()


def _topic_row(topic: Topic, output_format: OutputFormat) -> dict[str, object]:
    row: dict[str, object] = {
        "topic": topic.topic_id,
        "label": topic.label,
        "findings": topic.size,
        "councils": topic.council_count,
        **{label: topic.label_counts.get(label, 0) for label in _LABELS},
        "keywords": list(topic.keywords),
        "council_names": list(topic.councils),
        "statements": topic.statements,
        "themes": topic.themes,
    }
    if output_format is OutputFormat.csv:
        row["keywords"] = "; ".join(topic.keywords)
        row["council_names"] = "; ".join(topic.councils)
    return row


def _finding_row(finding: StoredFinding) -> dict[str, object]:
    return {
        "finding_id": finding.finding_id,
        "council": finding.council,
        "quality_statement": finding.quality_statement,
        "section": finding.section,
        "page": finding.page,
        "label": finding.label,
        "text": finding.text,
    }


def _split(topic: Topic) -> str:
    """Strengths / improvements, or "-" before the classifier has run."""
    if not topic.label_counts:
        return "-"
    return f"{topic.label_counts.get('strength', 0)} / {topic.label_counts.get('improvement', 0)}"


def _print_topics(topics: list[Topic], refresh: TopicRefresh, min_councils: int) -> None:
    run = refresh.run
    if refresh.refitted:
        computed = refresh.embeddings_computed
        console.print(f"[dim]{escape(refresh.reason)}; {computed} finding(s) embedded, "
                      f"the rest from the cache.[/dim]")
    if not topics:
        console.print(f"No topics found in {min_councils}+ councils.")
        return
    from rich.table import Table

    table = Table(title=f"{len(topics)} recurring theme(s)")
    for column in ("#", "theme", "findings", "councils", "strength / improvement"):
        table.add_column(column, overflow="fold")
    for topic in topics:
        table.add_row(str(topic.topic_id), escape(topic.label), str(topic.size),
                      str(topic.council_count), _split(topic))
    console.print(table)
    console.print(
        f"[dim]{run.topic_count} topics ({run.method}) from {run.findings_fitted} findings; "
        f"{run.outliers} in no topic. `cqc-themes themes show N` shows one.[/dim]"
    )


def _print_topic(topic: Topic) -> None:
    from rich.table import Table

    console.print(f"[bold]{topic.topic_id}. {escape(topic.label)}[/bold]")
    console.print(f"Keywords: {escape(', '.join(topic.keywords))}")
    console.print(f"{topic.size} findings in {topic.council_count} councils: "
                  f"{escape(', '.join(topic.councils))}")
    statements = ", ".join(f"{name} ({count})" for name, count in topic.statements.items())
    console.print(f"Statements: {escape(statements)}")
    if topic.label_counts:
        split = ", ".join(f"{label} {topic.label_counts.get(label, 0)}" for label in _LABELS)
        console.print(f"Classifier labels: {split}")
    table = Table(title="Representative findings", show_lines=True)
    for column in ("council", "statement", "page", "finding"):
        table.add_column(column, overflow="fold")
    for finding in topic.representative_findings:
        table.add_row(escape(finding.council), escape(finding.quality_statement or finding.section),
                      str(finding.page), escape(finding.text))
    console.print(table)
