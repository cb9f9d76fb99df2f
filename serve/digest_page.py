"""The lessons-learned digest as served: built from the corpus on request, each quoted
finding linked to its row."""

from __future__ import annotations

from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.lessons import build_digest
from cqc_themes.lessons.html import FindingLink, render_html

# The digest page is the file `digest` writes, with one line leading back to the tables.
_BACK_LINK = '<p><a href="/">&larr; Browse and search every finding</a></p>'


def served_digest_html(path: Path, finding_link: FindingLink) -> str:
    """The digest of the whole corpus as it stands (labels and topics as last stored:
    serving never classifies or fits, which would write)."""
    with Corpus(path, create=False) as corpus:
        digest = build_digest(corpus)
    return render_html(digest, finding_link).replace("<body>", f"<body>{_BACK_LINK}", 1)
