"""The codebook: named themes applied to every finding, and which councils raise each.

from cqc_themes import Corpus
from cqc_themes.models.codebook import load_codebook, code_corpus, theme_councils
with Corpus("corpus.sqlite") as corpus:
    codebook = load_codebook()              # or load_codebook("my-codebook.toml")
    code_corpus(corpus, codebook)           # codes only what is new or changed
    for entry in theme_councils(corpus, codebook):
        print(entry.theme.name, entry.shortfall_councils, entry.strength_councils)
"""

from cqc_themes.models.codebook.codebook_file import (
    DEFAULT_CODEBOOK_NAME,
    default_codebook,
    load_codebook,
    parse_codebook,
)
from cqc_themes.models.codebook.codebook_writer import add_theme_to_codebook_file, theme_as_toml
from cqc_themes.models.codebook.coder import CODING_METHODS, ThemeCoder
from cqc_themes.models.codebook.corpus_coding import (
    code_corpus,
    coding_stale_reason,
    covered_finding_ids,
)
from cqc_themes.models.codebook.councils import (
    POLARITIES,
    POLARITY_BOTH,
    POLARITY_DESCRIPTIVE,
    POLARITY_SHORTFALL,
    POLARITY_STRENGTH,
    find_theme,
    judge_council,
    theme_councils,
    theme_matrix,
)

__all__ = [
    "CODING_METHODS",
    "DEFAULT_CODEBOOK_NAME",
    "POLARITIES",
    "POLARITY_BOTH",
    "POLARITY_DESCRIPTIVE",
    "POLARITY_SHORTFALL",
    "POLARITY_STRENGTH",
    "ThemeCoder",
    "add_theme_to_codebook_file",
    "code_corpus",
    "coding_stale_reason",
    "covered_finding_ids",
    "default_codebook",
    "find_theme",
    "judge_council",
    "load_codebook",
    "parse_codebook",
    "theme_as_toml",
    "theme_councils",
    "theme_matrix",
]
