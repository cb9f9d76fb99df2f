"""The `cqc-themes` command: thin typer commands over the cqc_themes library.

Commands load lazily: `cqc-themes --help` lists them from the one-line summaries below
and imports a command's module (and whatever models it needs) only when it runs, so
start-up never pays for scikit-learn or torch. Errors reach the user as one line; an
unexpected one names itself and `--debug` shows its traceback.
"""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from cqc_themes import __version__
from cqc_themes.cli.context import Settings, print_error
from cqc_themes.corpus import DB_ENVIRONMENT_VARIABLE, default_corpus_path
from cqc_themes.errors import CqcThemesError

# name -> ("module:attribute" of a command function or a typer app, the summary --help shows)
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "cqc_themes.cli.ingest_command:ingest_command",
        "Add CQC local authority assessment PDFs to the corpus.",
    ),
    "search": (
        "cqc_themes.cli.search_command:search_command",
        "Search findings; best matches first, with council, statement, page and a snippet.",
    ),
    "reports": (
        "cqc_themes.cli.reports_command:reports_command",
        "List the reports in the corpus: council, rating, score, the nine statement scores.",
    ),
    "export": (
        "cqc_themes.cli.export_command:export_app",
        "Export corpus contents for scripts, Excel or other tools.",
    ),
    "remove": (
        "cqc_themes.cli.remove_command:remove_command",
        "Remove reports and everything derived from them (findings, labels, codes).",
    ),
    "classify": (
        "cqc_themes.cli.classify_command:classify_command",
        "Label findings as strength, improvement or context, and store the labels.",
    ),
    "eval": ("cqc_themes.cli.eval_command:eval_app", "Measure the models on labelled data."),
    "themes": (
        "cqc_themes.cli.themes_command:themes_app",
        "Recurring themes across councils, and `themes show THEME`.",
    ),
    "digest": (
        "cqc_themes.cli.digest_command:digest_command",
        "Write what CQC's assessments are finding: recurring strengths and shortfalls.",
    ),
}


class _CommandGroup(TyperGroup):
    """The root group: lazy commands, and no traceback for the user."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return [*LAZY_COMMANDS, *(name for name in self.commands if name not in LAZY_COMMANDS)]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | TyperGroup | None:
        if cmd_name in self.commands or cmd_name not in LAZY_COMMANDS:
            return self.commands.get(cmd_name)
        # Listing only: a stand-in carrying the summary, so --help imports nothing.
        return TyperCommand(cmd_name, short_help=LAZY_COMMANDS[cmd_name][1])

    def resolve_command(
        self, ctx: typer.Context, args: list[str]
    ) -> tuple[str | None, TyperCommand | TyperGroup | None, list[str]]:
        if args and args[0] in LAZY_COMMANDS and args[0] not in self.commands:
            self.add_command(_load_command(args[0]), args[0])
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            # Typer's own exits and usage errors already print what they should.
            raise
        except Exception as error:
            if isinstance(ctx.obj, Settings) and ctx.obj.debug:
                raise
            print_error(_one_line(error))
            raise typer.Exit(code=1) from None


def _one_line(error: BaseException) -> str:
    """What went wrong, in one line a user can act on."""
    if isinstance(error, CqcThemesError):
        return str(error)
    if isinstance(error, BrokenPipeError):
        return "the output was closed before everything was written"
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    if isinstance(error, sqlite3.Error):
        return f"the corpus could not be used ({error})"
    return (
        f"unexpected {type(error).__name__}: {error} (run again with --debug for the "
        "details, and please report it)"
    )


def _load_command(name: str) -> TyperCommand | TyperGroup:
    module_name, attribute = LAZY_COMMANDS[name][0].split(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        command: TyperCommand | TyperGroup = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


app = typer.Typer(
    name="cqc-themes",
    cls=_CommandGroup,
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
            f"or set ${DB_ENVIRONMENT_VARIABLE}; ~ is your home folder).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = Settings(db=(db or default_corpus_path()).expanduser(), debug=debug)


def main() -> None:
    app()
