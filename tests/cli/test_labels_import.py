"""`cqc-themes labels import` on the sample corpus: corrections are stored as the
researcher's, and a bad file (unknown label, malformed row, no match) leaves the corpus
as it was. No model is needed: corrections can come before any `classify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from run_cli import run_cli

from cqc_themes import Corpus, FindingFilter


def _labels(path: Path) -> list[tuple]:
    with Corpus(path) as corpus:
        return [
            tuple(row)
            for row in corpus.connection.execute(
                "SELECT finding_id, label, source, model_version FROM labels ORDER BY finding_id"
            )
        ]


def _findings(path: Path, count: int):
    with Corpus(path) as corpus:
        return [f for f in corpus.findings() if f.quality_statement][:count]


def test_csv_by_id_and_jsonl_by_council_and_text_are_stored_as_the_researchers(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    first, second, third = _findings(sample_corpus_path, 3)
    csv_file = tmp_path / "review.csv"
    # As Excel saves "CSV UTF-8": a byte-order mark, CRLF line ends.
    csv_file.write_text(
        "\ufefffinding_id,council,text,label,correct_label\r\n"
        f'{first.finding_id},x,"ignored",context,Strength\r\n'
        f'{second.finding_id},x,"ignored",context,\r\n',
        encoding="utf-8",
    )
    result = run_cli("labels", "import", csv_file, db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert "1 of 1 row(s) matched a finding: 1 label(s) changed, 0 already right" in result.stdout
    assert "1 row(s) with an empty correct_label were skipped" in result.stdout

    shouted = "  " + "  ".join(third.text.upper().split()) + " "
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(
        json.dumps({"council": third.council.lower(), "text": shouted, "label": "improvement"})
        + "\n",
        encoding="utf-8",
    )
    result = run_cli("labels", "import", jsonl, db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert "1 of 1 row(s) matched" in result.stdout

    stored = {row[0]: row[1:3] for row in _labels(sample_corpus_path)}
    assert stored[first.finding_id] == ("strength", "researcher")
    assert stored[third.finding_id] == ("improvement", "researcher")
    assert second.finding_id not in stored

    exported = run_cli("labels", "export", "--corrected", db=sample_corpus_path)
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(r["finding_id"], r["label"], r["label_source"]) for r in rows] == [
        (first.finding_id, "strength", "researcher"),
        (third.finding_id, "improvement", "researcher"),
    ]
    assert all(r["corrected_at"] and r["label_confidence"] == 1.0 for r in rows)
    with Corpus(sample_corpus_path) as corpus:
        improvements = list(corpus.findings(FindingFilter(label="improvement")))
    assert [(f.finding_id, f.label_source) for f in improvements] == [
        (third.finding_id, "researcher")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"finding_id": FIRST, "label": "strength"}\n{"finding_id": FIRST, "label": "good"}\n',
            ":2: label 'good' is not one of strength, improvement, context",
        ),
        (
            '{"finding_id": FIRST, "label": "strength"}\n'
            '{"finding_id": "abc", "label": "context"}\n',
            ":2: finding_id 'abc' is not a whole number",
        ),
        ('{"finding_id": FIRST, "label": "strength"}\nnot json\n', ":2: not valid JSON"),
        (
            '{"finding_id": FIRST, "label": "strength"}\n{"label": "context", "text": "x"}\n',
            ":2: needs a finding_id, or a council and the finding's text",
        ),
    ],
)
def test_a_bad_row_is_one_line_naming_it_and_nothing_is_imported(
    sample_corpus_path: Path, tmp_path: Path, content: str, message: str
) -> None:
    (first,) = _findings(sample_corpus_path, 1)
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(content.replace("FIRST", str(first.finding_id)), encoding="utf-8")
    before = _labels(sample_corpus_path)
    result = run_cli("labels", "import", corrections, db=sample_corpus_path)
    assert result.exit_code == 1
    assert message in result.stderr and "nothing was imported" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert _labels(sample_corpus_path) == before


def test_rows_matching_no_finding_are_named_and_change_nothing(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        "council,text,correct_label\n"
        "Nowhere Council,A sentence no report holds.,strength\n"
        "Nowhere Council,Another one.,context\n",
        encoding="utf-8",
    )
    before = _labels(sample_corpus_path)
    result = run_cli("labels", "import", corrections, db=sample_corpus_path)
    assert result.exit_code == 1
    assert "0 of 2 row(s) matched a finding" in result.stdout
    assert "line 2: Nowhere Council: 'A sentence no report holds.' matches no finding" in (
        result.stderr
    )
    assert "line 3:" in result.stderr
    assert _labels(sample_corpus_path) == before


def test_a_csv_row_with_a_missing_cell_is_refused(sample_corpus_path: Path, tmp_path: Path):
    (first,) = _findings(sample_corpus_path, 1)
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        f"finding_id,correct_label\n{first.finding_id},strength\n7\n", encoding="utf-8"
    )
    result = run_cli("labels", "import", corrections, db=sample_corpus_path)
    assert result.exit_code == 1
    assert ":3: has fewer cells than the header" in result.stderr
    assert _labels(sample_corpus_path) == []


def test_text_pasted_across_our_sentence_boundaries_still_finds_its_findings(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    with Corpus(sample_corpus_path) as corpus:
        findings = [f for f in corpus.findings() if f.quality_statement]
    first, second, third = findings[:3]
    assert first.council == second.council == third.council
    # A bullet, straight quotes and squeezed spacing, as a PDF viewer or Word may give them.
    two_sentences = "• " + f"{first.text}  {second.text}".replace("’", "'").replace("‘", "'")
    part = third.text[: max(40, len(third.text) // 2)].rstrip()
    corrections = tmp_path / "pasted.jsonl"
    corrections.write_text(
        "".join(
            json.dumps({"council": first.council, "text": text, "label": label}) + "\n"
            for text, label in (
                (two_sentences, "improvement"),
                (part, "strength"),
                ("the", "context"),
            )
        ),
        encoding="utf-8",
    )
    result = run_cli("labels", "import", corrections, db=sample_corpus_path)
    assert "2 of 3 row(s) matched a finding" in result.stdout
    assert "line 3:" in result.stderr and "matches no finding" in result.stderr
    stored = {row[0]: row[1] for row in _labels(sample_corpus_path)}
    assert stored == {
        first.finding_id: "improvement",
        second.finding_id: "improvement",
        third.finding_id: "strength",
    }
