"""Refuse a damaged corpus when it is opened, not half-way through a command.

`PRAGMA quick_check` reads every page of the file: 20 ms for 153 short reports, but
0.5-1.0 s for 153 full-length ones (347 MB, mostly the embedding cache), which was 40%
of a `search` command. So a file that passed is not checked again while it stays as it
was: the check's result is kept in the user cache against the file's and its WAL's
inode, size and modification time. Anything that writes the file (an ingest, a copy, a
damaged download) changes one of them, and the next open checks again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from cqc_themes.errors import CorpusError
from cqc_themes.user_cache import default_cache_dir


def refuse_if_damaged(connection: sqlite3.Connection, path: Path) -> None:
    """Raise CorpusError naming the damage unless the file checks out (or checked out
    before and has not changed since)."""
    state = _file_state(path)
    record = _record_path(path)
    if state is not None and _recorded(record) == state:
        return
    result = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    if result != "ok":
        detail = " ".join(result.replace("*** in database main ***", "").split())
        raise CorpusError(f"{path}: the corpus file is damaged ({detail}); it was left as it is")
    if state is not None:
        _record(record, state)


def _file_state(path: Path) -> list[list[int] | None] | None:
    """Inode, size and modification time (ns) of the file and of its WAL, if it holds
    anything."""
    try:
        main = path.stat()
    except OSError:
        return None
    try:
        wal = Path(f"{path}-wal").stat()
    except OSError:
        wal = None
    # An empty WAL holds nothing (SQLite makes and removes one as connections come and go).
    wal_state = [wal.st_ino, wal.st_size, wal.st_mtime_ns] if wal and wal.st_size else None
    return [[main.st_ino, main.st_size, main.st_mtime_ns], wal_state]


def _record_path(path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return default_cache_dir() / "checked-corpora" / f"{name}.json"


def _recorded(record: Path) -> object:
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _record(record: Path, state: list) -> None:
    # Only a cache: a read-only home still opens corpora, checking them every time.
    partial = record.with_name(f".{record.name}.{os.getpid()}.partial")
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(state), encoding="utf-8")
        os.replace(partial, record)
    except OSError:
        partial.unlink(missing_ok=True)
