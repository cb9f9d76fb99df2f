"""Corpus files that cannot be used as they are: refused in one line, never overwritten.

Covers schema versions, files that are not a corpus, damaged corpora, a location the
user cannot write to, and a disk that fills up during ingest. Read-only and full-disk
cases use the real thing where this machine allows it (dropping root's override of
file permissions; a tiny tmpfs in a private mount namespace) and SQLite's own read-only
mode and page limit everywhere.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cqc_themes import Corpus, ingest
from cqc_themes.corpus import connection as corpus_connection
from cqc_themes.errors import CorpusError
from reliability.harness import (
    INSTALLED_CLI,
    CliLauncher,
    check_corpus,
    copy_corpus,
    make_variants,
    sample_pdfs,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_refused(launcher: CliLauncher, path: Path, sample: Path, work: Path) -> str:
    """Library and every corpus command refuse `path` in one line and leave it untouched."""
    digest, neighbours = _digest(path), set(path.parent.iterdir())
    with pytest.raises(CorpusError) as refusal:
        Corpus(path)
    message = str(refusal.value)
    assert "\n" not in message and path.name in message
    for command in (["ingest", str(sample)], ["search", "carers"], ["reports"]):
        result = launcher.run(["--db", str(path), *command], work / "refused")
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert _digest(path) == digest, "a refused file was written to"
    assert set(path.parent.iterdir()) == neighbours, "files appeared beside a refused corpus"
    return message


# Schema versions -------------------------------------------------------------------------


def test_a_corpus_from_a_newer_cqc_themes_is_refused_untouched(
    launcher: CliLauncher, ingested_samples: Path, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    (tmp_path / "corpus").mkdir()
    path = copy_corpus(ingested_samples, tmp_path / "corpus" / "corpus.sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {corpus_connection.SCHEMA_VERSION + 1}")
    connection.close()
    message = _assert_refused(launcher, path, sample_pdfs[0], tmp_path)
    assert "newer" in message and "upgrade cqc-themes" in message


# Files that are not a corpus --------------------------------------------------------------


def _noise(size: int) -> bytes:
    return random.Random(size).randbytes(size)


NOT_A_CORPUS = {
    "a PDF": lambda: sample_pdfs()[0].read_bytes(),
    "a CSV file": lambda: b"council,rating\nBrackenford,Good\n" * 50,
    "random bytes": lambda: _noise(50_000),
    "an SQLite header on garbage": lambda: b"SQLite format 3\x00" + _noise(9000),
}


@pytest.mark.parametrize("kind", NOT_A_CORPUS)
def test_a_file_that_is_not_a_corpus_is_refused_untouched(
    kind: str, launcher: CliLauncher, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = folder / "corpus.sqlite"
    path.write_bytes(NOT_A_CORPUS[kind]())
    _assert_refused(launcher, path, sample_pdfs[0], tmp_path)


def test_another_programs_sqlite_database_is_refused_untouched(
    launcher: CliLauncher, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = folder / "contacts.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Ada', '01234')")
    connection.close()
    message = _assert_refused(launcher, path, sample_pdfs[0], tmp_path)
    assert "not a cqc-themes corpus" in message


# Damaged corpora ------------------------------------------------------------------------


PAGE_SIZE = 4096


def _overwrite_pages(path: Path, first_page: int, count: int, seed: int) -> None:
    """Garbage over `count` pages from `first_page` (0 holds the file header)."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for page in range(first_page, first_page + count):
        data[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] = rng.randbytes(PAGE_SIZE)
    path.write_bytes(bytes(data))


