"""The `cqc-themes` command: thin typer commands over the cqc_themes library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqc_themes import __version__
from cqc_themes.cli.classify_command import classify_command
from cqc_themes.cli.context import Settings
from cqc_themes.cli.digest_command import digest_command
from cqc_themes.cli.eval_command import eval_app
from cqc_themes.cli.export_command import export_app
from cqc_themes.cli.ingest_command import ingest_command
from cqc_themes.cli.reports_command import reports_command
from cqc_themes.cli.search_command import search_command
from cqc_themes.cli.serve_command import serve_command
from cqc_themes.cli.themes_command import themes_app
from cqc_themes.corpus import DB_ENVIRONMENT_VARIABLE, default_corpus_path

app = typer.Typer(
    name="cqc-themes",
    help="Find what recurs in CQC's assessments of councils' adult social care.\n\n"
    "Start with `cqc-themes ingest FOLDER_OF_PDFS`, then `search`, `classify`, `themes`, "
    "`digest`, `reports`, `export`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cqc-themes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar=DB_ENVIRONMENT_VARIABLE,
            # Parentheses, not brackets: rich would read "[default: ...]" as markup.
            help=f"Corpus file (default: {default_corpus_path()}, "
            f"or set ${DB_ENVIRONMENT_VARIABLE}).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = Settings(db=db or default_corpus_path())


app.command("ingest")(ingest_command)
app.command("search")(search_command)
app.command("reports")(reports_command)
app.add_typer(export_app, name="export")
app.command("classify")(classify_command)
app.add_typer(eval_app, name="eval")
app.add_typer(themes_app, name="themes")
app.command("digest")(digest_command)
app.command("serve")(serve_command)


def main() -> None:
    app()
