"""`cqc-themes classify`: label each finding as a strength, an improvement or context."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.model_loading import load_shipped_classifier, print_notice
from cqc_themes.cli.output import console, error_console
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.errors import CqcThemesError


def classify_command(
    ctx: typer.Context,
    relabel: Annotated[
        bool,
        typer.Option("--relabel", help="Label every finding again, not only new or stale "
                     "ones (a researcher's corrections are always kept)."),
    ] = False,
    fine_tune: Annotated[
        bool | None,
        typer.Option("--fine-tune/--no-fine-tune",
                     help="Teach this corpus's corrections by fine-tuning the encoder too "
                     "(minutes, and every finding is embedded again; better labels), or go "
                     "back to refitting the heads only (seconds). Kept with the corpus."),
    ] = None,
) -> None:
    """Label findings as strength, improvement or context, and store the labels.

    Findings without a label, and those an older model labelled, are classified, so
    running it after each ingest is cheap. When researchers have corrected labels
    (`cqc-themes labels import`), the model is first taught the corrections (seconds;
    minutes with --fine-tune), and corrected labels are never overwritten. Then filter
    by label:

        cqc-themes classify

        cqc-themes classify --fine-tune

        cqc-themes search 'waiting' --label improvement

        cqc-themes classify --relabel
    """
    # Imported here: scikit-learn would add a second to the start-up of every command.
    from cqc_themes.models.labelling import label_corpus, needs_labelling
    from cqc_themes.models.teaching import fine_tunes, set_fine_tuning

    with open_corpus(ctx) as corpus:
        if fine_tune is not None:
            set_fine_tuning(corpus, fine_tune)
        progress = Progress(
            TextColumn("[bold]classify"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=error_console, transient=True,
        )
        try:
            shipped = load_shipped_classifier() if relabel or needs_labelling(corpus) else None
            with progress:
                task = progress.add_task("", total=None)
                summary = label_corpus(
                    corpus,
                    shipped,
                    relabel=relabel,
                    on_start=lambda total: progress.update(task, total=total),
                    on_labelled=lambda done: progress.advance(task, done),
                    on_notice=print_notice,
                )
            fine_tuned = fine_tunes(corpus)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    counts = summary.label_counts
    total = sum(counts.values())
    console.print(f"Labelled {summary.labelled} finding(s).")
    if summary.stale:
        console.print(f"{summary.stale} of them had labels from an older model (stale) and "
                      "were relabelled.")
    if summary.stale or relabel:
        console.print(f"{summary.changed} label(s) changed.")
    console.print("The corpus now holds:")
    for label in FINDING_LABELS:
        share = f"{counts.get(label, 0) / total:.0%}" if total else "-"
        console.print(f"  {label:<12} {counts.get(label, 0):>7}  {share:>4}")
    if summary.model_version:
        how = ", encoder fine-tuned" if fine_tuned else ""
        taught = (f" (the shipped model taught {summary.corrections} correction(s){how})"
                  if summary.corrections else "")
        console.print(f"Model: {summary.model_version}{taught}", highlight=False)
