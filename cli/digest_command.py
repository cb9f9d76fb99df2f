"""`cqc-themes digest`: the lessons-learned digest in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cqc_themes.cli import filters
from cqc_themes.cli.context import fail, note, open_corpus
from cqc_themes.cli.model_loading import load_shipped_classifier
from cqc_themes.cli.output import console, error_console, output_folder
from cqc_themes.errors import CqcThemesError


def digest_command(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder for digest.md, digest.html, digest.json (created if missing).",
        ),
    ] = Path("digest"),
    council: filters.Council = None,
    statement: filters.Statement = None,
    rating: filters.Rating = None,
    since: filters.Since = None,
) -> None:
    """Write what CQC's assessments are finding: recurring strengths and shortfalls.

    Runs whatever is stale first (labels unlabelled findings, refits topics if the
    corpus changed), then writes digest.md (tables), digest.html (charts; opens offline
    in any browser) and digest.json (the same content as data). Every quoted finding
    names its council and page.

        cqc-themes digest --out digest/

        cqc-themes digest --rating inadequate --since 2025 --out digest-2025/
    """
    scope = filters.finding_filter(council, statement, None, rating, None, None, since)
    try:
        # Checked before any work, so a bad --out costs nothing.
        out = output_folder(out)
    except CqcThemesError as error:
        raise fail(str(error)) from None
    with open_corpus(ctx) as corpus:
        try:
            # Trained before the spinner starts, so a first-use fit shows its own bar.
            classifier = load_shipped_classifier() if corpus.count_unlabelled() else None
            with error_console.status("digest") as status:
                from cqc_themes.lessons.regenerate import regenerate_digest

                run = regenerate_digest(
                    corpus,
                    out,
                    scope,
                    on_stage=lambda stage: status.update(stage),
                    classifier=classifier,
                )
        except CqcThemesError as error:
            raise fail(str(error)) from None
    digest = run.digest
    if run.findings_labelled:
        console.print(f"Labelled {run.findings_labelled} new finding(s).")
    console.print(f"Topics: {escape(run.topics_reason)}.")
    for message in digest.notes:
        note(message)
    console.print(
        f"{digest.glance.reports} report(s); {len(digest.improvements)} recurring areas for "
        f"improvement, {len(digest.strengths)} recurring strengths, {len(digest.themes)} themes."
    )
    for path in (run.files.html, run.files.markdown, run.files.json):
        console.print(f"Wrote {path}", highlight=False, soft_wrap=True)
