"""`cqc-themes themes matrix`: council x theme, each cell shortfall/strength/both."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from cqc_themes.cli.codebook_command import CodebookOption, load_codebook_or_fail
from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import OutputFormat, console, error_console, write_rows
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.codebook import theme_matrix
from cqc_themes.records import ThemeMatrix

# Words every council name shares; the table shows the place ("Borough of Barnet").
_COUNCIL_WORDS = re.compile(
    r"\s(?:London Borough of|Royal Borough of|City of|Council|County|City|Borough"
    r"|Metropolitan|District)(?=\s)"
)
# Table cells: short, so twenty-odd themes fit across a screen.
_CELL = {
    "shortfall": "[red]-[/red]",
    "strength": "[green]+[/green]",
    "both": "[yellow]±[/yellow]",
    "descriptive": "[dim]·[/dim]",
}


def matrix_command(
    ctx: typer.Context,
    codebook_path: CodebookOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Council x theme: does each report raise each codebook theme as a shortfall (-),
    a strength (+), both (±) or only descriptively (·)? Blank: not raised.

    Findings are coded first if they are not yet (only new ones are). Polarity comes
    from the classifier's labels, so run `cqc-themes classify` first. Examples:

        cqc-themes themes matrix

        cqc-themes themes matrix --format csv > matrix.csv

        cqc-themes themes matrix --codebook my-codebook.toml --format json
    """
    codebook = load_codebook_or_fail(codebook_path)
    with open_corpus(ctx) as corpus:
        if corpus.count_unlabelled():
            error_console.print(
                "note: some findings have no label yet, so they count as descriptive; "
                "run `cqc-themes classify`"
            )
        try:
            matrix = theme_matrix(corpus, codebook)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        _print_matrix(matrix)
        return
    rows = [_council_row(matrix, council) for council in matrix.councils]
    if output_format is OutputFormat.csv:
        rows = [{"council": r["council"], **r["polarities"]} for r in rows]
    write_rows(rows, output_format)


def _council_row(matrix: ThemeMatrix, council: str) -> dict[str, object]:
    return {
        "council": council,
        "polarities": {t.theme_id: matrix.cell(council, t.theme_id) for t in matrix.themes},
    }


def _short_name(council: str) -> str:
    """The place name alone, so twenty-odd theme columns fit beside it."""
    short = _COUNCIL_WORDS.sub(" ", f" {council} ")
    return " ".join(short.split()) or council


def _print_matrix(matrix: ThemeMatrix) -> None:
    table = Table(
        title=f"{len(matrix.councils)} councils x {len(matrix.themes)} themes",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        pad_edge=False,
    )
    table.add_column("council", no_wrap=True, overflow="ellipsis", max_width=16)
    for number, _ in enumerate(matrix.themes, start=1):
        table.add_column(str(number), justify="right", no_wrap=True, min_width=2)
    for council in matrix.councils:
        cells = [_CELL.get(matrix.cell(council, t.theme_id) or "", "") for t in matrix.themes]
        table.add_row(escape(_short_name(council)), *cells)
    console.print(table)
    legend = "; ".join(f"{n} {escape(t.name)}" for n, t in enumerate(matrix.themes, start=1))
    console.print(f"[dim]- shortfall, + strength, ± both, · descriptive. Themes: {legend}[/dim]")
