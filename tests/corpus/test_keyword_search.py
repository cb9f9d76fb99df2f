"""Keyword search: best match first, filters narrow, stems match, bad queries are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus, FindingFilter
from cqc_themes.domain import SUBHEADING_KEY_FINDINGS
from cqc_themes.errors import SearchQueryError

ALL = 10_000


def test_the_finding_matching_most_of_the_query_comes_first(tmp_path: Path) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.add_report(tiny_report("Fenwick Council", [
            "The council ran many services for older people, and one of them offered respite.",
            "Unpaid carers valued respite and short breaks.",
            "Short staffing delayed reviews in the north of the county.",
        ]))
        hits = corpus.search("respite short breaks")
    assert [hit.finding.text for hit in hits] == ["Unpaid carers valued respite and short breaks."]
    assert hits[0].score > 0

    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        hits = corpus.search("respite OR breaks")
    assert hits[0].finding.text == "Unpaid carers valued respite and short breaks."
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_a_phrase_search_finds_only_the_phrase(sample_corpus: Corpus) -> None:
    hits = sample_corpus.search('"unpaid carers"', limit=ALL)
    assert len(hits) >= 9
    assert all("unpaid carers" in hit.finding.text.lower() for hit in hits)


def test_matches_are_marked_in_the_snippet(sample_corpus: Corpus) -> None:
    [hit] = sample_corpus.search("telecare", FindingFilter(council="oakhurst"), limit=1,
                                 markers=("[", "]"))
    assert "[Telecare]" in hit.snippet


def test_stemming_finds_other_forms_of_a_word(sample_corpus: Corpus) -> None:
    texts = [hit.finding.text.lower() for hit in sample_corpus.search("carer", limit=ALL)]
    assert any("carers" in text for text in texts)
    assert any("carer's" in text for text in texts)


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (FindingFilter(council="eastmere"), lambda f: f.council == "London Borough of Eastmere"),
        (FindingFilter(quality_statement="safeguarding"),
         lambda f: f.quality_statement == "Safeguarding"),
        (FindingFilter(theme="leadership"), lambda f: f.theme == "Leadership"),
        (FindingFilter(rating="inadequate"),
         lambda f: f.council in {"Marshbury City Council", "Saltcombe Bay Council"}),
        (FindingFilter(subheading="key findings"),
         lambda f: f.subheading == SUBHEADING_KEY_FINDINGS),
        (FindingFilter(council="kestrel", theme="providing support"),
         lambda f: f.council == "Kestrel Vale County Council" and f.theme == "Providing support"),
    ],
    ids=["council", "statement", "theme", "rating", "subheading", "council+theme"],
)
def test_filters_narrow_the_results(sample_corpus: Corpus, filters: FindingFilter, check) -> None:
    everything = sample_corpus.search("people", limit=ALL)
    narrowed = sample_corpus.search("people", filters, limit=ALL)
    assert 0 < len(narrowed) < len(everything)
    assert all(check(hit.finding) for hit in narrowed)
    # Nothing that passes the filter was left out.
    assert len(narrowed) == sum(check(hit.finding) for hit in everything)


def test_limit_caps_the_number_of_hits(sample_corpus: Corpus) -> None:
    assert len(sample_corpus.search("council", limit=3)) == 3


@pytest.mark.parametrize("query", ["carers AND", "NEAR(", "OR carers", "(carers OR respite"])
def test_misused_operators_are_explained(sample_corpus: Corpus, query: str) -> None:
    # Only FTS5's capitalised operators can be misused: everything else is searched as
    # typed (tests/corpus/test_search_as_typed.py).
    with pytest.raises(SearchQueryError) as raised:
        sample_corpus.search(query)
    message = str(raised.value)
    assert query in message
    assert "operators" in message and "lower case" in message
    assert "\n" not in message


def test_an_empty_query_is_refused(sample_corpus: Corpus) -> None:
    with pytest.raises(SearchQueryError, match="empty"):
        sample_corpus.search("   ")


@pytest.mark.parametrize(
    "query", ["'; DROP TABLE findings; --", "x\" OR 1=1; DELETE FROM reports; --"]
)
def test_sql_looking_queries_do_no_harm(sample_corpus: Corpus, query: str) -> None:
    before = (sample_corpus.count_findings(), len(sample_corpus.reports()))
    try:
        hits = sample_corpus.search(query)
    except SearchQueryError:
        hits = []
    assert hits == []
    assert (sample_corpus.count_findings(), len(sample_corpus.reports())) == before
    assert sample_corpus.search("safeguarding")


@pytest.mark.parametrize("council", ["x' OR '1'='1", "%", "_"])
def test_filter_values_are_matched_literally(sample_corpus: Corpus, council: str) -> None:
    assert sample_corpus.search("people", FindingFilter(council=council)) == []
