"""Nestable write transactions and read snapshots on one corpus connection.

The outermost `transaction()` is BEGIN IMMEDIATE (the write lock is taken up front, so a
busy corpus waits at the start rather than failing half-way); an inner one is a
SAVEPOINT, so a failing inner block undoes only its own writes, as sqlite-utils'
`atomic()` does. `snapshot()` is a read transaction: every query in it sees the corpus as
it was at its first read, whatever other processes commit meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cqc_themes.corpus.connection import corpus_error
from cqc_themes.errors import CorpusError


class TransactionState:
    """What is open on one connection: how deep the writes nest, whether a snapshot is."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._write_depth = 0
        self._snapshot_depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block atomically; nested blocks roll back alone (savepoints)."""
        if self._snapshot_depth and not self._write_depth:
            # Upgrading a read snapshot to a write fails whenever another process has
            # committed since it began; refusing always is better than failing sometimes.
            raise CorpusError(
                f"{self._path}: cannot write inside a read snapshot; "
                "open the transaction first, or write after the snapshot"
            )
        depth = self._write_depth
        savepoint = f"corpus_write_{depth}"
        try:
            self._connection.execute(f"SAVEPOINT {savepoint}" if depth else "BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise corpus_error(self._path, error) from error
        self._write_depth += 1
        try:
            yield
        except BaseException as exc:
            self._write_depth = depth
            self._undo(savepoint if depth else None)
            if isinstance(exc, sqlite3.Error):
                # Disk full, read-only file, damaged page: one line, state unchanged.
                raise corpus_error(self._path, exc) from exc
            raise
        self._write_depth = depth
        try:
            self._connection.execute(f"RELEASE {savepoint}" if depth else "COMMIT")
        except sqlite3.Error as error:
            self._undo(savepoint if depth else None)
            raise corpus_error(self._path, error) from error

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in the block sees one committed state of the corpus.

        Inside a write transaction this adds nothing: the transaction already sees only
        itself. Snapshots nest; only the outermost one ends the read transaction."""
        if self._write_depth or self._snapshot_depth:
            self._snapshot_depth += 1
            try:
                yield
            finally:
                self._snapshot_depth -= 1
            return
        try:
            self._connection.execute("BEGIN DEFERRED")
            # A deferred transaction takes its snapshot at its first read, so read now:
            # the snapshot is then the corpus as it was when the block began.
            self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise corpus_error(self._path, error) from error
        self._snapshot_depth = 1
        try:
            yield
        finally:
            self._snapshot_depth = 0
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")  # nothing was written: only ends it

    def _undo(self, savepoint: str | None) -> None:
        # SQLite has already rolled back the whole transaction after some errors (a full
        # disk, an I/O error); then there is no savepoint left to return to.
        if not self._connection.in_transaction:
            return
        if savepoint is None:
            self._connection.execute("ROLLBACK")
        else:
            self._connection.execute(f"ROLLBACK TO {savepoint}")
            self._connection.execute(f"RELEASE {savepoint}")
