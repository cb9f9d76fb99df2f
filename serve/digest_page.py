"""The lessons-learned digest as served: built from the corpus on request, each quoted
finding linked to its row."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.browse import read_only_copy
from cqc_themes.errors import CqcThemesError
from cqc_themes.lessons import build_digest
from cqc_themes.lessons.html import FindingLink, render_html

# The digest page is the file `digest` writes, with one line leading back to the tables.
_BACK_LINK = '<p><a href="/">&larr; Browse and search every finding</a></p>'


# The last page built per corpus, with the file state it was built from: building takes
# seconds, and the corpus changes only when another command writes to it.
_built: dict[Path, tuple[tuple[int, ...], str]] = {}


def _file_state(path: Path) -> tuple[int, ...]:
    """Changes whenever a write commits: the corpus file's and its write-ahead log's stat."""
    state: list[int] = []
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            stat = file.stat()
            state += [stat.st_mtime_ns, stat.st_size]
    return tuple(state)


def served_digest_html(path: Path, finding_link: FindingLink) -> str:
    """The digest of the whole corpus as it stands (labels and topics as last stored:
    serving never classifies or fits, which would write)."""
    state = _file_state(path)
    if path in _built and _built[path][0] == state:
        return _built[path][1]
    html = _render(path, finding_link)
    _built[path] = (state, html)
    return html


def _render(path: Path, finding_link: FindingLink) -> str:
    # Corpus opens read-write, and closing its connection would checkpoint the write-ahead
    # log into the corpus (a write), or fail in a read-only folder: read a private copy.
    with tempfile.TemporaryDirectory(prefix="cqc-themes-digest-") as folder:
        copy = read_only_copy(path, Path(folder) / "corpus.sqlite")
        try:
            with Corpus(copy, create=False) as corpus:
                digest = build_digest(corpus)
        except CqcThemesError as error:
            # Name the served corpus, not the private copy, in what the page says.
            raise CqcThemesError(str(error).replace(str(copy), str(path))) from None
    return render_html(digest, finding_link).replace("<body>", f"<body>{_BACK_LINK}", 1)
