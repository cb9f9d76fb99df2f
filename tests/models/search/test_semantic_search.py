"""Search by meaning: a query finds findings that never use its words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_themes import Corpus, FindingFilter
from cqc_themes.errors import SearchQueryError
from cqc_themes.models.search.semantic_search import hybrid_search, search_findings, semantic_search

pytestmark = pytest.mark.slow


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


@pytest.mark.parametrize(
    ("query", "about"),
    [
        ("hiring difficulties", r"workforce|recruit"),
        ("teenagers becoming grown-ups", r"young people|adulthood|children"),
    ],
)
def test_a_paraphrase_finds_findings_sharing_none_of_its_words(
    fitted_samples: Path, query: str, about: str
) -> None:
    with Corpus(fitted_samples) as corpus:
        hits = semantic_search(corpus, query, limit=3)
    assert len(hits) == 3
    for hit in hits:
        assert not words(query) & words(hit.finding.text)
        assert re.search(about, hit.finding.text, re.IGNORECASE)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hybrid_search_finds_the_paraphrase_when_keywords_find_nothing(
    fitted_samples: Path,
) -> None:
    with Corpus(fitted_samples) as corpus:
        assert corpus.search("hiring difficulties") == []
        results = search_findings(corpus, "hiring difficulties", limit=3)
    assert results.mode == "hybrid" and results.note is None
    assert all(re.search(r"workforce|recruit", h.finding.text, re.I) for h in results.hits)


def test_hybrid_ranks_keyword_and_meaning_matches_first(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        every_word = corpus.search("carers respite", limit=50)
        results = hybrid_search(
            corpus, "carers respite", limit=len(every_word) + 10, markers=("[", "]")
        )
    # The keyword half matches any word, but a finding with both words still ranks first,
    # most findings with both are among the first results, and only keyword matches carry
    # highlights.
    top = results.hits[0].finding.text.lower()
    assert "carer" in top and "respite" in top
    found = {h.finding.finding_id for h in results.hits}
    assert len(found & {h.finding.finding_id for h in every_word}) >= 0.75 * len(every_word)
    assert all("[" in h.snippet for h in results.hits if h.keyword_rank is not None)
    assert all("[" not in h.snippet for h in results.hits if h.keyword_rank is None)


def test_filters_apply_to_meaning_too(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        hits = semantic_search(corpus, "hiring difficulties", FindingFilter(council="oakhurst"))
    assert hits
    assert {hit.finding.council for hit in hits} == {"Oakhurst Metropolitan Borough Council"}


def test_a_query_about_nothing_in_the_corpus_finds_nothing(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        assert semantic_search(corpus, "zeppelin") == []


def test_a_query_fts_cannot_parse_falls_back_to_meaning_with_a_note(
    fitted_samples: Path,
) -> None:
    with Corpus(fitted_samples) as corpus:
        results = search_findings(corpus, "respite OR")
        with pytest.raises(SearchQueryError):
            search_findings(corpus, "respite OR", mode="keyword")
    assert results.hits
    assert results.note and "ranked by meaning only" in results.note


def test_missing_embeddings_are_computed_once_and_cached(sample_corpus_path: Path) -> None:
    oakhurst = FindingFilter(council="oakhurst")
    with Corpus(sample_corpus_path) as corpus:
        count = "SELECT count(*) FROM embeddings"
        assert corpus.connection.execute(count).fetchone()[0] == 0
        embedded: list[int] = []

        def on_batch(done: int, total: int) -> None:
            embedded.append(done)

        semantic_search(corpus, "telecare", oakhurst, on_batch=on_batch)
        texts = {f.text for f in corpus.findings(oakhurst)}
        assert corpus.connection.execute(count).fetchone()[0] == len(texts)
        assert embedded[-1] == len(texts)
        embedded.clear()
        semantic_search(corpus, "telecare", oakhurst, on_batch=on_batch)
        assert embedded == []


def test_a_keyword_hit_gets_the_place_a_full_sort_by_meaning_gives_it() -> None:
    # Hybrid fusion credits a keyword hit with its place in the ranking by meaning;
    # ties (the same sentence in several reports) are placed in corpus order.
    import numpy as np

    from cqc_themes.models.search.semantic_search import _SemanticRanking

    generator = np.random.default_rng(7)
    ids = np.arange(10, 5010, dtype=np.int64)
    similarities = generator.choice(np.linspace(0.3, 0.9, 400), size=len(ids)).astype(np.float32)
    order = np.argsort(-similarities, kind="stable")
    expected = {int(ids[i]): (place, float(similarities[i])) for place, i in enumerate(order, 1)}
    ranking = _SemanticRanking(ids[order], similarities[order], ids, similarities)
    asked = [int(i) for i in generator.choice(ids, size=200, replace=False)] + [3, 99_999]
    places = ranking.places_of(asked)
    assert places == {i: expected[i] for i in asked if i in expected}
    assert len(places) == 200
