"""`cqc-themes export findings`: every finding as JSON lines or CSV, for other tools."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cqc_themes.cli import filters
from cqc_themes.cli.context import open_corpus
from cqc_themes.records import StoredFinding

export_app = typer.Typer(help="Export corpus contents for scripts, Excel or other tools.")

# Scripts depend on these keys: add new ones at the end, never rename.
FINDING_EXPORT_KEYS = (
    "finding_id", "council", "rating", "published", "theme", "quality_statement", "section",
    "subheading", "finer_subheading", "page", "statement_score", "text", "label",
    "label_confidence", "topic", "topic_label",
)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def export_record(finding: StoredFinding) -> dict[str, object]:
    record = {key: getattr(finding, key, None) for key in FINDING_EXPORT_KEYS}
    record["published"] = finding.published_iso
    return record


@export_app.command("findings")
def export_findings(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl (one JSON object a line) or csv.")
    ] = ExportFormat.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    council: filters.Council = None,
    statement: filters.Statement = None,
    theme: filters.Theme = None,
    rating: filters.Rating = None,
    label: filters.Label = None,
) -> None:
    """Write one record per finding with its council, theme, statement, page and score.

    Keys: finding_id, council, rating, published, theme, quality_statement, section,
    subheading, finer_subheading, page, statement_score, text, label, label_confidence,
    topic, topic_label.

        cqc-themes export findings --format csv -o findings.csv
    """
    finding_filter = filters.finding_filter(council, statement, theme, rating, None, label)
    with open_corpus(ctx) as corpus:
        handle = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout  # noqa: SIM115
        try:
            records = (export_record(f) for f in corpus.findings(finding_filter))
            if output_format is ExportFormat.csv:
                writer = csv.DictWriter(handle, fieldnames=FINDING_EXPORT_KEYS)
                writer.writeheader()
                writer.writerows(records)
            else:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out:
                handle.close()
