"""The labelled-findings loader: the shipped training set, and clear errors for bad lines."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from cqc_themes.domain import FINDING_LABELS
from cqc_themes.errors import LabelledDataError
from cqc_themes.models.training_data import (
    LabelledFinding,
    load_training_data,
    read_labelled_findings,
)


def _write(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_training_set_has_every_label_in_good_number() -> None:
    findings = load_training_data()
    counts = Counter(finding.label for finding in findings)
    assert set(counts) == set(FINDING_LABELS)
    assert min(counts.values()) >= 200
    assert all(finding.text.strip() for finding in findings)


def test_shipped_training_sentences_are_not_repeated() -> None:
    texts = [finding.text for finding in load_training_data()]
    assert len(texts) == len(set(texts))


def test_reads_text_label_and_place_and_ignores_other_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "set.jsonl",
        {"text": "Carers waited months for an assessment.", "label": "improvement",
         "quality_statement": "Assessing needs", "subheading": "Key findings for this quality "
         "statement", "statement_score": 2, "council": "Anywhere Council"},
        {"text": "The council runs two day centres.", "label": "context"},
    )
    assert read_labelled_findings(path) == [
        LabelledFinding("Carers waited months for an assessment.", "improvement",
                        "Assessing needs", "Key findings for this quality statement", 2),
        LabelledFinding("The council runs two day centres.", "context"),
    ]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"text": "Staff were kind.", "label": "praise"}', "'praise'"),
        ('{"text": "Staff were kind."}', '"label"'),
        ('{"text": "", "label": "strength"}', '"text"'),
        ('{"text": "Staff were kind.", "label": "strength"', "not valid JSON"),
        ('["Staff were kind.", "strength"]', "JSON object"),
        ('{"text": "Staff were kind.", "label": "strength", "statement_score": 7}',
         '"statement_score"'),
    ],
)
def test_a_bad_line_is_named_with_file_and_line_number(
    tmp_path: Path, bad_line: str, message: str
) -> None:
    path = _write(tmp_path / "set.jsonl", {"text": "Staff were kind.", "label": "strength"},
                  bad_line)
    with pytest.raises(LabelledDataError) as error:
        read_labelled_findings(path)
    assert f"{path}:2:" in str(error.value)
    assert message in str(error.value)


def test_blank_lines_are_skipped_but_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "set.jsonl", "", {"text": "Staff were kind.", "label": "strength"})
    assert len(read_labelled_findings(path)) == 1
    with pytest.raises(LabelledDataError, match="no labelled findings"):
        read_labelled_findings(_write(tmp_path / "empty.jsonl", ""))


def test_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(LabelledDataError, match="cannot read"):
        read_labelled_findings(tmp_path / "absent.jsonl")
