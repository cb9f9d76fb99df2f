"""`cqc-themes classify`: label each finding as a strength, an improvement or context."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.model_loading import load_shipped_classifier
from cqc_themes.cli.output import console, error_console
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.errors import CqcThemesError


def classify_command(
    ctx: typer.Context,
    relabel: Annotated[
        bool, typer.Option("--relabel", help="Label every finding again, not only new ones.")
    ] = False,
) -> None:
    """Label findings as strength, improvement or context, and store the labels.

    Only findings without a label are classified, so running it after each ingest is
    cheap. The model is trained from the shipped training sentences on first use and
    cached. Then filter by label:

        cqc-themes classify

        cqc-themes search 'waiting' --label improvement

        cqc-themes classify --relabel
    """
    # Imported here: scikit-learn would add a second to the start-up of every command.
    from cqc_themes.models.labelling import label_corpus

    with open_corpus(ctx) as corpus:
        classifier = load_shipped_classifier() if relabel or corpus.count_unlabelled() else None
        progress = Progress(
            TextColumn("[bold]classify"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=error_console, transient=True,
        )
        with progress:
            task = progress.add_task("", total=None)
            try:
                summary = label_corpus(
                    corpus,
                    classifier,
                    relabel=relabel,
                    on_start=lambda total: progress.update(task, total=total),
                    on_labelled=lambda done: progress.advance(task, done),
                )
            except CqcThemesError as error:
                raise fail(str(error)) from None
    counts = summary.label_counts
    total = sum(counts.values())
    console.print(f"Labelled {summary.labelled} finding(s). The corpus now holds:")
    for label in FINDING_LABELS:
        share = f"{counts.get(label, 0) / total:.0%}" if total else "-"
        console.print(f"  {label:<12} {counts.get(label, 0):>7}  {share:>4}")
    if summary.model_version:
        console.print(f"Model: {summary.model_version}", highlight=False)
