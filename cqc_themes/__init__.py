"""cqc-themes: find what recurs in CQC's assessments of councils' adult social care.

    from cqc_themes import Corpus, ingest, FindingFilter
    with Corpus("corpus.sqlite") as corpus:
        ingest(["reports/"], corpus)
        for hit in corpus.search('"unpaid carers"', FindingFilter(rating="Good")):
            print(hit.finding.council, hit.finding.page, hit.snippet)
        for hit in search_findings(corpus, "help for relatives who look after someone").hits:
            print(hit.finding.council, hit.finding.text)      # by meaning and keyword
        label_corpus(corpus)                                  # strength / improvement / context
        refresh_topics(corpus)                                # fits only if the corpus changed
        for topic in list_topics(corpus, min_councils=3):
            print(topic.label, topic.size, topic.council_count)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Each public name and the module that defines it. They are imported on first use
# (module __getattr__), so `import cqc_themes.corpus` or `cqc-themes --help` never pays
# for scikit-learn or torch, which only the models need.
_EXPORTS: dict[str, str] = {
    "Corpus": "cqc_themes.corpus",
    "CqcThemesError": "cqc_themes.errors",
    "Finding": "cqc_themes.records",
    "FindingFilter": "cqc_themes.records",
    "IngestOutcome": "cqc_themes.ingest",
    "IngestSummary": "cqc_themes.ingest",
    "Label": "cqc_themes.records",
    "Report": "cqc_themes.records",
    "SearchHit": "cqc_themes.records",
    "StoredFinding": "cqc_themes.records",
    "Topic": "cqc_themes.records",
    "ingest": "cqc_themes.ingest",
    "label_corpus": "cqc_themes.models.labelling",
    "list_topics": "cqc_themes.models.topics",
    "parse_pdf": "cqc_themes.ingest",
    "refresh_topics": "cqc_themes.models.topics",
    "search_findings": "cqc_themes.models.semantic_search",
    "topic_details": "cqc_themes.models.topics",
}

# Kept literal so tools can read it; tests check it names exactly _EXPORTS.
__all__ = [
    "Corpus",
    "CqcThemesError",
    "Finding",
    "FindingFilter",
    "IngestOutcome",
    "IngestSummary",
    "Label",
    "Report",
    "SearchHit",
    "StoredFinding",
    "Topic",
    "ingest",
    "label_corpus",
    "list_topics",
    "parse_pdf",
    "refresh_topics",
    "search_findings",
    "topic_details",
]

if TYPE_CHECKING:
    from cqc_themes.corpus import Corpus
    from cqc_themes.errors import CqcThemesError
    from cqc_themes.ingest import IngestOutcome, IngestSummary, ingest, parse_pdf
    from cqc_themes.models.labelling import label_corpus
    from cqc_themes.models.semantic_search import search_findings
    from cqc_themes.models.topics import list_topics, refresh_topics, topic_details
    from cqc_themes.records import (
        Finding,
        FindingFilter,
        Label,
        Report,
        SearchHit,
        StoredFinding,
        Topic,
    )


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'cqc_themes' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
