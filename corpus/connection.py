"""Opens the corpus file safely: WAL mode, schema migration, clear refusals.

A file that is not SQLite, is damaged, or comes from a newer cqc-themes is refused with
a message and never written to; only an empty or missing file gets a fresh schema.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from cqc_themes.corpus.integrity_check import refuse_if_damaged
from cqc_themes.errors import CorpusError

DB_ENVIRONMENT_VARIABLE = "CQC_THEMES_DB"


def default_corpus_path() -> Path:
    """$CQC_THEMES_DB, else the per-user data folder ($XDG_DATA_HOME/cqc-themes)."""
    if os.environ.get(DB_ENVIRONMENT_VARIABLE):
        return Path(os.environ[DB_ENVIRONMENT_VARIABLE]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "cqc-themes" / "corpus.sqlite"


@dataclass(frozen=True)
class Migration:
    """One step of the schema: `migrations/NNNN_slug.sql` takes a corpus to version NNNN."""

    version: int
    name: str
    sql: str


def migrations() -> tuple[Migration, ...]:
    """Every schema step shipped with the package, oldest first."""
    steps = []
    for entry in files("cqc_themes.corpus").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.fullmatch(entry.name)
        if match:
            steps.append(
                Migration(int(match["version"]), match["slug"], entry.read_text(encoding="utf-8"))
            )
    return tuple(sorted(steps, key=lambda step: step.version))


_MIGRATION_NAME = re.compile(r"(?P<version>\d{4})_(?P<slug>\w+)\.sql")
# The newest schema this cqc-themes writes: the number of its last migration.
SCHEMA_VERSION = migrations()[-1].version


def _schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; refuses a newer corpus or another program's database."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CorpusError(
            f"{path}: corpus schema version {version} is newer than this cqc-themes "
            f"understands ({SCHEMA_VERSION}); upgrade cqc-themes"
        )
    if version == 0:
        tables = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        if tables:
            raise CorpusError(f"{path}: an SQLite file, but not a cqc-themes corpus")
    return version


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Runs every step newer than `version`, in order, as one transaction."""
    pending = [step for step in migrations() if step.version > version]
    if not pending:
        return
    # One transaction for all steps: a crash part-way leaves the file at the version it
    # had (an empty file stays empty, not half a schema the next open would refuse).
    script = "\n".join(f"-- {step.version:04d} {step.name}\n{step.sql}" for step in pending)
    try:
        connection.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {pending[-1].version};\nCOMMIT;"
        )
    except sqlite3.Error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def open_connection(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """An open, migrated connection to the corpus at `path`."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise CorpusError(f"{path}: no corpus here yet; run `cqc-themes ingest` first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CorpusError(
                f"{path}: cannot create the corpus folder ({error.strerror})"
            ) from error
    elif path.is_dir():
        raise CorpusError(f"{path}: is a folder; give the corpus file's path")
    elif path.stat().st_size and not _has_sqlite_header(path):
        raise CorpusError(f"{path}: not an SQLite file; refusing to touch it")
    try:
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        raise corpus_error(path, error) from error
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("PRAGMA foreign_keys = ON")
        # Checked before the journal mode is set: switching to WAL writes the file header,
        # and a file that is refused must be left byte for byte as it was.
        version = _schema_version(connection, path)
        refuse_if_damaged(connection, path)
        # WAL lets searches read while ingest writes; NORMAL sync is safe under WAL.
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal" and os.access(path, os.W_OK):
            raise CorpusError(f"{path}: could not switch the corpus to WAL mode")
        connection.execute("PRAGMA synchronous = NORMAL")
        _migrate(connection, version)
        return connection
    except (sqlite3.DatabaseError, CorpusError) as error:
        connection.close()
        if isinstance(error, CorpusError):
            raise
        raise corpus_error(path, error) from error


def _has_sqlite_header(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def corpus_error(path: Path, error: sqlite3.Error) -> CorpusError:
    """A one-line CorpusError naming the file and what SQLite said."""
    text = str(error)
    if "readonly" in text or "unable to open" in text:
        return CorpusError(f"{path}: cannot write the corpus here ({text})")
    if "malformed" in text or "not a database" in text:
        return CorpusError(f"{path}: the corpus file is damaged ({text}); it was left as it is")
    if "disk" in text and "full" in text:
        return CorpusError(f"{path}: the disk is full ({text}); the corpus is as it was")
    return CorpusError(f"{path}: {text}")
