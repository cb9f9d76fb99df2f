"""What every command shares: the corpus path from the global --db option."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError


@dataclass(frozen=True)
class Settings:
    db: Path


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def fail(message: str) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    from cqc_themes.cli.output import error_console

    error_console.print(
        f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True
    )
    return typer.Exit(code=1)


def open_corpus(ctx: typer.Context, *, create: bool = False) -> Corpus:
    try:
        return Corpus(settings(ctx).db, create=create)
    except CqcThemesError as error:
        raise fail(str(error)) from None
