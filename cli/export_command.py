"""`cqc-themes export findings`: every finding as JSON lines or CSV, for other tools."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from cqc_themes.cli import filters
from cqc_themes.cli.context import fail, note, open_corpus
from cqc_themes.cli.output import BYTE_ORDER_MARK, CSV_ENCODING, csv_cell, finding_row, output_file
from cqc_themes.errors import CqcThemesError
from cqc_themes.records import StoredFinding

export_app = typer.Typer(help="Export corpus contents for scripts, Excel or other tools.")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _write_findings(
    findings: Iterable[StoredFinding], output_format: ExportFormat, handle: TextIO
) -> int:
    """Findings in the output contract's keys, one a line or row; returns how many."""
    written = 0
    writer: csv.DictWriter | None = None
    for finding in findings:
        row = finding_row(finding)
        if output_format is ExportFormat.jsonl:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
        written += 1
    return written


@export_app.command("findings")
def export_findings(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl (one JSON object a line) or csv.")
    ] = ExportFormat.jsonl,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (default: standard output); missing folders are created.",
        ),
    ] = None,
    council: filters.Council = None,
    statement: filters.Statement = None,
    theme: filters.Theme = None,
    rating: filters.Rating = None,
    label: filters.Label = None,
) -> None:
    """Write one record per finding with its council, theme, statement, page and score.

    Keys as in the README's "Output contract": finding_id, report_id, council, rating,
    published, theme, quality_statement, section, subheading, finer_subheading, page,
    statement_score, text, label, label_confidence, theme_id, theme_name. CSV is UTF-8
    with a byte-order mark, so Excel shows curly quotes and dashes as printed.

        cqc-themes export findings --format csv -o findings.csv
    """
    finding_filter = filters.finding_filter(council, statement, theme, rating, None, label)
    try:
        path = output_file(out) if out else None
    except CqcThemesError as error:
        raise fail(str(error)) from None
    with open_corpus(ctx) as corpus:
        findings = corpus.findings(finding_filter)
        if path is None:
            if output_format is ExportFormat.csv:
                sys.stdout.write(BYTE_ORDER_MARK)
            _write_findings(findings, output_format, sys.stdout)
            return
        encoding = CSV_ENCODING if output_format is ExportFormat.csv else "utf-8"
        with open(path, "w", encoding=encoding, newline="") as handle:
            written = _write_findings(findings, output_format, handle)
    note(f"wrote {written} finding(s) to {path}")
