"""Renders rows as a rich table, JSON or CSV: every listing command's --format."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


console = Console()
error_console = Console(stderr=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


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
        if not rows:
            return
        writer = csv.DictWriter(stream, fieldnames=list(rows[0].keys()), extrasaction="ignore")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    else:
        columns = list(table_columns or (rows[0].keys() if rows else []))
        table = Table(title=title, show_lines=False, expand=False)
        for column in columns:
            table.add_column(column.replace("_", " "), overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(column)) for column in columns))
        console.print(table)
