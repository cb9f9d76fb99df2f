"""Which findings a researcher should check first: those the model is least sure of,
spread over councils and statements so one uncertain report does not fill the list.

Framework text and the "About" facts are left out: they are context by definition.
"""

from __future__ import annotations

from collections import defaultdict

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.label_store import SOURCE_MODEL
from cqc_themes.models.finding_features import DESCRIPTIVE_PLACES, place_of
from cqc_themes.records import StoredFinding


def findings_to_review(corpus: Corpus, limit: int) -> list[StoredFinding]:
    """Up to `limit` model-labelled findings, least sure first, taken in turns from each
    council and statement (each turn visits the groups by their least sure finding)."""
    groups: dict[tuple[str, str], list[StoredFinding]] = defaultdict(list)
    for finding in corpus.findings():
        if finding.label_source == SOURCE_MODEL and place_of(finding) not in DESCRIPTIVE_PLACES:
            groups[(finding.council, finding.section)].append(finding)
    queues = [
        sorted(group, key=lambda finding: (finding.label_confidence, finding.finding_id))
        for group in groups.values()
    ]
    chosen: list[StoredFinding] = []
    while queues and len(chosen) < limit:
        turn = sorted(
            (queue.pop(0) for queue in queues),
            key=lambda finding: (finding.label_confidence, finding.finding_id),
        )
        chosen += turn[: limit - len(chosen)]
        queues = [queue for queue in queues if queue]
    return chosen
