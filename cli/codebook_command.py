"""`cqc-themes codebook show|validate`: the themes findings are coded with.

`codebook add` (turning a discovered theme into a code) is registered here by the
discovery commands; it calls `add_theme_to_codebook_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cqc_themes.cli.context import fail
from cqc_themes.cli.output import OutputFormat, console, write_rows
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.codebook import load_codebook
from cqc_themes.records import Codebook

CODEBOOK_ENVIRONMENT_VARIABLE = "CQC_THEMES_CODEBOOK"

# Shared by every command that codes findings, so `--codebook` means one thing.
CodebookOption = Annotated[
    Path | None,
    typer.Option(
        "--codebook",
        envvar=CODEBOOK_ENVIRONMENT_VARIABLE,
        help="Codebook file (TOML) to code findings with (default: the shipped codebook; "
        f"or set ${CODEBOOK_ENVIRONMENT_VARIABLE}). `codebook show` prints its format.",
        show_default=False,
    ),
]

codebook_app = typer.Typer(
    no_args_is_help=True, help="The codebook: the themes findings are coded with."
)


def load_codebook_or_fail(path: Path | None) -> Codebook:
    """The codebook at `path` (the default one when None), or one error line and exit 1."""
    try:
        return load_codebook(path)
    except CqcThemesError as error:
        raise fail(str(error)) from None


@codebook_app.command("show")
def show_command(
    codebook_path: CodebookOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """The codebook's themes: id, name, group, definition, seeds and keywords.

    cqc-themes codebook show

    cqc-themes codebook show --codebook my-codebook.toml --format json
    """
    codebook = load_codebook_or_fail(codebook_path)
    rows = [
        {
            "theme_id": theme.theme_id,
            "theme_name": theme.name,
            "group": theme.group,
            "definition": theme.definition,
            "seeds": list(theme.seeds),
            "keywords": list(theme.keywords),
        }
        for theme in codebook.themes
    ]
    if output_format is OutputFormat.table:
        console.print(
            f"[bold]Codebook {escape(codebook.name)}[/bold] ({escape(codebook.source)}): "
            f"{len(codebook.themes)} themes"
        )
        write_rows(rows, output_format, table_columns=("theme_id", "theme_name", "definition"))
        return
    if output_format is OutputFormat.csv:
        rows = [
            {**r, "seeds": "; ".join(r["seeds"]), "keywords": "; ".join(r["keywords"])}
            for r in rows
        ]
    write_rows(rows, output_format)


@codebook_app.command("validate")
def validate_command(
    codebook_file: Annotated[Path, typer.Argument(help="The codebook file to check.")],
) -> None:
    """Check a codebook file; a problem is reported with the line it is on.

    cqc-themes codebook validate my-codebook.toml
    """
    codebook = load_codebook_or_fail(codebook_file)
    groups = sorted({t.group for t in codebook.themes if t.group})
    console.print(
        f"{escape(str(codebook_file))}: valid codebook {escape(codebook.name)!r} with "
        f"{len(codebook.themes)} themes" + (f" in {len(groups)} groups" if groups else "")
    )
