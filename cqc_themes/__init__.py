"""cqc-themes: find what recurs in CQC's assessments of councils' adult social care.

from cqc_themes import Corpus, ingest, FindingFilter
with Corpus("corpus.sqlite") as corpus:
    ingest(["reports/"], corpus)
    for hit in corpus.search('"unpaid carers"', FindingFilter(rating="Good")):
        print(hit.finding.council, hit.finding.page, hit.snippet)
    for hit in search_findings(corpus, "help for relatives who look after someone").hits:
        print(hit.finding.council, hit.finding.text)      # by meaning and keyword
    label_corpus(corpus)                                  # strength / improvement / context
    refresh_themes(corpus)                                # codes, discovers if stale
    for theme in list_themes(corpus, min_councils=3):     # codebook, then discovered
        print(theme.name, theme.shortfall_councils, theme.strength_councils)
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
    "RecurringTheme": "cqc_themes.records",
    "Report": "cqc_themes.records",
    "SearchHit": "cqc_themes.records",
    "StoredFinding": "cqc_themes.records",
    "Topic": "cqc_themes.records",
    "candidate_themes": "cqc_themes.models.themes",
    "code_corpus": "cqc_themes.models.codebook",
    "ingest": "cqc_themes.ingest",
    "label_corpus": "cqc_themes.models.labelling",
    "list_themes": "cqc_themes.models.themes",
    "list_topics": "cqc_themes.models.discovery.topics",
    "load_codebook": "cqc_themes.models.codebook",
    "parse_pdf": "cqc_themes.ingest",
    "refresh_themes": "cqc_themes.models.themes",
    "refresh_topics": "cqc_themes.models.discovery.topics",
    "search_findings": "cqc_themes.models.search.semantic_search",
    "theme_councils": "cqc_themes.models.codebook",
    "theme_details": "cqc_themes.models.themes",
    "theme_matrix": "cqc_themes.models.codebook",
    "topic_details": "cqc_themes.models.discovery.topics",
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
    "RecurringTheme",
    "Report",
    "SearchHit",
    "StoredFinding",
    "Topic",
    "candidate_themes",
    "code_corpus",
    "ingest",
    "label_corpus",
    "list_themes",
    "list_topics",
    "load_codebook",
    "parse_pdf",
    "refresh_themes",
    "refresh_topics",
    "search_findings",
    "theme_councils",
    "theme_details",
    "theme_matrix",
    "topic_details",
]

if TYPE_CHECKING:
    from cqc_themes.corpus import Corpus
    from cqc_themes.errors import CqcThemesError
    from cqc_themes.ingest import IngestOutcome, IngestSummary, ingest, parse_pdf
    from cqc_themes.models.codebook import (
        code_corpus,
        load_codebook,
        theme_councils,
        theme_matrix,
    )
    from cqc_themes.models.discovery.topics import list_topics, refresh_topics, topic_details
    from cqc_themes.models.labelling import label_corpus
    from cqc_themes.models.search.semantic_search import search_findings
    from cqc_themes.models.themes import (
        candidate_themes,
        list_themes,
        refresh_themes,
        theme_details,
    )
    from cqc_themes.records import (
        Finding,
        FindingFilter,
        Label,
        RecurringTheme,
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
