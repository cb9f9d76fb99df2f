"""Stable ids for discovered themes: a refit keeps the id of each theme it finds again.

A fit numbers its clusters afresh, so after adding a report "topic 3" could name another
theme. Each new cluster is matched to the previous run's theme it shares most findings
with (findings keep their ids across ingests), or failing that the one whose centroid is
closest in meaning; matched clusters take the old id, the rest get ids never used before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from cqc_themes.models.discovery.topic_model import OUTLIER_TOPIC

# A new cluster is the old theme again when at least this share of the old theme's
# findings that were refitted land in it...
MIN_SHARED_SHARE = 0.5
# ...or when their centroids are at least this similar in meaning and some of the old
# theme's findings still sit in the cluster (meaning alone let an id drift to other findings).
MIN_CENTROID_SIMILARITY = 0.9
MIN_SHARED_SHARE_WITH_CENTROID = 0.25


def stable_topic_ids(
    finding_ids: Sequence[int],
    topic_ids: Sequence[int],
    embeddings: np.ndarray,
    previous: Mapping[int, int],
    next_id: int,
) -> dict[int, int]:
    """Map each fitted cluster id to its stable id.

    `finding_ids[i]` was fitted into cluster `topic_ids[i]` with `embeddings[i]` (unit
    rows); `previous` maps the last run's finding ids to their theme ids; `next_id` is
    the smallest id no earlier run has used. The outlier cluster stays the outlier.
    """
    members: dict[int, list[int]] = {}
    for row, topic in enumerate(topic_ids):
        members.setdefault(int(topic), []).append(row)
    clusters = sorted(t for t in members if t != OUTLIER_TOPIC)
    old_members: dict[int, list[int]] = {}
    for row, finding_id in enumerate(finding_ids):
        old = previous.get(finding_id)
        if old is not None and old != OUTLIER_TOPIC:
            old_members.setdefault(old, []).append(row)

    pairs = []  # (shared share, centroid similarity, new cluster, old theme)
    for old, rows in old_members.items():
        landed = Counter(int(topic_ids[row]) for row in rows)
        old_centroid = _centroid(embeddings[rows])
        for new in clusters:
            similarity = float(_centroid(embeddings[members[new]]) @ old_centroid)
            pairs.append((landed.get(new, 0) / len(rows), similarity, new, old))
    mapping: dict[int, int] = {OUTLIER_TOPIC: OUTLIER_TOPIC}
    taken: set[int] = set()
    # Best matches first; ties broken by ids so the mapping never depends on dict order.
    for shared, similarity, new, old in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
        if new in mapping or old in taken:
            continue
        close = similarity >= MIN_CENTROID_SIMILARITY and shared >= MIN_SHARED_SHARE_WITH_CENTROID
        if shared >= MIN_SHARED_SHARE or close:
            mapping[new] = old
            taken.add(old)
    for new in clusters:
        if new not in mapping:
            mapping[new] = next_id
            next_id += 1
    return mapping


def _centroid(rows: np.ndarray) -> np.ndarray:
    mean = rows.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)
