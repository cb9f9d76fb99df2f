"""Coding findings: several themes to a finding, each with its reason; framework text
never coded; codes kept and redone only for new findings or a changed codebook."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from coded_reports import report

from cqc_themes import Corpus
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.models.codebook import (
    ThemeCoder,
    code_corpus,
    covered_finding_ids,
    default_codebook,
    load_codebook,
)
from cqc_themes.models.codebook.coder import theme_texts
from cqc_themes.records import Codebook, CodebookTheme

KEYWORDS = ThemeCoder(method="keywords")
CARERS_WAIT = "Carers told us they waited months for a carer's assessment."


def codes_of(text: str, coder: ThemeCoder = KEYWORDS, codebook: Codebook | None = None):
    coder.fit(codebook or default_codebook())
    return {code.theme_id: code for code in coder.code([1], [text])}


def test_one_finding_gets_every_theme_it_is_about_with_the_words_that_matched() -> None:
    codes = codes_of(CARERS_WAIT)
    assert {"unpaid_carers", "waiting_lists"} <= codes.keys()
    assert '"Carers"' in codes["unpaid_carers"].reason
    assert '"waited"' in codes["waiting_lists"].reason
    assert "direct_payments" not in codes


def test_genre_phrases_that_only_look_like_a_theme_are_not_coded() -> None:
    # "delay the need for care" is prevention, not a waiting list; care workers are paid.
    assert "waiting_lists" not in codes_of("Reablement helped delay the need for care.")
    assert "unpaid_carers" not in codes_of("Carer workers were recruited from overseas.")
    assert "transitions" in codes_of("Young people had a smooth transition to adult social care.")


def test_a_cited_data_source_does_not_make_a_finding_about_its_subject() -> None:
    # The survey's name says where the figure comes from; the finding is about feeling safe.
    cited = "Fewer people felt safe than elsewhere (Survey of Adult Carers in England, 2024)."
    assert "unpaid_carers" not in codes_of(cited)
    assert "unpaid_carers" in codes_of("Fewer carers felt safe than elsewhere (survey, 2024).")
    assert "unpaid_carers" in codes_of("Carers (about 4,000 in 2024) had a new respite offer.")


def test_every_keyword_of_a_theme_counts_whatever_regular_expression_it_is() -> None:
    """A theme's keywords are searched together first; one that is only found by its own
    pattern (a back-reference to its own group, here a doubled word) still codes."""
    codebook = Codebook(
        name="test",
        source="test",
        themes=(
            CodebookTheme(
                "repeats",
                "Repeats",
                "Repeated words.",
                (),
                (r"\b(respite|short breaks)\b", r"\b(\w+) \1\b"),
            ),
        ),
        fingerprint="test",
    )
    codes = codes_of("People waited waited for help.", codebook=codebook)
    assert codes["repeats"].reason == 'words "waited waited"'
    assert codes_of("Respite was offered.", codebook=codebook)["repeats"].reason == (
        'words "Respite"'
    )
    assert codes_of("People waited for help.", codebook=codebook) == {}


def _unit(vector: list[float]) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / np.linalg.norm(array)


def test_blend_needs_the_meaning_to_confirm_a_keyword_and_finds_themes_without_one() -> None:
    codebook = Codebook(
        name="two",
        source="test",
        themes=(
            CodebookTheme("carers", "Carers", "Unpaid carers.", ("a carer",), (r"\bcarers?\b",)),
            CodebookTheme("money", "Money", "Budgets.", ("the budget",)),
        ),
        fingerprint="test",
    )
    carers_vectors = np.vstack([_unit([1, 0, 0])] * len(theme_texts(codebook.themes[0])))
    money_vectors = np.vstack([_unit([0, 1, 0])] * len(theme_texts(codebook.themes[1])))
    coder = ThemeCoder(method="blend", confirm_threshold=0.3, similarity_threshold=0.8)
    coder.fit(codebook, [carers_vectors, money_vectors])
    texts = ["carers of the budget", "carers in a film", "money was short"]
    vectors = np.vstack([_unit([0.6, 0.8, 0]), _unit([0.1, 0, 1]), _unit([0, 0.9, 0.1])])
    codes = coder.code([1, 2, 3], texts, vectors)
    by_finding = {(c.finding_id, c.theme_id): c for c in codes}
    assert (1, "carers") in by_finding  # keyword, and similar enough (0.6)
    assert (2, "carers") not in by_finding  # keyword, but about something else (0.1)
    assert by_finding[3, "money"].reason.startswith('like "')  # no keyword, close in meaning
    assert by_finding[3, "money"].score == pytest.approx(0.994, abs=0.01)


def test_framework_text_is_never_coded(tmp_path: Path) -> None:
    expect = "People expect support for carers, quick safeguarding and direct payments."
    with Corpus(tmp_path / "c.sqlite") as corpus:
        corpus.add_report(report("Aldcaster Council", [CARERS_WAIT], framework=[expect]))
        code_corpus(corpus, default_codebook(), KEYWORDS)
        coded = CodeStore(corpus).coded_findings()
    assert coded and {item.finding.text for item in coded} == {CARERS_WAIT}


def test_the_sample_reports_framework_sections_get_no_codes(sample_corpus: Corpus) -> None:
    code_corpus(sample_corpus, default_codebook(), KEYWORDS)
    covered = covered_finding_ids(sample_corpus)
    findings = list(sample_corpus.findings())
    framework = [
        f
        for f in findings
        if f.subheading in ("What people expect", "The local authority commitment")
    ]
    assert framework and not covered & {f.finding_id for f in framework}
    assert len(covered) > len(findings) / 3  # and most judging findings are coded


def test_codes_are_kept_and_redone_only_for_new_findings_or_a_changed_codebook(
    tmp_path: Path,
) -> None:
    with Corpus(tmp_path / "c.sqlite") as corpus:
        corpus.add_report(report("Aldcaster Council", [CARERS_WAIT]))
        first = code_corpus(corpus, default_codebook(), KEYWORDS)
        assert (first.recoded, first.newly_coded) == (True, 1)
        again = code_corpus(corpus, default_codebook(), KEYWORDS)
        assert (again.recoded, again.newly_coded, again.reason) == (False, 0, "codes are current")

        corpus.add_report(report("Brindle Council", ["Few people used direct payments."]))
        added = code_corpus(corpus, default_codebook(), KEYWORDS)
        assert (added.recoded, added.newly_coded) == (False, 1)

        own = tmp_path / "own.toml"
        own.write_text(
            '[[theme]]\nid = "payments"\nname = "Payments"\n'
            'definition = "Direct payments."\nkeywords = ["direct payment"]\n'
        )
        changed = code_corpus(corpus, load_codebook(own), KEYWORDS)
        assert changed.recoded and changed.newly_coded == 2
        assert changed.record.codebook_source == str(own)
        themes = {code.theme_id for code in CodeStore(corpus).finding_codes()}
    assert themes == {"payments"}
