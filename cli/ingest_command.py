"""`cqc-themes ingest`: add report PDFs to the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqc_themes.cli.context import note, open_corpus
from cqc_themes.cli.output import console, error_console
from cqc_themes.extract import ENGINES
from cqc_themes.ingest import IngestOutcome, ingest


def ingest_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Report PDFs, or folders to search for *.pdf (recursively)."),
    ],
    workers: Annotated[
        int, typer.Option(help="Processes that parse PDFs in parallel (0 = one per core).")
    ] = 0,
    engine: Annotated[
        str,
        typer.Option(help=f"PDF reader: {' or '.join(ENGINES)} (the slower reference)."),
    ] = "pdfium",
    show_warnings: Annotated[
        bool, typer.Option("--warnings", help="List each report's parse warnings.")
    ] = False,
) -> None:
    """Add CQC local authority assessment PDFs to the corpus.

    Files already in the corpus (same content) are skipped. A file that cannot be read
    gets one line saying why; the others still go in. Exits 1 if any file failed.

    Examples:

        cqc-themes ingest reports/

        cqc-themes --db team.sqlite ingest new/york.pdf new/croydon.pdf
    """
    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--engine")
    with open_corpus(ctx, create=True) as corpus:
        progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), TimeElapsedColumn(),
            console=error_console, transient=True,
        )
        with progress:
            task = progress.add_task("", total=None)

            def advance(outcome: IngestOutcome, total: int) -> None:
                progress.update(task, total=total, advance=1, description=outcome.path.name)
                if outcome.status == "failed":
                    # soft_wrap: one line per file even when stderr is not a terminal.
                    progress.console.print(
                        f"[red]error:[/red] {escape(outcome.error or '')}", soft_wrap=True
                    )

            summary = ingest(paths, corpus, workers=workers or None, engine=engine,
                             on_outcome=advance)
        added = [o for o in summary.outcomes if o.status == "added"]
        warned = [o for o in added if o.warnings]
        if show_warnings:
            for outcome in warned:
                for warning in outcome.warnings:
                    note(f"{outcome.path.name}: {warning}", kind="warning")
        console.print(
            f"Added {len(added)} report(s) ({sum(o.findings for o in added)} findings, "
            f"{sum(o.pages for o in added)} pages); {summary.count('already present')} already "
            f"present; {summary.count('failed')} failed."
            + (f" {len(warned)} with warnings (--warnings to list)." if warned and not
               show_warnings else "")
        )
        console.print(f"Corpus: {corpus.path}", highlight=False, soft_wrap=True)
    if summary.failed:
        raise typer.Exit(code=1)
