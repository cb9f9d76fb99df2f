"""`labels review` picks the least sure model labels, spread over councils and statements,
and never a correction or framework text."""

from __future__ import annotations

from cqc_themes import Corpus
from cqc_themes.domain import FRAMEWORK_SUBHEADINGS
from cqc_themes.models.review import findings_to_review
from cqc_themes.records import Correction, Label


def _label(finding_id: int, confidence: float) -> Label:
    rest = round((1 - confidence) / 2, 4)
    return Label(
        finding_id,
        "strength",
        confidence,
        {"strength": confidence, "improvement": rest, "context": rest},
        "model-a",
    )


def test_least_sure_first_in_turns_over_councils_and_statements(sample_corpus: Corpus):
    findings = list(sample_corpus.findings())
    # The first council's findings are all the least sure; a plain sort would list only it.
    first_council = findings[0].council
    sample_corpus.store_labels(
        [
            _label(
                f.finding_id,
                0.34 + (0.0 if f.council == first_council else 0.3) + f.finding_id * 1e-5,
            )
            for f in findings
        ]
    )
    sample_corpus.store_corrections([Correction(findings[0].finding_id, "context")])
    chosen = findings_to_review(sample_corpus, 30)
    assert len(chosen) == 30
    assert chosen[0].council == first_council
    assert chosen[0].label_confidence == min(f.label_confidence for f in chosen[:5])
    assert len({f.council for f in chosen}) > 3
    assert len({(f.council, f.section) for f in chosen}) == 30
    assert findings[0].finding_id not in {f.finding_id for f in chosen}
    assert not {f.subheading for f in chosen} & FRAMEWORK_SUBHEADINGS


def test_nothing_to_review_before_classify(sample_corpus: Corpus) -> None:
    assert findings_to_review(sample_corpus, 10) == []
