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

from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError
from cqc_themes.ingest import IngestOutcome, IngestSummary, ingest, parse_pdf
from cqc_themes.models.codebook import code_corpus, load_codebook, theme_councils, theme_matrix
from cqc_themes.models.labelling import label_corpus
from cqc_themes.models.semantic_search import search_findings
from cqc_themes.models.themes import (
    candidate_themes,
    list_themes,
    refresh_themes,
    theme_details,
)
from cqc_themes.models.topics import list_topics, refresh_topics, topic_details
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

__version__ = "0.1.0"

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
