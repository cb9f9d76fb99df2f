"""`cqc-themes remove`: take reports out of the corpus with everything derived from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cqc_themes.cli.context import open_corpus
from cqc_themes.cli.output import console, error_console
from cqc_themes.removal import remove


def remove_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report PDFs or folders as they were ingested (the files may be gone).",
            show_default=False,
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option(
            "--council",
            help="Remove every report of this council (its exact name, any case), "
            "current and superseded.",
        ),
    ] = None,
) -> None:
    """Remove reports: their findings, labels, codes, topic assignments and cached
    embeddings no other finding uses go too, all in one transaction.

    A path or council that matches no report gets one line saying so; the others are
    still removed. Exits 1 if anything matched nothing. Examples:

        cqc-themes remove reports/york-2024.pdf

        cqc-themes remove --council "City of York Council"
    """
    if not paths and council is None:
        raise typer.BadParameter("give report paths, or --council NAME", param_hint="PATHS")
    with open_corpus(ctx) as corpus:
        summary = remove(corpus, paths or (), council=council)
    for line in summary.not_found:
        error_console.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True)
    console.print(
        f"Removed {len(summary.reports)} report(s) ({summary.findings} findings, "
        f"{summary.embeddings} cached embeddings).",
        highlight=False,
    )
    if summary.not_found:
        raise typer.Exit(code=1)
