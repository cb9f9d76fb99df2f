"""Codes findings with codebook themes: keyword evidence, similarity by meaning, or both.

A `ThemeCoder` follows scikit-learn's manner: plain settings in `__init__`, `fit` takes
the codebook and the vectors of its themes' definitions and seeds, `code` returns the
codes of findings given their vectors. It never loads a model: vectors come from the
caller (models/embeddings.py and the corpus cache), so coding costs no extra model load.

Methods (chosen by benchmarks/theme_councils.py, which prints the ablation):
- "keywords": a theme's regular expressions match the finding.
- "embeddings": the finding's cosine similarity to the theme's definition or a seed
  reaches `similarity_threshold`.
- "blend": keywords whose match the meaning confirms (similarity >= `confirm_threshold`),
  or a similarity at or above `similarity_threshold` with no keyword at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cqc_themes.errors import CodingError
from cqc_themes.records import Codebook, CodebookTheme, FindingCode

CODING_METHODS = ("keywords", "embeddings", "blend")
# A bracketed source with a year, e.g. "(Survey of Adult Carers in England, 2024)" or
# "(Safeguarding Adults Collection, September 2023)": the name of a data source says where
# a figure comes from, not what the finding is about, so keywords skip it.
_CITED_SOURCE = re.compile(r"\((?=[^()]*[A-Z][a-z])(?=[^()]*\b(?:19|20)\d\d\b)[^()]*\)")


def without_cited_sources(text: str) -> str:
    """The text with bracketed data sources (a name and a year) left out."""
    return _CITED_SOURCE.sub(" ", text)


def theme_texts(theme: CodebookTheme) -> tuple[str, ...]:
    """The texts a theme's meaning is taken from: its definition and its seeds."""
    return (theme.definition, *theme.seeds)


@dataclass(frozen=True)
class _ThemeMatcher:
    theme: CodebookTheme
    patterns: tuple[re.Pattern[str], ...]
    vectors: np.ndarray | None  # (len(theme_texts), dimensions), unit length
    texts: tuple[str, ...]
    # All the patterns in one: most findings match no keyword of a theme, and one
    # search says so at once (coding 42,000 findings took 28 s pattern by pattern).
    any_pattern: re.Pattern[str] | None = None

    def matched_words(self, text: str) -> list[str]:
        words: list[str] = []
        if self.any_pattern is not None and not self.any_pattern.search(text):
            return words
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                word = " ".join(match.group(0).split())
                if word.lower() not in (w.lower() for w in words):
                    words.append(word)
        return words


class ThemeCoder:
    """Gives each finding zero or more codebook themes, each with a score and a reason."""

    def __init__(
        self,
        method: str = "blend",
        similarity_threshold: float = 0.7,
        confirm_threshold: float = 0.3,
    ) -> None:
        self.method = method
        self.similarity_threshold = similarity_threshold
        self.confirm_threshold = confirm_threshold

    def get_params(self) -> dict[str, object]:
        return {
            "method": self.method,
            "similarity_threshold": self.similarity_threshold,
            "confirm_threshold": self.confirm_threshold,
        }

    @property
    def needs_embeddings(self) -> bool:
        return self.method != "keywords"

    def fit(self, codebook: Codebook, theme_vectors: Sequence[np.ndarray] | None = None):
        """Prepare the codebook: `theme_vectors[i]` holds the vectors of
        `theme_texts(codebook.themes[i])` (needed unless method is "keywords")."""
        if self.method not in CODING_METHODS:
            raise CodingError(
                f"unknown coding method {self.method!r}; use one of {', '.join(CODING_METHODS)}"
            )
        if self.needs_embeddings and theme_vectors is None:
            raise CodingError(f"coding method {self.method!r} needs the themes' vectors")
        self.codebook_ = codebook
        self.matchers_ = tuple(
            _ThemeMatcher(
                theme=theme,
                patterns=tuple(re.compile(k, re.IGNORECASE) for k in theme.keywords),
                vectors=None if theme_vectors is None else np.asarray(theme_vectors[i]),
                texts=theme_texts(theme),
                any_pattern=_any_of(theme.keywords),
            )
            for i, theme in enumerate(codebook.themes)
        )
        return self

    def code(
        self,
        finding_ids: Sequence[int],
        texts: Sequence[str],
        vectors: np.ndarray | None = None,
    ) -> list[FindingCode]:
        """Codes for findings (ids and texts in step; vectors unit length, in step too)."""
        if not hasattr(self, "matchers_"):
            raise CodingError("ThemeCoder is not fitted; call fit(codebook, ...) first")
        if self.needs_embeddings and vectors is None and len(texts):
            raise CodingError(f"coding method {self.method!r} needs the findings' vectors")
        # Each theme's closest text to every finding at once: one matrix product per
        # theme rather than one per finding and theme.
        closest = [
            self._closest_texts(matcher, vectors)
            if vectors is not None and matcher.vectors is not None and self.needs_embeddings
            else None
            for matcher in self.matchers_
        ]
        codes: list[FindingCode] = []
        for row, (finding_id, text) in enumerate(zip(finding_ids, texts, strict=True)):
            searched = without_cited_sources(text) if self.method != "embeddings" else ""
            for matcher, nearest in zip(self.matchers_, closest, strict=True):
                similarity, closest_text = 0.0, ""
                if nearest is not None:
                    similarity = float(nearest[0][row])
                    closest_text = matcher.texts[int(nearest[1][row])]
                code = self._code_one(finding_id, searched, similarity, closest_text, matcher)
                if code is not None:
                    codes.append(code)
        return codes

    @staticmethod
    def _closest_texts(
        matcher: _ThemeMatcher, vectors: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per finding: the cosine to the theme's closest text, and that text's index.
        einsum sums each product in one fixed order, so a finding's similarity does not
        depend on which findings are coded with it (BLAS's blocking could)."""
        similarities = np.einsum(
            "ij,kj->ik", np.asarray(vectors, dtype=np.float32), matcher.vectors
        )
        best = similarities.argmax(axis=1)
        return similarities[np.arange(len(best)), best], best

    def _code_one(
        self,
        finding_id: int,
        searched: str,
        similarity: float,
        closest: str,
        matcher: _ThemeMatcher,
    ) -> FindingCode | None:
        """The code (if any) of one theme for one finding: `searched` is the finding's
        text without its cited sources, where keywords are looked for; `similarity` its
        cosine to the theme's `closest` text (0 and "" when meaning is not used)."""
        words = matcher.matched_words(searched) if self.method != "embeddings" else []
        quoted = ", ".join(f'"{w}"' for w in words)
        like = f'like "{closest}" ({similarity:.2f})'
        theme_id = matcher.theme.theme_id
        if self.method == "keywords":
            return FindingCode(finding_id, theme_id, 1.0, f"words {quoted}") if words else None
        if words and self.method == "blend":
            if similarity < self.confirm_threshold:
                return None  # the words are there, but the sentence is about something else
            return FindingCode(finding_id, theme_id, 1.0, f"words {quoted}; {like}")
        if similarity >= self.similarity_threshold:
            return FindingCode(finding_id, theme_id, round(similarity, 4), like)
        return None


def _any_of(keywords: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern matching wherever any keyword does, or None when they cannot be
    joined (a keyword with its own global flags or numbered back-references)."""
    # A numbered back-reference would point at another keyword's group once joined.
    if not keywords or any(re.search(r"\\[1-9]|\(\?P=", keyword) for keyword in keywords):
        return None
    try:
        return re.compile("|".join(f"(?:{keyword})" for keyword in keywords), re.IGNORECASE)
    except re.error:
        return None
