"""What every command shares: the global options, opening the corpus, one-line messages.

Messages are built from user and report text, so they are printed as plain `Text`, never
parsed as rich markup ("[/b]" in a query is just text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from rich.text import Text

from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError


@dataclass(frozen=True)
class Settings:
    db: Path
    debug: bool = False  # let unexpected errors show their traceback


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def _message(kind: str, style: str, message: str) -> Text:
    return Text.assemble((f"{kind}:", style), " ", message)


def print_error(message: str) -> None:
    """One error line on stderr."""
    from cqc_themes.cli.output import error_console

    error_console.print(_message("error", "red", message), highlight=False, soft_wrap=True)


def note(message: str, *, kind: str = "note") -> None:
    """One note (or `kind="warning"`) line on stderr, where it never mixes with output."""
    from cqc_themes.cli.output import error_console

    error_console.print(_message(kind, "yellow", message), highlight=False, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    print_error(message)
    return typer.Exit(code=1)


def open_corpus(ctx: typer.Context, *, create: bool = False) -> Corpus:
    try:
        return Corpus(settings(ctx).db, create=create)
    except CqcThemesError as error:
        raise fail(str(error)) from None
