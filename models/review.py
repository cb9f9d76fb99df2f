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
    """Up to `limit` model-labelled findings, least sure first, taken in turns: first the
    least sure finding of each council's least sure statement, then of each council's
    next statement, and so on; a statement gives its second finding only once every
    statement of every council has given one."""
    groups: dict[tuple[str, str], list[StoredFinding]] = defaultdict(list)
    for finding in corpus.findings():
        if finding.label_source == SOURCE_MODEL and place_of(finding) not in DESCRIPTIVE_PLACES:
            groups[(finding.council, finding.section)].append(finding)
    for group in groups.values():
        group.sort(key=_sureness)
    statement_turn: dict[tuple[str, str], int] = {}
    by_council: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in groups:
        by_council[key[0]].append(key)
    for keys in by_council.values():
        for turn, key in enumerate(sorted(keys, key=lambda key: _sureness(groups[key][0]))):
            statement_turn[key] = turn
    ordered = sorted(
        (
            (rank, statement_turn[key], *_sureness(finding), finding)
            for key, group in groups.items()
            for rank, finding in enumerate(group)
        ),
        key=lambda entry: entry[:4],
    )
    return [entry[-1] for entry in ordered[:limit]]


def _sureness(finding: StoredFinding) -> tuple[float, int]:
    return (finding.label_confidence or 0.0, finding.finding_id)
