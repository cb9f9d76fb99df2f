"""The corpus's content state: the same while nothing a digest reads changes, different
after any change that could change it (what lets a stored digest be reused safely)."""

from __future__ import annotations

from pathlib import Path

from cqc_themes import Corpus
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.records import Correction, Label


def _label(finding_id: int, label: str, confidence: float) -> Label:
    others = {name: round((1 - confidence) / 2, 4) for name in FINDING_LABELS}
    return Label(
        finding_id=finding_id,
        label=label,
        confidence=confidence,
        probabilities={**others, label: confidence},
        model_version="finding-classifier-test",
    )


def test_the_state_stands_until_something_a_digest_reads_changes(
    sample_corpus_path: Path,
) -> None:
    with Corpus(sample_corpus_path) as corpus:
        finding = next(iter(corpus.findings()))
        states = [corpus.content_state()]
        assert corpus.content_state() == states[0]
        corpus.store_labels([_label(finding.finding_id, "context", 0.6)])
        states.append(corpus.content_state())
        corpus.store_labels([_label(finding.finding_id, "context", 0.7)])
        states.append(corpus.content_state())
        corpus.store_corrections([Correction(finding.finding_id, "strength")])
        states.append(corpus.content_state())
        corpus.set_setting("teaching", "fine-tune")
        states.append(corpus.content_state())
    with Corpus(sample_corpus_path) as reopened:
        assert reopened.content_state() == states[-1]
    assert len(set(states)) == len(states)
