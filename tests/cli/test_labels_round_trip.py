"""A researcher's round trip on the sample reports: classify, review the least sure labels,
correct some in the CSV, import, classify again (the model is taught the corrections and
relabels), and the corrections survive `--relabel`; stale labels are relabelled; eval
names the model it measured. Slow: the classifier embeds every finding."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli

from cqc_themes import Corpus
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.records import Label

pytestmark = pytest.mark.slow


@pytest.fixture
def classified_path(sample_corpus_path: Path, shipped_classifier) -> Path:
    result = run_cli("classify", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    return sample_corpus_path


def _rows(path: Path) -> dict[int, tuple[str, str, str]]:
    with Corpus(path) as corpus:
        return {
            row[0]: tuple(row[1:])
            for row in corpus.connection.execute(
                "SELECT finding_id, label, source, model_version FROM labels"
            )
        }


def _review_and_correct(path: Path, tmp_path: Path, count: int) -> dict[int, str]:
    """Review as CSV, give `count` rows a label other than the model's, save, import."""
    review_file = tmp_path / "review.csv"
    result = run_cli(
        "labels", "review", "--limit", "12", "--format", "csv", "-o", review_file, db=path
    )
    assert result.exit_code == 0, result.stderr
    raw = review_file.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 12 and all(row["correct_label"] == "" for row in rows)
    confidences = [float(row["label_confidence"]) for row in rows]
    assert min(confidences) == confidences[0] and max(confidences) < 1.0
    assert len({row["council"] for row in rows}) > 3  # spread, not one report's worst
    corrected = {}
    for row in rows[:count]:
        row["correct_label"] = next(label for label in FINDING_LABELS if label != row["label"])
        corrected[int(row["finding_id"])] = row["correct_label"]
    with open(review_file, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run_cli("labels", "import", review_file, db=path)
    assert result.exit_code == 0, result.stderr
    assert (
        f"{count} of {count} row(s) matched a finding: {count} label(s) changed, 0 already right"
    ) in result.stdout
    assert f"{12 - count} row(s) with an empty correct_label were skipped" in result.stdout
    return corrected


def test_review_correct_import_classify_round_trip(classified_path: Path, tmp_path: Path):
    shipped_rows = _rows(classified_path)
    corrected = _review_and_correct(classified_path, tmp_path, 5)
    result = run_cli("classify", db=classified_path)
    assert result.exit_code == 0, result.stderr
    model_labelled = len(shipped_rows) - len(corrected)
    assert f"Labelled {model_labelled} finding(s)." in result.stdout
    assert f"{model_labelled} of them had labels from an older model (stale)" in result.stdout
    assert "label(s) changed." in result.stdout
    assert "(the shipped model taught 5 correction(s))" in result.stdout
    rows = _rows(classified_path)
    for finding_id, label in corrected.items():
        assert rows[finding_id][:2] == (label, "researcher")
    versions = {version for _, source, version in rows.values() if source == "model"}
    (taught_version,) = versions
    assert "-taught-" in taught_version and taught_version in result.stdout

    again = run_cli("classify", db=classified_path)
    assert "Labelled 0 finding(s)." in again.stdout  # the taught model is current now

    relabelled = run_cli("classify", "--relabel", db=classified_path)
    assert relabelled.exit_code == 0, relabelled.stderr
    assert f"Labelled {model_labelled} finding(s)." in relabelled.stdout
    after = _rows(classified_path)
    for finding_id, label in corrected.items():
        assert after[finding_id][:2] == (label, "researcher")

    exported = run_cli("labels", "export", "--corrected", db=classified_path)
    assert {json.loads(line)["finding_id"] for line in exported.stdout.splitlines()} == set(
        corrected
    )


def test_labels_from_an_older_model_are_relabelled_and_said_so(classified_path: Path) -> None:
    with Corpus(classified_path) as corpus:
        old = list(corpus.findings())[:7]
        corpus.store_labels(
            [
                Label(
                    f.finding_id,
                    "context",
                    0.5,
                    {"strength": 0.25, "improvement": 0.25, "context": 0.5},
                    "finding-classifier-000000000000",
                )
                for f in old
            ]
        )
    result = run_cli("classify", db=classified_path)
    assert result.exit_code == 0, result.stderr
    assert "Labelled 7 finding(s)." in result.stdout
    assert "7 of them had labels from an older model (stale) and were relabelled" in (result.stdout)
    assert "finding-classifier-000000000000" not in {v for *_, v in _rows(classified_path).values()}


def test_eval_names_the_corpus_model_and_warns_about_taught_sentences(
    classified_path: Path, tmp_path: Path
) -> None:
    corrected = _review_and_correct(classified_path, tmp_path, 3)
    with Corpus(classified_path) as corpus:
        taught = [f for f in corpus.findings() if f.finding_id in corrected]
        others = [f for f in corpus.findings() if f.quality_statement][:5]
    labels_file = tmp_path / "held_out.jsonl"
    labels_file.write_text(
        "".join(
            json.dumps(
                {
                    "text": f.text,
                    "label": f.label or "context",
                    "quality_statement": f.quality_statement,
                    "subheading": f.subheading,
                    "statement_score": f.statement_score,
                }
            )
            + "\n"
            for f in [*taught[:2], *others]
        ),
        encoding="utf-8",
    )
    result = run_cli("eval", "classifier", "--labels", labels_file, db=classified_path)
    assert result.exit_code == 0, result.stderr
    assert "this corpus's model: the shipped one taught 3 correction(s)" in result.stdout
    assert "-taught-" in result.stdout
    assert "warning: 2 of them were taught to this corpus's model" in result.stdout
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["taught"] == 2 and figures["corrections"] == 3
    assert 0 <= figures["calibration_error"] <= 1

    plain = run_cli(
        "eval", "classifier", "--labels", labels_file, db=tmp_path / "no-corpus-here.sqlite"
    )
    assert plain.exit_code == 0, plain.stderr
    assert "the shipped model" in plain.stdout and "-taught-" not in plain.stdout


def test_fine_tuning_on_corrections_is_kept_with_the_corpus(
    classified_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cache of taught models of its own, so the first --fine-tune below really trains
    # (the shipped model and the encoder graphs still come from the user's cache).
    monkeypatch.setattr(
        "cqc_themes.models.taught_encoder.default_cache_dir", lambda: tmp_path / "cache"
    )
    corrected = _review_and_correct(classified_path, tmp_path, 4)
    heads_only = run_cli("classify", db=classified_path)
    assert heads_only.exit_code == 0, heads_only.stderr
    (heads_version,) = {v for _, source, v in _rows(classified_path).values() if source == "model"}

    tuned = run_cli("classify", "--fine-tune", db=classified_path)
    assert tuned.exit_code == 0, tuned.stderr
    assert "fine-tuning the encoder on 4 correction(s)" in tuned.stderr
    assert "(the shipped model taught 4 correction(s), encoder fine-tuned)" in tuned.stdout
    rows = _rows(classified_path)
    (tuned_version,) = {v for _, source, v in rows.values() if source == "model"}
    assert "-taught-" in tuned_version and tuned_version != heads_version
    assert f"Labelled {len(rows) - len(corrected)} finding(s)." in tuned.stdout
    for finding_id, label in corrected.items():
        assert rows[finding_id][:2] == (label, "researcher")

    # The choice is the corpus's: a plain classify keeps the fine-tuned model, and
    # --no-fine-tune goes back to refitting the heads (the same model as before).
    again = run_cli("classify", db=classified_path)
    assert "Labelled 0 finding(s)." in again.stdout
    back = run_cli("classify", "--no-fine-tune", db=classified_path)
    assert back.exit_code == 0, back.stderr
    assert {v for _, source, v in _rows(classified_path).values() if source == "model"} == {
        heads_version
    }
    # Fine-tuned once for these corrections: switching back reads it from the cache.
    cached = run_cli("classify", "--fine-tune", db=classified_path)
    assert cached.exit_code == 0, cached.stderr
    assert "fine-tuning the encoder" not in cached.stderr
    assert {v for _, source, v in _rows(classified_path).values() if source == "model"} == {
        tuned_version
    }
