"""Per council and theme: shortfall, strength, both or descriptive, weighing confidence."""

from __future__ import annotations

from pathlib import Path

from coded_reports import label_findings, report

from cqc_themes import Corpus
from cqc_themes.models.codebook import ThemeCoder, judge_council, theme_councils, theme_matrix
from cqc_themes.records import CodedFinding, FindingCode, StoredFinding

KEYWORDS = ThemeCoder(method="keywords")
WELL = "Carers said their carer's assessments were thorough and respite was easy to arrange."
DOUBT = "Some carers were not sure where to go next."
SHORT = "Carers waited too long for respite and many had no assessment of their own."


def coded(
    finding_id: int,
    label: str,
    confidence: float,
    source: str = "model",
    probabilities: dict[str, float] | None = None,
) -> CodedFinding:
    finding = StoredFinding(
        finding_id=finding_id,
        council="Aldcaster Council",
        rating="Good",
        published_iso=None,
        theme=None,
        quality_statement=None,
        section="Assessing needs",
        subheading=None,
        finer_subheading=None,
        page=3,
        statement_score=3,
        text=f"finding {finding_id}",
        label=label,
        label_confidence=confidence,
    )
    code = FindingCode(finding_id, "unpaid_carers", 1.0, "words")
    return CodedFinding(finding, code, probabilities or {}, source)


def test_one_doubtful_sentence_does_not_flip_a_council() -> None:
    judged = judge_council(
        "unpaid_carers",
        "Aldcaster Council",
        [coded(1, "strength", 0.9), coded(2, "improvement", 0.42)],
    )
    assert judged.polarity == "strength"
    assert judged.evidence[0].finding_id == 1  # the strongest evidence first


def test_one_clear_sentence_or_several_doubtful_ones_make_a_shortfall() -> None:
    clear = judge_council("unpaid_carers", "A", [coded(1, "improvement", 0.85)])
    doubtful = judge_council(
        "unpaid_carers", "A", [coded(1, "improvement", 0.4), coded(2, "improvement", 0.45)]
    )
    assert clear.polarity == doubtful.polarity == "shortfall"


def test_findings_the_classifier_hesitates_over_add_up_by_their_probabilities() -> None:
    # Each is labelled context, but each leans a third of the way to strength: three of
    # them make it more likely than not that the report shows a strength somewhere.
    hesitant = {"context": 0.55, "strength": 0.35, "improvement": 0.1}
    one = judge_council("unpaid_carers", "A", [coded(1, "context", 0.55, "model", hesitant)])
    three = judge_council(
        "unpaid_carers", "A", [coded(i, "context", 0.55, "model", hesitant) for i in (1, 2, 3)]
    )
    assert one.polarity == "descriptive"
    assert three.polarity == "strength"
    assert 0.5 < three.strength_weight < 1 and three.shortfall_weight < 0.5


def test_clear_sentences_of_each_kind_make_both_and_context_alone_is_descriptive() -> None:
    both = judge_council(
        "unpaid_carers", "A", [coded(1, "improvement", 0.8), coded(2, "strength", 0.9)]
    )
    assert both.polarity == "both" and both.is_shortfall and both.is_strength
    described = judge_council("unpaid_carers", "A", [coded(1, "context", 0.95)])
    assert described.polarity == "descriptive"


def test_a_researchers_correction_counts_as_certain() -> None:
    model_only = judge_council("unpaid_carers", "A", [coded(1, "improvement", 0.4)])
    corrected = judge_council("unpaid_carers", "A", [coded(1, "improvement", 0.4, "researcher")])
    assert model_only.polarity == "descriptive"
    assert corrected.polarity == "shortfall"
    assert corrected.evidence[0].confidence == 1.0
    assert corrected.evidence[0].label_source == "researcher"


def test_councils_per_theme_from_a_corpus_with_evidence_to_show(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.sqlite") as corpus:
        corpus.add_report(report("Aldcaster Council", [WELL, DOUBT]))
        corpus.add_report(report("Brindle Council", [SHORT]))
        corpus.add_report(report("Cobham Council", ["The budget was balanced."]))
        label_findings(
            corpus,
            {WELL: ("strength", 0.9), DOUBT: ("improvement", 0.45), SHORT: ("improvement", 0.88)},
        )
        carers = theme_councils(corpus, coder=KEYWORDS)[0]
        matrix = theme_matrix(corpus, coder=KEYWORDS)
    assert carers.theme.theme_id == "unpaid_carers"
    assert carers.strength_councils == ("Aldcaster Council",)
    assert carers.shortfall_councils == ("Brindle Council",)
    evidence = carers.judgements[1].evidence[0]
    assert (evidence.council, evidence.page, evidence.text, evidence.label) == (
        "Brindle Council",
        1,
        SHORT,
        "improvement",
    )
    assert '"Carers"' in evidence.reason
    assert matrix.councils == ("Aldcaster Council", "Brindle Council", "Cobham Council")
    assert matrix.cell("Brindle Council", "unpaid_carers") == "shortfall"
    assert matrix.cell("Cobham Council", "unpaid_carers") is None
    assert matrix.cell("Cobham Council", "financial_sustainability") == "descriptive"
