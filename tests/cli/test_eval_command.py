"""`cqc-themes eval classifier`: tables for people, and a last line of JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from run_cli import run_cli

pytestmark = pytest.mark.slow

_HELD_OUT = [
    {"text": "Families praised the short breaks service, which they said was flexible and "
     "reliable.", "label": "strength", "quality_statement": "Care provision, integration "
     "and continuity", "subheading": "Key findings for this quality statement"},
    {"text": "Most people were seen within a week of asking for help.", "label": "strength"},
    {"text": "People waited a long time for equipment, and some went without it for months.",
     "label": "improvement"},
    {"text": "Although leaders were visible, staff said their concerns about caseloads went "
     "unanswered.", "label": "improvement", "subheading": "Key findings for this quality "
     "statement"},
    {"text": "The council employs 640 people in adult social care.", "label": "context"},
    {"text": "I am supported to stay safe in the way I choose.", "label": "context",
     "subheading": "What people expect"},
]


@pytest.fixture
def held_out_file(tmp_path: Path) -> Path:
    path = tmp_path / "held_out.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in _HELD_OUT), encoding="utf-8")
    return path


def test_prints_tables_and_a_last_line_of_json_for_model_and_baselines(
    held_out_file: Path, shipped_classifier
) -> None:
    result = run_cli("eval", "classifier", "--labels", held_out_file)
    assert result.exit_code == 0, result.stderr
    for heading in ("Accuracy and F1", "model: per label", "lexicon baseline: confusion",
                    "zero-shot baseline"):
        assert heading in result.stdout

    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["findings"] == len(_HELD_OUT)
    assert figures["model_version"] == shipped_classifier.model_version_
    for scores in (figures["model"], figures["baselines"]["lexicon"],
                   figures["baselines"]["zero_shot"]):
        assert {"accuracy", "macro_f1", "per_label", "confusion"} <= scores.keys()
        assert 0 <= scores["accuracy"] <= 1 and 0 <= scores["macro_f1"] <= 1
        assert set(scores["per_label"]) == {"strength", "improvement", "context"}
        assert sum(map(sum, scores["confusion"])) == len(_HELD_OUT)


def test_a_bad_labels_file_is_one_error_line_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Staff were kind.", "label": "strength"}\n{"text": "x"}\n',
                    encoding="utf-8")
    result = run_cli("eval", "classifier", "--labels", path)
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr
    assert "Traceback" not in result.stderr
