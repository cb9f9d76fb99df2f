"""Loads the shipped classifier, showing a progress bar when it must be trained first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cqc_themes.cli.output import error_console

if TYPE_CHECKING:
    from cqc_themes.models.classifier import FindingClassifier


def load_shipped_classifier() -> FindingClassifier:
    """The cached classifier, or a fresh fit of it (first use only: a few minutes, with a
    progress bar on stderr saying why)."""
    from cqc_themes.models.trained import trained_classifier

    progress = Progress(
        TextColumn("[bold]training the classifier (first use only; cached afterwards)"),
        BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=error_console, transient=True,
    )
    task = None

    def on_step(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            progress.start()
            task = progress.add_task("", total=total)
        progress.update(task, completed=done)

    try:
        return trained_classifier(on_fine_tune_step=on_step, on_notice=print_notice)
    finally:
        progress.stop()


def print_notice(message: str) -> None:
    """One "note:" line on stderr."""
    error_console.print(f"[yellow]note:[/yellow] {escape(message)}", highlight=False)
