"""How commands print: rows as a rich table, JSON or CSV (every listing's --format), the
finding keys of the output contract, and output files made or refused in one line.

Machine output goes to stdout; notes, progress and errors to stderr. Text from reports or
users is never read as rich markup: table cells are plain `Text`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cqc_themes.domain import LABEL_CONTEXT, LABEL_IMPROVEMENT, LABEL_STRENGTH
from cqc_themes.errors import OutputPathError
from cqc_themes.records import StoredFinding


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


console = Console()
error_console = Console(stderr=True)

# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without one the
# reports' curly quotes and dashes show as garbage.
CSV_ENCODING = "utf-8-sig"
BYTE_ORDER_MARK = "\ufeff"

_LABEL_STYLES = {LABEL_STRENGTH: "green", LABEL_IMPROVEMENT: "red", LABEL_CONTEXT: "dim"}


def finding_row(finding: StoredFinding) -> dict[str, Any]:
    """A finding's keys in the output contract (README "Output contract"), in order."""
    return {
        "finding_id": finding.finding_id,
        "report_id": finding.report_id,
        "council": finding.council,
        "rating": finding.rating,
        "published": finding.published_iso,
        "theme": finding.theme,
        "quality_statement": finding.quality_statement,
        "section": finding.section,
        "subheading": finding.subheading,
        "finer_subheading": finding.finer_subheading,
        "page": finding.page,
        "statement_score": finding.statement_score,
        "text": finding.text,
        "label": finding.label,
        "label_confidence": finding.label_confidence,
        "theme_id": finding.topic,
        "theme_name": finding.topic_label,
    }


def label_text(label: str | None) -> Text:
    """A classifier label as a styled table cell ("" before `classify`)."""
    return Text(label or "", style=_LABEL_STYLES.get(label or "", ""))


def csv_cell(value: Any) -> Any:
    """A value as one CSV cell: lists joined with "; ", other nested values as JSON."""
    if isinstance(value, list | tuple):
        return "; ".join("" if item is None else str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(rows: Sequence[dict[str, Any]], stream: TextIO, *, byte_order_mark: bool) -> None:
    """Rows as CSV with a header of their keys; `byte_order_mark` for a text stream that is
    not already encoding with CSV_ENCODING."""
    if byte_order_mark:
        stream.write(BYTE_ORDER_MARK)
    if not rows:
        return
    writer = csv.DictWriter(stream, fieldnames=list(rows[0].keys()), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)


def write_rows(
    rows: Sequence[dict[str, Any]],
    output_format: OutputFormat,
    *,
    title: str | None = None,
    table_columns: Sequence[str] | None = None,
    stream: TextIO | None = None,
) -> None:
    """Rows as the chosen format; the table shows `table_columns`, the others every key."""
    stream = stream or sys.stdout
    if output_format is OutputFormat.json:
        json.dump(list(rows), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif output_format is OutputFormat.csv:
        write_csv(rows, stream, byte_order_mark=True)
    else:
        columns = list(table_columns or (rows[0].keys() if rows else []))
        table = Table(title=title and Text(title), show_lines=False, expand=False)
        for column in columns:
            table.add_column(column.replace("_", " "), overflow="fold")
        for row in rows:
            table.add_row(*(_table_cell(column, row.get(column)) for column in columns))
        console.print(table)


def _table_cell(column: str, value: Any) -> Text:
    if column == "label":
        return label_text(value)
    if value is None:
        return Text("")
    if isinstance(value, list | tuple):
        return Text(", ".join(map(str, value)))
    if isinstance(value, dict):
        return Text(json.dumps(value, ensure_ascii=False))
    return Text(str(value))


def output_file(path: Path) -> Path:
    """`path` made ready to write a file to: `~` expanded, missing folders created; a
    folder in its place is refused with one line."""
    path = path.expanduser()
    if path.is_dir():
        raise OutputPathError(f"{path} is a folder; give a file name, e.g. {path / 'out.csv'}")
    _make_folder(path.parent)
    return path


def output_folder(path: Path) -> Path:
    """`path` made ready to write files into: `~` expanded, created if missing; a file in
    its place is refused with one line."""
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"{path} is a file, not a folder; choose a folder to write into")
    _make_folder(path)
    return path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputPathError(f"{folder} is a file, so nothing can be written inside it") from None
    except OSError as error:
        raise OutputPathError(f"cannot create folder {folder}: {error.strerror}") from None
