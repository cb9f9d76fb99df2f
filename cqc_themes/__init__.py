"""cqc-themes: find what recurs in CQC's assessments of councils' adult social care.

    from cqc_themes import Corpus, ingest, FindingFilter
    with Corpus("corpus.sqlite") as corpus:
        ingest(["reports/"], corpus)
        for hit in corpus.search('"unpaid carers"', FindingFilter(rating="Good")):
            print(hit.finding.council, hit.finding.page, hit.snippet)
"""

from cqc_themes.corpus import Corpus
from cqc_themes.errors import CqcThemesError
from cqc_themes.ingest import IngestOutcome, IngestSummary, ingest, parse_pdf
from cqc_themes.records import Finding, FindingFilter, Report, SearchHit, StoredFinding

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CqcThemesError",
    "Finding",
    "FindingFilter",
    "IngestOutcome",
    "IngestSummary",
    "Report",
    "SearchHit",
    "StoredFinding",
    "ingest",
    "parse_pdf",
]