def _page_at(path: Path, fraction: float) -> int:
    return int(path.stat().st_size // PAGE_SIZE * fraction)


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


DAMAGE = {
    "garbage over pages in the middle": lambda path: _overwrite_pages(
        path, _page_at(path, 0.5), 8, 1
    ),
    "garbage over the pages after the header": lambda path: _overwrite_pages(path, 1, 3, 2),
    "garbage near the end": lambda path: _overwrite_pages(path, _page_at(path, 0.9), 4, 3),
    "cut off half-way (an interrupted copy)": _cut_in_half,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_corpus_is_refused_untouched(
    damage: str,
    launcher: CliLauncher,
    ingested_samples: Path,
    sample_pdfs: list[Path],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = copy_corpus(ingested_samples, folder / "corpus.sqlite")
    DAMAGE[damage](path)
    message = _assert_refused(launcher, path, sample_pdfs[0], tmp_path)
    assert "damaged" in message


def test_a_corpus_that_opened_cleanly_is_checked_again_once_damaged(
    ingested_samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A clean check is remembered (so a large corpus opens fast), but only for the file
    # as it was: damage after a clean open is still refused at the next open.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = copy_corpus(ingested_samples, tmp_path / "corpus.sqlite")
    for _ in range(2):
        with Corpus(path, create=False) as corpus:
            assert corpus.count_findings() > 0
    assert list((tmp_path / "cache").rglob("*.json"))  # the clean check was kept
    _overwrite_pages(path, _page_at(path, 0.5), 8, 1)
    with pytest.raises(CorpusError, match="damaged"):
        Corpus(path, create=False)


# A location the user cannot write to -----------------------------------------------------


def _without_permission_override() -> list[str] | None:
    """A command prefix that runs without root's power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_read_only_folder_gets_a_one_line_error_and_no_change(
    ingested_samples: Path, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    prefix = _without_permission_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced here")
    folder = tmp_path / "shared"
    folder.mkdir()
    path = copy_corpus(ingested_samples, folder / "corpus.sqlite")
    digest = _digest(path)
    variant = make_variants(sample_pdfs[:1], tmp_path / "new", 1)[0]
    folder.chmod(0o555)
    try:
        runs = [
            ["--db", str(path), "ingest", str(variant)],
            ["--db", str(path), "search", "carers", "--keyword"],
            ["--db", str(folder / "new.sqlite"), "ingest", str(variant)],
        ]
        processes = [
            subprocess.Popen(
                [*prefix, str(INSTALLED_CLI), *run], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True,
            )
            for run in runs
        ]
        outputs = [process.communicate(timeout=300) for process in processes]
        results = [
            subprocess.CompletedProcess(process.args, process.returncode, *output)
            for process, output in zip(processes, outputs, strict=True)
        ]
    finally:
        folder.chmod(0o755)
    ingest_existing, search, ingest_new = results
    for result in (ingest_existing, ingest_new):
        assert result.returncode == 1, result
        error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(error_lines) == 1 and "cannot write the corpus here" in error_lines[0]
    # Searching needs no write, but SQLite's write-ahead log wants a file beside the
    # corpus; either outcome is fine as long as it is a result or one clear line.
    assert search.returncode == 0 or len(search.stderr.strip().splitlines()) == 1, search
    for result in results:
        assert "Traceback" not in result.stderr
    assert _digest(path) == digest
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.sqlite"]


def test_a_read_only_corpus_fails_each_file_in_one_line(
    sample_corpus_path: Path, sample_pdfs: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite's read-only mode gives the same refusal as a read-only disk, even as root."""
    real_connect = sqlite3.connect

    def read_only(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    before = check_corpus(sample_corpus_path)
    variants = make_variants(sample_pdfs[:3], tmp_path / "new", 3)
    monkeypatch.setattr(corpus_connection.sqlite3, "connect", read_only)
    with Corpus(sample_corpus_path) as corpus:
        summary = ingest(variants, corpus, workers=1)
    monkeypatch.undo()
    assert [outcome.status for outcome in summary.outcomes] == ["failed"] * 3
    for outcome, variant in zip(sorted(summary.outcomes, key=lambda o: o.path), variants,
                                strict=True):
        assert outcome.error and "\n" not in outcome.error
        assert variant.name in outcome.error and "cannot write the corpus here" in outcome.error
    assert check_corpus(sample_corpus_path).reports == before.reports


# A disk that fills up -------------------------------------------------------------------------


def test_a_full_corpus_fails_the_files_that_do_not_fit_and_keeps_the_rest(
    sample_corpus_path: Path, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    """SQLite's page limit stands in for the disk: a few reports fit, the rest fail."""
    before = check_corpus(sample_corpus_path)
    variants = make_variants(sample_pdfs, tmp_path / "new", 9)
    with Corpus(sample_corpus_path) as corpus:
        pages = corpus.connection.execute("PRAGMA page_count").fetchone()[0]
        corpus.connection.execute(f"PRAGMA max_page_count = {pages + 150}")
        summary = ingest(variants, corpus, workers=1)
    failed = summary.failed
    assert failed and summary.count("added"), "the limit should let some reports in, not all"
    for outcome in failed:
        assert outcome.error and "\n" not in outcome.error
        assert outcome.path.name in outcome.error and "disk is full" in outcome.error
    after = check_corpus(sample_corpus_path)
    assert after.ok, after.problems
    assert set(before.reports) <= set(after.reports)
    assert len(after.reports) == len(before.reports) + summary.count("added")


def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {tmp_path}"],
        capture_output=True,
    )
    return probe.returncode == 0


def test_a_full_filesystem_during_ingest_gives_one_line_per_file_and_a_whole_corpus(
    ingested_samples: Path, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    """A real full disk: the corpus on a tmpfs with room for about one more report."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if not _can_mount_tmpfs(mount_point):
        pytest.skip("needs root and unshare to mount a private tmpfs")
    corpus = copy_corpus(ingested_samples, tmp_path / "corpus.sqlite")
    before = check_corpus(corpus)
    variants = make_variants(sample_pdfs, tmp_path / "new", 9)
    size_kib = corpus.stat().st_size // 1024 + 320
    out = tmp_path / "out"
    out.mkdir()
    script = (
        f"mount -t tmpfs -o size={size_kib}k tmpfs {mount_point} && "
        f"cp {corpus} {mount_point}/corpus.sqlite && "
        f"{INSTALLED_CLI} --db {mount_point}/corpus.sqlite ingest --workers 1 "
        + " ".join(map(str, variants))
        + f" > {out}/stdout 2> {out}/stderr; echo $? > {out}/returncode; "
        f"cp {mount_point}/corpus.sqlite* {out}/"
    )
    subprocess.run(["unshare", "-m", "sh", "-c", script], check=True, timeout=300)
    stderr = (out / "stderr").read_text()
    assert (out / "returncode").read_text().strip() == "1", stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), stderr
    assert all("disk is full" in line for line in lines), stderr
    named = {variant.name for variant in variants if any(variant.name in line for line in lines)}
    assert len(named) == len(lines)
    after = check_corpus(out / "corpus.sqlite")
    assert after.ok, after.problems
    assert set(before.reports) <= set(after.reports)
