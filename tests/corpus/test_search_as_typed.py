"""Keyword search takes a query as typed: punctuation inside words is no syntax, while
"phrases", prefix*, OR, NOT and NEAR keep their FTS5 meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus
from cqc_themes.corpus.search import any_word_query, fts_query, keyword_pool_query

SENTENCES = [
    "Support was person-centred and built on co-production with local groups.",
    "Carers' respite was hard to find, and a 24/7 helpline was promised.",
    "People waited for an OT's assessment for up to six months.",
    "Occupational therapy teams had cleared most of the waiting list.",
    "Unpaid carers said that respite care was offered quickly.",
    "The person leading the team centred the work on outcomes.",
]


@pytest.fixture
def corpus(tmp_path: Path):
    with Corpus(tmp_path / "corpus.sqlite") as opened:
        opened.add_report(tiny_report("Fenwick Council", SENTENCES))
        yield opened


def _texts(corpus: Corpus, query: str) -> set[str]:
    return {hit.finding.text for hit in corpus.search(query, limit=100)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person-centred", {SENTENCES[0]}),  # the phrase, not "person" and not "centred"
        ("co-production", {SENTENCES[0]}),
        ("carers' respite", {SENTENCES[1], SENTENCES[4]}),
        ("24/7", {SENTENCES[1]}),
        ("OT's", {SENTENCES[2]}),
        ("[/b]", set()),
        ("[bold]x", set()),
        ("council:x", set()),
        ('"unpaid carers', {SENTENCES[4]}),  # a phrase left open is closed
    ],
)
def test_plain_queries_find_the_words_as_typed(
    corpus: Corpus, query: str, expected: set[str]
) -> None:
    assert _texts(corpus, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"respite care"', {SENTENCES[4]}),
        ("occupational therap*", {SENTENCES[3]}),
        ("respite NOT unpaid", {SENTENCES[1]}),
        ("helpline OR waiting", {SENTENCES[1], SENTENCES[2], SENTENCES[3]}),
        ("NEAR(respite offered, 3)", {SENTENCES[4]}),
        ("(helpline OR therapy) AND waiting", {SENTENCES[3]}),
        ("person-centred OR co-production", {SENTENCES[0]}),
    ],
)
def test_fts5_syntax_keeps_its_meaning(corpus: Corpus, query: str, expected: set[str]) -> None:
    assert _texts(corpus, query) == expected


def test_lower_case_operators_are_words(corpus: Corpus) -> None:
    assert _texts(corpus, "respite or helpline") == set()  # no finding has all three words


def test_any_word_query_ors_a_plain_query_and_keeps_syntax() -> None:
    assert any_word_query("waiting for an OT") == '"waiting" OR "for" OR "an" OR "OT"'
    assert any_word_query('"unpaid carers" respite') == fts_query('"unpaid carers" respite')


def test_quoting_a_quoted_query_changes_nothing() -> None:
    # Hybrid search hands corpus.search an already quoted query; it must pass unchanged.
    for query in ("person-centred 24/7", "carers OR respite", "NEAR(a b, 2)", "therap*"):
        assert fts_query(fts_query(query)) == fts_query(query)


def test_the_hybrid_keyword_pool_drops_the_commonest_words_only_in_a_large_corpus(
    corpus: Corpus,
) -> None:
    query = "carers waited for respite"
    # Six findings are far below the pool's size: every word stays, as typed.
    assert keyword_pool_query(corpus.connection, query) == any_word_query(query)
    # With room for three matches, the rarest words fill it: "for" (1 finding), then
    # "carers" (2); "waited" (2: "waiting" too, by its stem) and "respite" (2) drop out.
    assert keyword_pool_query(corpus.connection, query, max_matches=3) == '"carers" OR "for"'
    # The rarest word stays even when it alone overflows the pool.
    assert keyword_pool_query(corpus.connection, "carers", max_matches=1) == '"carers"'
    # FTS5 syntax is searched as typed.
    assert keyword_pool_query(corpus.connection, "carers OR for", max_matches=1) == (
        '"carers" OR "for"'
    )
