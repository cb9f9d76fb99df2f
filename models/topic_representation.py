"""RecurringKeywords: the project's topic keywords as a BERTopic representation plug-in.

BERTopic ranks each topic's words by c-TF-IDF; this plug-in turns that ranking into the
keywords a researcher can read: distinct, recurring in two or more councils (so place
and programme names stay out), phrases in place of the words they contain, ordered by
closeness in meaning to the topic's centroid. A topic no keyword is close to gets none,
which marks a cluster held together by style rather than subject. BERTopic calls it
after every (re)computation of the topics, so outlier reduction keeps the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from bertopic.representation import BaseRepresentation

from cqc_themes.models.topic_labels import rank_keywords, tidy_keywords

Ranked = list[tuple[str, float]]


class RecurringKeywords(BaseRepresentation):
    """Keywords per topic from BERTopic's c-TF-IDF words.

    `groups[i]` (the council) and `embeddings[i]` (unit rows) belong to the i-th fitted
    document, as KeyBERTInspired gets the document embeddings; `embedding_model` embeds
    the candidate keywords.
    """

    def __init__(
        self,
        groups: Sequence[str],
        embeddings: np.ndarray,
        embedding_model: Any,
        keywords_per_topic: int = 10,
        min_similarity: float = 0.3,
    ) -> None:
        self.groups = groups
        self.embeddings = embeddings
        self.embedding_model = embedding_model
        self.keywords_per_topic = keywords_per_topic
        self.min_similarity = min_similarity

    def extract_topics(
        self, topic_model: Any, documents: Any, c_tf_idf: Any, topics: Mapping[int, Ranked]
    ) -> dict[int, Ranked]:
        analyse = topic_model.vectorizer_model.build_analyzer()
        members: dict[int, list[int]] = {}
        for doc_id, topic in zip(documents["ID"], documents["Topic"], strict=True):
            members.setdefault(int(topic), []).append(int(doc_id))
        terms = {
            doc_id: frozenset(analyse(text))
            for doc_id, text in zip(documents["ID"], documents["Document"], strict=True)
        }
        candidates = {
            topic: tidy_keywords(
                [word for word, score in ranked if word and score > 0],
                [terms[i] for i in members.get(topic, [])],
                [self.groups[i] for i in members.get(topic, [])],
                limit=2 * self.keywords_per_topic,
            )
            for topic, ranked in topics.items()
        }
        vectors = self._keyword_vectors({k for ks in candidates.values() for k in ks})
        described: dict[int, Ranked] = {}
        for topic, keywords in candidates.items():
            rows = members.get(topic, [])
            if not rows:
                described[topic] = []
                continue
            mean = self.embeddings[rows].mean(axis=0)
            centroid = mean / max(float(np.linalg.norm(mean)), 1e-12)
            ranked = rank_keywords(keywords, [vectors[k] for k in keywords], centroid,
                                   self.min_similarity)[: self.keywords_per_topic]
            # Scores only order the keywords: BERTopic shows them, never compares them.
            described[topic] = [(k, 1.0 - n / len(ranked)) for n, k in enumerate(ranked)]
        return described

    def _keyword_vectors(self, keywords: set[str]) -> dict[str, np.ndarray]:
        ordered = sorted(keywords)
        if not ordered:
            return {}
        vectors = self.embedding_model.encode(ordered, batch_size=64, normalize_embeddings=True,
                                              convert_to_numpy=True, show_progress_bar=False)
        return dict(zip(ordered, vectors, strict=True))
