"""Search findings by meaning, or by meaning and keywords together (the default).

    from cqc_themes import Corpus
    from cqc_themes.models.search.semantic_search import search_findings
    with Corpus("corpus.sqlite") as corpus:
        results = search_findings(corpus, "help for family members looking after relatives")
        for hit in results.hits:
            print(hit.finding.council, hit.score, hit.finding.text)

Semantic ranking is the cosine similarity of the query's embedding to each finding's
(cached in the corpus; any missing are computed and cached first), so a query finds
findings that never use its words. The vectors are read from a memory-mapped index
beside the corpus (models/search/vector_index.py), not from SQLite on every query. Hybrid
ranking fuses the FTS5 keyword ranks and the semantic ranks by reciprocal rank fusion,
which needs no score calibration between bm25 and cosine.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.finding_vectors_sql import findings_by_id, matching_finding_ids
from cqc_themes.errors import SearchQueryError
from cqc_themes.models.embeddings import EMBEDDING_DIMENSIONS, SentenceEmbedder, embed_texts
from cqc_themes.models.search.vector_index import (
    FindingVectors,
    finding_vectors,
    fresh_finding_vectors,
)
from cqc_themes.records import FindingFilter, SearchHit, SearchResults

# Reciprocal rank fusion's damping constant; 60 is the value from Cormack et al. (2009)
# and works without tuning.
RRF_K = 60
# all-MiniLM-L6-v2 puts unrelated sentences at cosine 0.1-0.3 and paraphrases above 0.45;
# below this a finding is not shown as a match by meaning.
MIN_SIMILARITY = 0.3
# Keyword hits fused per hit asked for (at least _MIN_KEYWORD_POOL). The semantic ranking
# is fused whole: every finding already has a similarity, and a keyword hit far down it
# still deserves the credit.
# A default (hybrid) search embeds at most this many uncached findings (about ten
# seconds on two cores); beyond that it ranks by keywords and says how to embed them.
EMBED_ON_SEARCH_LIMIT = 2000
_KEYWORD_POOL_FACTOR = 10
_EVERY_FINDING = FindingFilter(include_superseded=True)
_MIN_KEYWORD_POOL = 200
# A hybrid search's meaning half (the query's vector, then its product with every
# finding's) runs here while SQLite ranks its keywords on the caller's thread: each is
# about 20 ms at 86,000 findings, ONNX Runtime, numpy and SQLite all let go of the GIL,
# and the machine has two cores.
_MEANING_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="semantic-search")


class SearchMode(StrEnum):
    hybrid = "hybrid"
    semantic = "semantic"
    keyword = "keyword"


def semantic_search(
    corpus: Corpus,
    query: str,
    filters: FindingFilter | None = None,
    *,
    limit: int | None = 20,
    min_similarity: float = MIN_SIMILARITY,
    embedder: SentenceEmbedder | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> list[SearchHit]:
    """Findings closest in meaning to `query`, best first; the score is the cosine, and
    findings below `min_similarity` are left out (a query about nothing in the corpus
    finds nothing); `limit=None` ranks them all. `on_batch(done, total)` follows findings
    embedded for the first time."""
    _check_query(query)
    ranking = _semantic_ranking(
        corpus, query, filters, min_similarity, embedder or SentenceEmbedder(), on_batch, limit
    )
    return _semantic_hits(corpus, ranking.finding_ids[:limit], ranking.similarities[:limit])


@dataclass(frozen=True)
class _SemanticRanking:
    """Findings above the similarity floor: the best first (ties in corpus order), and
    every one of them, in corpus order, for `places_of`."""

    finding_ids: np.ndarray  # int64, best first
    similarities: np.ndarray  # float32, same order
    candidate_ids: np.ndarray  # int64, ascending
    candidate_similarities: np.ndarray  # float32, same order

    def places_of(self, finding_ids: list[int]) -> dict[int, tuple[int, float]]:
        """(rank from 1, similarity) of each finding in the full ranking, as a stable sort
        of every candidate would place it, without that sort (a third of a hybrid search
        at 86,000 findings); findings below the floor are left out."""
        if not len(self.candidate_ids) or not finding_ids:
            return {}
        wanted = np.asarray(finding_ids, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.candidate_ids, wanted), len(self.candidate_ids) - 1)
        found = self.candidate_ids[at] == wanted
        wanted, at = wanted[found], at[found]
        values = self.candidate_similarities[at]
        # How many candidates score above, and at or above, each wanted value: every
        # candidate is placed among the few wanted values (a search into a short sorted
        # array), which is cheaper than sorting all the candidates.
        levels = np.unique(values)

        def scoring_above(side: str) -> np.ndarray:
            # side "left": candidates above each level; "right": at or above it.
            placed = np.searchsorted(levels, self.candidate_similarities, side=side)
            counted = np.cumsum(np.bincount(placed, minlength=len(levels) + 1))
            return len(self.candidate_similarities) - counted

        above, at_or_above = scoring_above("left"), scoring_above("right")
        level_of = np.searchsorted(levels, values)
        places = {}
        for finding_id, position, level in zip(
            wanted.tolist(), at.tolist(), level_of.tolist(), strict=True
        ):
            value = self.candidate_similarities[position]
            tied_before = (
                np.count_nonzero(self.candidate_similarities[:position] == value)
                if at_or_above[level] - above[level] > 1
                else 0
            )
            places[finding_id] = (int(above[level]) + tied_before + 1, float(value))
        return places


def _semantic_ranking(
    corpus: Corpus,
    query: str,
    filters: FindingFilter | None,
    min_similarity: float,
    embedder: SentenceEmbedder,
    on_batch: Callable[[int, int], None] | None,
    limit: int | None = None,
    index: FindingVectors | None = None,
    similarity: Future[np.ndarray] | None = None,
) -> _SemanticRanking:
    """Every finding `filters` lets through at or above `min_similarity`, ranked; with a
    `limit`, at least its first `limit` (and any tied with the last of them).
    `similarity`, when given, is the query's similarity to every row of `index`, under
    way on another thread."""
    filters = corpus.effective_filter(filters or FindingFilter())
    # Every finding the index holds may rank only when the filter asks for nothing and
    # no superseded report is there to be left out (as keyword search leaves them out).
    filtered = filters != _EVERY_FINDING
    index = index or fresh_finding_vectors(corpus, embedder)
    if index is None and filtered and corpus.count_unembedded(embedder.model_name):
        # Embed only what the filter lets through; the index waits for a search of all.
        findings = list(corpus.findings(filters))
        vectors = embed_texts(
            corpus, [finding.text for finding in findings], embedder, on_progress=on_batch
        )
        ids = np.array([finding.finding_id for finding in findings], dtype=np.int64)
        by_id = np.argsort(ids, kind="stable")
        index = FindingVectors(
            ids[by_id], vectors.reshape(len(findings), EMBEDDING_DIMENSIONS)[by_id]
        )
        filtered = False
    elif index is None:
        index = finding_vectors(corpus, embedder, on_progress=on_batch)
    similarity = similarity.result() if similarity else _query_similarities(index, embedder, query)
    candidates = np.flatnonzero(similarity >= min_similarity)
    if filtered:
        allowed = matching_finding_ids(corpus.connection, filters)
        candidates = candidates[np.isin(index.finding_ids[candidates], allowed)]
    best = candidates
    if limit is not None and len(candidates) > limit:
        # Only the best `limit` need sorting: keep those at or above the limit-th best
        # score (ties included, so the stable sort below still decides them).
        kth = np.partition(similarity[candidates], len(candidates) - limit)[-limit]
        best = candidates[similarity[candidates] >= kth]
    # Ties (the same sentence in several reports) keep corpus order, so results are stable.
    order = best[np.argsort(-similarity[best], kind="stable")]
    return _SemanticRanking(
        index.finding_ids[order],
        similarity[order],
        index.finding_ids[candidates],
        similarity[candidates],
    )


def _query_similarities(
    index: FindingVectors, embedder: SentenceEmbedder, query: str
) -> np.ndarray:
    return index.similarities(embedder.encode_query(query))


def _semantic_hits(
    corpus: Corpus, finding_ids: np.ndarray, similarities: np.ndarray
) -> list[SearchHit]:
    """Hits for these findings in this order, read from the corpus."""
    findings = findings_by_id(corpus.connection, finding_ids.tolist())
    score_of = dict(zip(finding_ids.tolist(), similarities.tolist(), strict=True))
    return [
        SearchHit(
            finding=finding,
            snippet=finding.text,
            score=score_of[finding.finding_id],
            similarity=score_of[finding.finding_id],
        )
        for finding in findings
    ]


def hybrid_search(
    corpus: Corpus,
    query: str,
    filters: FindingFilter | None = None,
    *,
    limit: int = 20,
    markers: tuple[str, str] = ("**", "**"),
    embedder: SentenceEmbedder | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> SearchResults:
    """Keyword and semantic ranks fused; a query FTS5 cannot parse falls back to meaning
    only, with a note saying so. The keyword half matches any of a plain query's words,
    so a long question in plain English still gets credit for the words it shares (in a
    large corpus, the rarer of them: `Corpus.keyword_pool_query`)."""
    _check_query(query)
    filters = corpus.effective_filter(filters or FindingFilter())  # once, for both halves
    embedder = embedder or SentenceEmbedder()
    index = fresh_finding_vectors(corpus, embedder)
    meaning_half = (
        _MEANING_THREAD.submit(_query_similarities, index, embedder, query) if index else None
    )
    note = None
    query_error: SearchQueryError | None = None
    pool_query = corpus.keyword_pool_query(query)
    try:
        keyword_ranked = corpus.keyword_ranking(
            pool_query, filters, limit=max(limit * _KEYWORD_POOL_FACTOR, _MIN_KEYWORD_POOL)
        )
    except SearchQueryError as error:
        keyword_ranked, query_error = [], error
        note = f"keyword search skipped ({error}); ranked by meaning only"
    snippet_of: dict[int, str] = {}
    if meaning_half is not None and not meaning_half.done():
        # This core would wait for the meaning half: highlight the best keyword hits
        # meanwhile, the ones most likely to make the cut.
        best_keyword_hits = [finding_id for finding_id, _ in keyword_ranked[:limit]]
        snippet_of = corpus.search_snippets(pool_query, best_keyword_hits, markers)
    unembedded = 0 if index is not None else corpus.count_unembedded(embedder.model_name)
    if unembedded > EMBED_ON_SEARCH_LIMIT:
        if query_error:
            raise query_error
        note = (
            f"{unembedded} findings are not embedded yet, so results are ranked by "
            "keywords only; `cqc-themes classify`, `themes` or `search --semantic` "
            "embed them once"
        )
        hits = corpus.search(pool_query, filters, limit=limit, markers=markers)
        return SearchResults(hits=tuple(hits), mode=SearchMode.keyword.value, note=note)
    ranking = _semantic_ranking(
        corpus,
        query,
        filters,
        MIN_SIMILARITY,
        embedder,
        on_batch,
        limit=limit,
        index=index,
        similarity=meaning_half,
    )
    keyword_rank = {finding_id: rank for rank, (finding_id, _) in enumerate(keyword_ranked, 1)}
    keyword_score = dict(keyword_ranked)
    place_of = ranking.places_of(list(keyword_rank))
    best_ids = ranking.finding_ids[:limit].tolist()
    best_similarities = ranking.similarities[:limit].tolist()
    place_of.update(
        (finding_id, (rank, similarity))
        for rank, (finding_id, similarity) in enumerate(
            zip(best_ids, best_similarities, strict=True), 1
        )
    )
    # Every finding ranked by meaning is fused, but a finding that only meaning found
    # and that is not among meaning's first `limit` is beaten by all of those, so only
    # they and the keyword hits can make the cut, and only the cut is read from SQLite.
    fused = {
        finding_id: 1 / (RRF_K + rank)
        + (1 / (RRF_K + place_of[finding_id][0]) if finding_id in place_of else 0.0)
        for finding_id, rank in keyword_rank.items()
    }
    for rank, finding_id in enumerate(best_ids, 1):
        fused.setdefault(finding_id, 1 / (RRF_K + rank))
    ranked = sorted(fused, key=lambda finding_id: (-fused[finding_id], finding_id))[:limit]
    # Highlighted: the words the keyword half ranked by (in a large corpus, not the
    # commonest, whose long match lists made snippets cost 8 ms a search).
    snippet_of.update(
        corpus.search_snippets(
            pool_query, [i for i in ranked if i in keyword_rank and i not in snippet_of], markers
        )
    )
    hits = tuple(
        SearchHit(
            finding=finding,
            snippet=snippet_of.get(finding.finding_id, finding.text),
            score=fused[finding.finding_id],
            keyword_rank=keyword_rank.get(finding.finding_id),
            keyword_score=keyword_score.get(finding.finding_id),
            similarity=place_of.get(finding.finding_id, (0, None))[1],
        )
        for finding in findings_by_id(corpus.connection, ranked)
    )
    return SearchResults(hits=hits, mode=SearchMode.hybrid.value, note=note)


def search_findings(
    corpus: Corpus,
    query: str,
    filters: FindingFilter | None = None,
    *,
    mode: SearchMode | str = SearchMode.hybrid,
    limit: int = 20,
    markers: tuple[str, str] = ("**", "**"),
    embedder: SentenceEmbedder | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> SearchResults:
    """Search findings by `mode`: hybrid (default), semantic (meaning only) or keyword
    (FTS5 only; a query it cannot parse raises SearchQueryError)."""
    mode = SearchMode(mode)
    if mode is SearchMode.keyword:
        hits = corpus.search(query, filters, limit=limit, markers=markers)
        return SearchResults(hits=tuple(hits), mode=mode.value)
    if mode is SearchMode.semantic:
        hits = semantic_search(
            corpus, query, filters, limit=limit, embedder=embedder, on_batch=on_batch
        )
        return SearchResults(hits=tuple(hits), mode=mode.value)
    return hybrid_search(
        corpus, query, filters, limit=limit, markers=markers, embedder=embedder, on_batch=on_batch
    )


def _check_query(query: str) -> None:
    if not query.strip():
        raise SearchQueryError("the search query is empty")
