"""`cqc-themes labels review|import|export`: researchers check and correct the labels."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.markup import escape
from rich.table import Table

from cqc_themes.cli.context import fail, open_corpus
from cqc_themes.cli.output import console, error_console
from cqc_themes.errors import CqcThemesError
from cqc_themes.records import StoredFinding

labels_app = typer.Typer(
    help="Review the labels the model is least sure of, import corrections, export them.",
    no_args_is_help=True,
)

# Scripts and spreadsheets depend on these keys: add new ones at the end, never rename.
REVIEW_KEYS = (
    "finding_id",
    "council",
    "quality_statement",
    "subheading",
    "page",
    "text",
    "label",
    "label_confidence",
    "correct_label",
)
LABEL_EXPORT_KEYS = (
    "finding_id",
    "council",
    "published",
    "quality_statement",
    "section",
    "subheading",
    "page",
    "statement_score",
    "text",
    "label",
    "label_confidence",
    "label_source",
    "corrected_at",
)


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


OutFile = Annotated[
    Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
]


@labels_app.command("review")
def review(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many findings to list.")] = 50,
    output_format: Annotated[
        RowFormat,
        typer.Option(
            "--format",
            help="table (to read), csv (for Excel: UTF-8 with a byte-order mark) or jsonl.",
        ),
    ] = RowFormat.table,
    out: OutFile = None,
) -> None:
    """List the findings the model is least sure of, to correct.

    Least sure first, spread over councils and statements, with an empty correct_label
    column to fill in (strength, improvement or context) and import again. Rows left
    empty are skipped on import.

        cqc-themes labels review --limit 100 --format csv -o review.csv

        cqc-themes labels import review.csv
    """
    from cqc_themes.models.review import findings_to_review

    with open_corpus(ctx) as corpus:
        findings = findings_to_review(corpus, limit)
    if not findings:
        error_console.print("note: no model labels to review; run `cqc-themes classify` first")
    rows = [_review_row(finding) for finding in findings]
    if output_format is RowFormat.table and out is None:
        _print_table(rows)
        return
    with _output(out) as handle:
        _write(
            rows,
            REVIEW_KEYS,
            RowFormat.csv if output_format is RowFormat.table else output_format,
            handle,
        )
    if out:
        error_console.print(f"Wrote {len(rows)} finding(s) to {out}", highlight=False)


@labels_app.command("import")
def import_(
    ctx: typer.Context,
    corrections_file: Annotated[
        Path,
        typer.Argument(
            help="CSV or JSON lines: finding_id (or council and text) and "
            "correct_label (or label).",
            show_default=False,
        ),
    ],
) -> None:
    """Store corrected labels as the researcher's.

    Rows name a finding by finding_id, or by council and text (case and spacing do not
    matter). Corrections are never overwritten by `classify`; the next `classify`
    teaches them to the model and relabels the other findings.

        cqc-themes labels import review.csv

        cqc-themes classify
    """
    from cqc_themes.models.correction_import import import_corrections

    with open_corpus(ctx) as corpus:
        try:
            summary = import_corrections(corpus, corrections_file)
        except CqcThemesError as error:
            raise fail(str(error)) from None
    console.print(
        f"{summary.matched} of {summary.rows} row(s) matched a finding: {summary.changed} "
        f"label(s) changed, {summary.already_right} already right."
    )
    if summary.skipped:
        console.print(f"{summary.skipped} row(s) with an empty correct_label were skipped.")
    for row in summary.unmatched:
        error_console.print(
            f"[yellow]warning:[/yellow] {corrections_file}: "
            f"{escape(row.describe())} matches no finding",
            highlight=False,
        )
    if summary.matched:
        console.print("Run `cqc-themes classify` to teach the model the corrections.")
    if summary.unmatched:
        raise typer.Exit(code=1)


@labels_app.command("export")
def export(
    ctx: typer.Context,
    corrected: Annotated[
        bool, typer.Option("--corrected", help="Only the researchers' corrections.")
    ] = False,
    output_format: Annotated[
        RowFormat,
        typer.Option("--format", help="jsonl, csv (UTF-8 with a byte-order mark) or table."),
    ] = RowFormat.jsonl,
    out: OutFile = None,
) -> None:
    """Write labelled findings with their label and who gave it.

    label_source is "model" or "researcher"; corrected_at is set for corrections.

        cqc-themes labels export --corrected --format csv -o corrections.csv
    """
    with open_corpus(ctx) as corpus:
        if corrected:
            rows = [_export_row(c.finding, c.corrected_at) for c in corpus.corrected_findings()]
        else:
            rows = [
                _export_row(finding, None)
                for finding in corpus.findings()
                if finding.label is not None
            ]
    if output_format is RowFormat.table and out is None:
        _print_table(rows, ("finding_id", "council", "text", "label", "label_source"))
        return
    with _output(out) as handle:
        _write(
            rows,
            LABEL_EXPORT_KEYS,
            RowFormat.csv if output_format is RowFormat.table else output_format,
            handle,
        )


def _review_row(finding: StoredFinding) -> dict[str, object]:
    return {
        "finding_id": finding.finding_id,
        "council": finding.council,
        "quality_statement": finding.quality_statement,
        "subheading": finding.subheading,
        "page": finding.page,
        "text": finding.text,
        "label": finding.label,
        "label_confidence": finding.label_confidence,
        "correct_label": None,
    }


def _export_row(finding: StoredFinding, corrected_at: str | None) -> dict[str, object]:
    return {
        "finding_id": finding.finding_id,
        "council": finding.council,
        "published": finding.published_iso,
        "quality_statement": finding.quality_statement,
        "section": finding.section,
        "subheading": finding.subheading,
        "page": finding.page,
        "statement_score": finding.statement_score,
        "text": finding.text,
        "label": finding.label,
        "label_confidence": finding.label_confidence,
        "label_source": finding.label_source,
        "corrected_at": corrected_at,
    }


@contextmanager
def _output(out: Path | None):
    if out is None:
        yield sys.stdout
        return
    try:
        handle = open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise fail(f"{out}: cannot write ({error.strerror})") from None
    with handle:
        yield handle


def _write(
    rows: list[dict[str, object]], keys: tuple[str, ...], output_format: RowFormat, handle: TextIO
) -> None:
    if output_format is RowFormat.csv:
        handle.write("\ufeff")  # the byte-order mark Excel needs to read UTF-8
        writer = csv.DictWriter(handle, fieldnames=keys, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(
            {key: "" if row[key] is None else row[key] for key in keys} for row in rows
        )
    else:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _print_table(
    rows: list[dict[str, object]],
    columns: tuple[str, ...] = (
        "finding_id",
        "council",
        "quality_statement",
        "text",
        "label",
        "label_confidence",
    ),
) -> None:
    table = Table(show_lines=True)
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(
            *(escape("" if row[column] is None else str(row[column])) for column in columns)
        )
    console.print(table)
