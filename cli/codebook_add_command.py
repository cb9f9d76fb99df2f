"""`cqc-themes codebook add CANDIDATE`: make a discovered theme a code in a codebook file.

Registered here on the codebook group (cli/codebook_command.py: show, validate), which
cli/app.py loads from this module, so the group always has all three commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cqc_themes.cli.codebook_command import CODEBOOK_ENVIRONMENT_VARIABLE, codebook_app
from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import console
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.themes import add_candidate_to_codebook


def codebook_add_command(
    ctx: typer.Context,
    candidate: Annotated[
        str,
        typer.Argument(
            help="A discovered theme's id (discovered-4 or 4) or part of its "
            "name, as `cqc-themes themes` lists it."
        ),
    ],
    codebook_path: Annotated[
        Path,
        typer.Option(
            "--codebook",
            envvar=CODEBOOK_ENVIRONMENT_VARIABLE,
            help="Codebook file to add the theme to; created (extending the "
            "default codebook) if missing.",
        ),
    ] = Path("codebook.toml"),
) -> None:
    """Add a discovered theme to a codebook file as a code: its name, a definition to
    refine, its keywords as seeds and patterns. Code with it by passing the file to
    `--codebook` (or setting $CQC_THEMES_CODEBOOK).

        cqc-themes codebook add discovered-4 --codebook my-codebook.toml

        cqc-themes themes --codebook my-codebook.toml
    """
    with open_corpus(ctx) as corpus:
        try:
            added, codebook = add_candidate_to_codebook(corpus, candidate, codebook_path)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    console.print(
        f"Added {escape(added.theme_id)} ({escape(added.name)}) to {codebook_path}; "
        f"it now has {len(codebook.themes)} themes. Edit its definition there.",
        highlight=False,
        soft_wrap=True,
    )


codebook_app.command("add")(codebook_add_command)
