"""ThemeModel: recurring themes in sentence embeddings, in the scikit-learn manner.

BERTopic reduces the embeddings with UMAP, clusters them with HDBSCAN and describes each
cluster with c-TF-IDF keywords. The settings suit tens to hundreds of reports (a few
hundred to tens of thousands of findings): the smallest topic grows with the corpus,
HDBSCAN picks leaf clusters (its default "eom" tends to swallow a small corpus into two or
three giant clusters), and outliers join their nearest topic when close enough. With
too few findings for HDBSCAN, k-means takes its place and `method_` says so.

BERTopic always gets the embeddings, never a model name, so it never reaches for a
model hub. `random_state` fixes UMAP and k-means, so two fits of the same findings give
the same topics. UMAP's compiled code is cached on disk (compiled_cache.py).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from cqc_themes.errors import TopicModelError
from cqc_themes.models.discovery.compiled_cache import cache_umap_machine_code
from cqc_themes.models.discovery.topic_labels import rank_keywords, tidy_keywords, topic_label
from cqc_themes.models.discovery.topic_vocabulary import topic_vectorizer
from cqc_themes.models.embeddings import EMBEDDING_MODEL_NAME, SentenceEmbedder
from cqc_themes.records import FittedTopic

OUTLIER_TOPIC = -1
# How much a refit follows the previous run's topics (UMAP's target_weight: 0 meaning only,
# 1 the previous topics only). High, so a report added splits or drops few themes.
GUIDE_WEIGHT = 0.9
OUTLIER_LABEL = "No recurring theme"
METHOD_BERTOPIC = "bertopic"
METHOD_KMEANS = "kmeans"
# Below this, not even k-means can find two topics worth describing.
MIN_FINDINGS_TO_FIT = 10
# Candidate words per topic from c-TF-IDF, before tidying down to `keywords_per_topic`.
_CANDIDATE_WORDS = 40


class ThemeModel:
    """Topics of short texts from their embeddings.

    Settings left as None are chosen from the number of texts at fit time; the chosen
    values are in `settings_`. After `fit`: `method_`, `topics_` (FittedTopic, largest
    first; topic -1 holds the outliers if any), `topic_ids_` and `typicality_` per text.
    """

    def __init__(
        self,
        *,
        min_topic_size: int | None = None,
        min_samples: int | None = None,
        n_neighbors: int = 15,
        n_components: int = 5,
        outlier_threshold: float = 0.5,
        min_keyword_similarity: float = 0.3,
        keywords_per_topic: int = 10,
        min_texts_for_hdbscan: int = 120,
        extra_stop_words: Sequence[str] = (),
        random_state: int = 42,
        embedding_model: Any = None,
    ) -> None:
        self.min_topic_size = min_topic_size
        self.min_samples = min_samples
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.outlier_threshold = outlier_threshold
        self.min_keyword_similarity = min_keyword_similarity
        self.keywords_per_topic = keywords_per_topic
        self.min_texts_for_hdbscan = min_texts_for_hdbscan
        self.extra_stop_words = extra_stop_words
        self.random_state = random_state
        self.embedding_model = embedding_model

    def get_params(self) -> dict[str, object]:
        """The settings as given, JSON-ready (the embedding model by name)."""
        return {
            "min_topic_size": self.min_topic_size,
            "min_samples": self.min_samples,
            "n_neighbors": self.n_neighbors,
            "n_components": self.n_components,
            "outlier_threshold": self.outlier_threshold,
            "min_keyword_similarity": self.min_keyword_similarity,
            "keywords_per_topic": self.keywords_per_topic,
            "min_texts_for_hdbscan": self.min_texts_for_hdbscan,
            "extra_stop_words": sorted(self.extra_stop_words),
            "random_state": self.random_state,
            "embedding_model": EMBEDDING_MODEL_NAME if self.embedding_model is None else "custom",
        }

    def fit(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray,
        groups: Sequence[str] | None = None,
        guide: Sequence[int] | None = None,
    ) -> ThemeModel:
        """Find topics in `texts`; `groups[i]` (e.g. the council) keeps keywords to those
        that recur across groups. `guide[i]` is the topic a previous fit gave text i
        (OUTLIER_TOPIC where none): UMAP then keeps the previous topics' texts together
        (semi-supervised), so a refit after new reports finds the same themes again
        instead of reshuffling them, while new texts still form new ones."""
        texts = list(texts)
        if len(texts) != len(embeddings):
            raise ValueError(f"{len(texts)} texts but {len(embeddings)} embeddings")
        if len(texts) < MIN_FINDINGS_TO_FIT:
            raise TopicModelError(
                f"too few findings to find themes: {len(texts)} (need {MIN_FINDINGS_TO_FIT})"
            )
        groups = list(groups) if groups is not None else ["all"] * len(texts)
        embeddings = np.asarray(embeddings, dtype=np.float32)
        min_topic_size = self.min_topic_size or _auto_min_topic_size(len(texts))
        min_samples = self.min_samples or max(2, min_topic_size // 2)
        self.fallback_reason_: str | None = None
        vectorizer = topic_vectorizer(texts, self.extra_stop_words)
        with warnings.catch_warnings():
            # UMAP warns that a random_state forces one thread: that is the point.
            warnings.filterwarnings("ignore", message=".*n_jobs.*overridden.*")
            # A few of UMAP's functions cannot go in numba's disk cache; they compile as before.
            warnings.filterwarnings("ignore", message=".*Cannot cache compiled function.*")
            if len(texts) < self.min_texts_for_hdbscan:
                self.fallback_reason_ = (
                    f"{len(texts)} findings are too few for HDBSCAN "
                    f"(need {self.min_texts_for_hdbscan}); used k-means"
                )
                topic_ids, words = self._fit_kmeans(texts, embeddings, vectorizer, min_topic_size)
            else:
                topic_ids, words = self._fit_hdbscan(
                    texts, embeddings, vectorizer, min_topic_size, min_samples, guide
                )
                if len(set(topic_ids) - {OUTLIER_TOPIC}) < 2:
                    self.fallback_reason_ = "HDBSCAN found fewer than two topics; used k-means"
                    topic_ids, words = self._fit_kmeans(
                        texts, embeddings, vectorizer, min_topic_size
                    )
        self.method_ = METHOD_KMEANS if self.fallback_reason_ else METHOD_BERTOPIC
        self.settings_ = {
            **self.get_params(),
            "min_topic_size": min_topic_size,
            "min_samples": min_samples,
            "method": self.method_,
            "fallback_reason": self.fallback_reason_,
        }
        topic_ids, words, continuing = _merge_splits(np.asarray(topic_ids), guide, words)
        self._describe(texts, embeddings, groups, topic_ids, words, vectorizer, continuing)
        return self

    # Clustering ---------------------------------------------------------------------------

    def _bertopic(self, umap_model: Any, cluster_model: Any, vectorizer: Any) -> Any:
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer

        # No embedding model by default: every call passes the embeddings, and BERTopic's
        # only other use of one (topic vectors from keywords, after update_topics) is a
        # result nothing here reads; loading MiniLM in PyTorch for it took seconds.
        return BERTopic(
            embedding_model=self.embedding_model,
            umap_model=umap_model,
            hdbscan_model=cluster_model,
            vectorizer_model=vectorizer,
            # bm25 weighting and damped frequencies suit few, short documents per topic.
            ctfidf_model=ClassTfidfTransformer(bm25_weighting=True, reduce_frequent_words=True),
            top_n_words=_CANDIDATE_WORDS,
            calculate_probabilities=False,
            verbose=False,
        )

    def _fit_hdbscan(
        self,
        texts: list[str],
        embeddings: np.ndarray,
        vectorizer: Any,
        min_topic_size: int,
        min_samples: int,
        guide: Sequence[int] | None,
    ) -> tuple[list[int], dict[int, list[str]]]:
        from hdbscan import HDBSCAN
        from umap import UMAP

        cache_umap_machine_code()
        umap_model = UMAP(
            n_neighbors=min(self.n_neighbors, len(texts) - 1),
            n_components=self.n_components,
            min_dist=0.0,
            metric="cosine",
            random_state=self.random_state,
            target_weight=GUIDE_WEIGHT,
        )
        cluster_model = HDBSCAN(
            min_cluster_size=min_topic_size,
            min_samples=min_samples,
            cluster_selection_method="leaf",
            metric="euclidean",
        )
        model = self._bertopic(umap_model, cluster_model, vectorizer)
        # UMAP reads -1 as "no target"; a guide of outliers only would guide nothing.
        target = None
        if guide is not None and any(topic != OUTLIER_TOPIC for topic in guide):
            target = np.asarray(guide, dtype=np.int64)
        topic_ids, _ = model.fit_transform(texts, embeddings=embeddings, y=target)
        if OUTLIER_TOPIC in topic_ids and len(set(topic_ids)) > 2:
            topic_ids = model.reduce_outliers(
                texts,
                topic_ids,
                strategy="embeddings",
                embeddings=embeddings,
                threshold=self.outlier_threshold,
            )
            # Passing the vectorizer again matters: update_topics would otherwise fall back
            # to a plain CountVectorizer and stop words would creep back into keywords.
            # Its warning about custom topic lists is for users who reduce topics later.
            bertopic_log = logging.getLogger("BERTopic")
            level = bertopic_log.level
            bertopic_log.setLevel(logging.ERROR)
            try:
                model.update_topics(
                    texts,
                    topics=topic_ids,
                    vectorizer_model=vectorizer,
                    ctfidf_model=model.ctfidf_model,
                    top_n_words=_CANDIDATE_WORDS,
                )
            finally:
                bertopic_log.setLevel(level)
        return [int(t) for t in topic_ids], _ranked_words(model)

    def _fit_kmeans(
        self, texts: list[str], embeddings: np.ndarray, vectorizer: Any, min_topic_size: int
    ) -> tuple[list[int], dict[int, list[str]]]:
        from bertopic.dimensionality import BaseDimensionalityReduction
        from sklearn.cluster import KMeans

        clusters = min(max(2, round(len(texts) / (2 * min_topic_size))), len(texts) // 2)
        cluster_model = KMeans(n_clusters=clusters, n_init=10, random_state=self.random_state)
        model = self._bertopic(BaseDimensionalityReduction(), cluster_model, vectorizer)
        topic_ids, _ = model.fit_transform(texts, embeddings=embeddings)
        return [int(t) for t in topic_ids], _ranked_words(model)

    # Description --------------------------------------------------------------------------

    def _describe(
        self,
        texts: list[str],
        embeddings: np.ndarray,
        groups: list[str],
        topic_ids: np.ndarray,
        words: dict[int, list[str]],
        vectorizer: Any,
        continuing: frozenset[int] = frozenset(),
    ) -> None:
        """Choose each topic's keywords and label, dissolve topics no keyword names into
        the outliers, renumber the rest largest first and score each text's typicality.
        A topic `continuing` a previous one is not dissolved while it has any candidate
        keyword: the first fit named it, and dissolving it would retire its id."""
        unit = _unit_rows(embeddings)
        analyse = vectorizer.build_analyzer()
        terms = [frozenset(analyse(text)) for text in texts]
        found = sorted(set(topic_ids.tolist()) - {OUTLIER_TOPIC})
        members = {topic: np.flatnonzero(topic_ids == topic) for topic in found}
        candidates = {
            topic: tidy_keywords(
                words.get(topic, []),
                [terms[i] for i in members[topic]],
                [groups[i] for i in members[topic]],
                limit=2 * self.keywords_per_topic,
            )
            for topic in found
        }
        vectors = self._keyword_vectors({k for ks in candidates.values() for k in ks})
        keywords: dict[int, tuple[str, ...]] = {}
        for topic in found:
            centroid = _unit_rows(unit[members[topic]].mean(axis=0, keepdims=True))[0]
            ranked = rank_keywords(
                candidates[topic],
                [vectors[k] for k in candidates[topic]],
                centroid,
                self.min_keyword_similarity,
            )
            if not ranked and topic in continuing:
                ranked = rank_keywords(
                    candidates[topic], [vectors[k] for k in candidates[topic]], centroid, -1.0
                )
            if ranked:
                keywords[topic] = ranked[: self.keywords_per_topic]
        kept = sorted(keywords, key=lambda topic: (-len(members[topic]), topic))
        renumber = {old: new for new, old in enumerate(kept)}
        self.topic_ids_ = np.array(
            [renumber.get(topic, OUTLIER_TOPIC) for topic in topic_ids.tolist()], dtype=int
        )
        self.typicality_ = _typicality(unit, self.topic_ids_)

        topics: list[FittedTopic] = []
        labels_used: set[str] = set()
        for old in kept:
            member_texts = [texts[i] for i in members[old]]
            label = topic_label(keywords[old], member_texts)
            # Two topics may share their best words; further keywords tell them apart.
            parts = 2
            while label in labels_used and parts <= len(keywords[old]):
                parts += 1
                label = topic_label(keywords[old], member_texts, parts=parts)
            if label in labels_used:
                label = f"{label} ({renumber[old]})"
            labels_used.add(label)
            topics.append(FittedTopic(renumber[old], label, keywords[old], len(members[old])))
        outliers = int((self.topic_ids_ == OUTLIER_TOPIC).sum())
        if outliers:
            topics.append(FittedTopic(OUTLIER_TOPIC, OUTLIER_LABEL, (), outliers))
        self.topics_ = tuple(topics)

    def _keyword_vectors(self, keywords: set[str]) -> dict[str, np.ndarray]:
        ordered = sorted(keywords)
        if not ordered:
            return {}
        if self.embedding_model is None:
            # The ONNX encoder: the findings' own vectors come from it, and it needs no torch.
            vectors = SentenceEmbedder().encode(ordered)
        else:
            vectors = self.embedding_model.encode(
                ordered,
                batch_size=64,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return dict(zip(ordered, vectors, strict=True))


def _merge_splits(
    topic_ids: np.ndarray, guide: Sequence[int] | None, words: dict[int, list[str]]
) -> tuple[np.ndarray, dict[int, list[str]], frozenset[int]]:
    """Join clusters that are pieces of one previous topic: mostly texts that topic held
    before (the rest new). More texts let HDBSCAN split a theme in two; a
    researcher still sees one theme, so it keeps one id and all its findings. Also the
    clusters that continue a previous topic (after joining)."""
    if guide is None:
        return topic_ids, words, frozenset()
    guide_array = np.asarray(guide)
    pieces: dict[int, list[int]] = {}  # previous topic -> the clusters that are its pieces
    for cluster in sorted(set(topic_ids.tolist()) - {OUTLIER_TOPIC}):
        members = topic_ids == cluster
        guided = guide_array[members & (guide_array != OUTLIER_TOPIC)]
        if not len(guided) or len(guided) * 2 < int(members.sum()):
            continue  # mostly new texts: a theme of their own, not a piece of an old one
        values, counts = np.unique(guided, return_counts=True)
        if counts.max() * 2 > len(guided):
            pieces.setdefault(int(values[counts.argmax()]), []).append(cluster)
    merged = topic_ids.copy()
    words = dict(words)
    continuing: set[int] = set()
    for clusters in pieces.values():
        largest = max(clusters, key=lambda c: (int((topic_ids == c).sum()), -c))
        continuing.add(largest)
        if len(clusters) < 2:
            continue
        for cluster in clusters:
            if cluster != largest:
                merged[topic_ids == cluster] = largest
                extra = [w for w in words.pop(cluster, []) if w not in words.get(largest, [])]
                words[largest] = [*words.get(largest, []), *extra]
    return merged, words, frozenset(continuing)


def _auto_min_topic_size(texts: int) -> int:
    """Grows with the square root of the corpus: 5 up to ~600 findings, 10 at 1,600,
    25 at 10,000."""
    return max(5, round(math.sqrt(texts) / 4))


def _ranked_words(model: Any) -> dict[int, list[str]]:
    return {
        int(topic): [word for word, score in ranked if word and score > 0]
        for topic, ranked in model.get_topics().items()
    }


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _typicality(unit: np.ndarray, topic_ids: np.ndarray) -> np.ndarray:
    """Cosine similarity of each (unit) vector to the centroid of its topic."""
    typicality = np.zeros(len(unit), dtype=np.float32)
    for topic in np.unique(topic_ids):
        members = topic_ids == topic
        centroid = _unit_rows(unit[members].mean(axis=0, keepdims=True))[0]
        typicality[members] = unit[members] @ centroid
    return typicality
