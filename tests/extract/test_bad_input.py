"""Files that are not usable reports: one clear error each, and the good files still go in.

The same inputs go through the CLI in tests/cli/test_ingest_bad_input.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdf_factory import BAD_INPUTS, write_bad_input

from cqc_themes import Corpus, ingest, parse_pdf
from cqc_themes.errors import CqcThemesError, InputFileError

FILE_KINDS = [kind for kind in BAD_INPUTS if kind not in ("empty-folder", "missing")]


@pytest.fixture
def corpus(one_report_corpus_path: Path):
    with Corpus(one_report_corpus_path) as opened:
        yield opened


def findings_by_council(corpus: Corpus) -> dict[str, int]:
    return {report.council: report.findings for report in corpus.reports()}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_fails_alone_with_one_line_naming_file_and_reason(
    kind: str, corpus: Corpus, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    bad = write_bad_input(kind, tmp_path / "inbox", stored_sample)
    before = findings_by_council(corpus)

    summary = ingest([bad, new_sample], corpus, workers=1)

    [failure] = summary.failed
    assert failure.path.name == bad.name
    assert "\n" not in failure.error
    assert bad.name in failure.error
    assert BAD_INPUTS[kind].reason in failure.error
    assert summary.count("added") == 1
    after = findings_by_council(corpus)
    assert {council: after[council] for council in before} == before
    assert set(after) - set(before) == {"London Borough of Eastmere"}


def test_every_bad_input_at_once_through_worker_processes(
    corpus: Corpus, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    inbox = tmp_path / "inbox"
    source = stored_sample
    bad = {write_bad_input(kind, inbox, source).name: kind for kind in BAD_INPUTS}
    before = findings_by_council(corpus)

    summary = ingest(
        [inbox / name for name in bad] + [new_sample], corpus, workers=2
    )

    reasons = {outcome.path.name: outcome.error for outcome in summary.failed}
    assert set(reasons) == set(bad)
    for name, kind in bad.items():
        assert BAD_INPUTS[kind].reason in reasons[name]
    assert summary.count("added") == 1
    assert len(corpus.reports()) == len(before) + 1


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("kind", FILE_KINDS + ["missing"])
def test_parse_pdf_raises_the_matching_error_with_either_engine(
    kind: str, engine: str, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    bad = write_bad_input(kind, tmp_path, stored_sample)
    with pytest.raises(BAD_INPUTS[kind]) as raised:
        parse_pdf(bad, engine=engine)
    assert str(raised.value).startswith(str(bad))
    assert isinstance(raised.value, InputFileError)
    assert isinstance(raised.value, CqcThemesError)


def test_a_folder_is_searched_recursively_and_a_bad_file_in_it_is_named(
    corpus: Corpus, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2025").mkdir(parents=True)
    shutil.copy(new_sample, inbox / "2025" / new_sample.name)
    bad = write_bad_input("not-a-pdf", inbox, stored_sample)

    summary = ingest([inbox], corpus, workers=1)

    assert [outcome.path.name for outcome in summary.failed] == [bad.name]
    assert [outcome.council for outcome in summary.outcomes if outcome.status == "added"] == [
        "London Borough of Eastmere"
    ]
