"""`cqc-themes ingest` on the sample reports: a summary, exit 0, and a free re-run."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from run_cli import run_cli

from cqc_themes import Corpus


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _page_count(path: Path) -> int:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def test_ingest_prints_the_summary_and_a_rerun_finds_everything_present(
    tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    db = tmp_path / "corpus.sqlite"
    folder = sample_pdfs[0].parent

    first = run_cli("ingest", folder, db=db)

    assert first.exit_code == 0, first.stderr
    with Corpus(db) as corpus:
        findings = corpus.count_findings()
        assert len(corpus.reports()) == len(sample_pdfs)
    pages = sum(_page_count(path) for path in sample_pdfs)
    assert (
        f"Added {len(sample_pdfs)} report(s) ({findings} findings, {pages} pages); "
        "0 already present; 0 failed." in _one_line(first.stdout)
    )
    assert f"Corpus: {db}" in first.stdout
    assert first.stderr.strip() == ""

    again = run_cli("ingest", folder, "--workers", "1", db=db)

    assert again.exit_code == 0
    assert (
        f"Added 0 report(s) (0 findings, 0 pages); {len(sample_pdfs)} already present; 0 failed."
        in _one_line(again.stdout)
    )


def test_ingest_mentions_warnings_and_lists_them_on_request(
    tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    oakhurst = next(p for p in sample_pdfs if p.name == "oakhurst.pdf")

    quiet = run_cli("ingest", oakhurst, "--workers", "1", db=tmp_path / "a.sqlite")
    listed = run_cli("ingest", oakhurst, "--workers", "1", "--warnings",
                     db=tmp_path / "b.sqlite")

    assert quiet.exit_code == listed.exit_code == 0
    assert "1 with warnings (--warnings to list)" in _one_line(quiet.stdout)
    [warning] = [line for line in listed.stderr.splitlines() if line.startswith("warning:")]
    assert "oakhurst.pdf" in warning and "58/100" in warning


def test_an_unknown_engine_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    result = run_cli("ingest", tmp_path, "--engine", "ocr", db=db)
    assert result.exit_code == 2
    assert "pdfium" in result.stderr
    assert not db.exists()


def test_reports_are_numbered_in_file_order_whatever_worker_finishes_first(
    tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    # The largest file first: with two workers the smaller one finishes first, and the
    # report ids (which order topics and listings) must not depend on that.
    by_size = sorted(sample_pdfs, key=lambda path: path.stat().st_size, reverse=True)[:2]
    folder = tmp_path / "pdfs"
    folder.mkdir()
    copies = [folder / f"{index}-{path.name}" for index, path in enumerate(by_size)]
    for source, copy in zip(by_size, copies, strict=True):
        copy.write_bytes(source.read_bytes())
    db = tmp_path / "corpus.sqlite"

    result = run_cli("ingest", folder, "--workers", "2", db=db)

    assert result.exit_code == 0, result.stderr
    with Corpus(db) as corpus:
        by_id = sorted(corpus.reports(), key=lambda report: report.report_id)
    assert [Path(report.source_path).name for report in by_id] == [c.name for c in copies]
