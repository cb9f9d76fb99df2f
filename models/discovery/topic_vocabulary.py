"""The words topics are described with: English and CQC boilerplate stays out of keywords.

Every report says "the local authority", "people told us" and "staff" on every page, so
those words would head every topic. Boilerplate phrases are cut before tokenising (so
"local" survives in "local area" but "local authority" goes), phrases are built only
from adjacent content words (never across a stop word or a comma), and generic words may
appear in a keyword phrase ("care homes") but never make a keyword on their own ("care",
"people").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Cut from the text before tokenising, longest first so "adult social care" wins.
BOILERPLATE_PHRASES: tuple[str, ...] = (
    "people who draw on care and support",
    "care and support",
    "adult social care",
    "social care",
    "local authorities",
    "local authority",
    "told us",
    "we heard",
    "feedback from",
    "at the time of our assessment",
)

# Dropped before n-grams are built: they carry no theme however they are combined.
BOILERPLATE_WORDS: frozenset[str] = frozenset({
    "authority", "authorities", "borough", "city", "council", "councils", "county", "cqc",
    "london", "told", "heard", "said", "says", "stated", "reported", "explained", "described",
    "example", "examples", "including", "included", "also", "however", "although", "within",
    "staff", "did", "does", "doing", "having", "got", "get", "gets", "getting", "took",
})

# Allowed inside a phrase ("care homes", "young people"), never a keyword alone.
GENERIC_WORDS: frozenset[str] = frozenset({
    "people", "person", "care", "support", "supported", "supporting", "service", "services",
    "adult", "adults", "social", "need", "needs", "good", "work", "worked", "working",
    "used", "use", "using", "ensure", "ensured", "time", "local", "area", "areas", "team",
    "teams", "health", "help", "helped", "provide", "provided", "approach", "ways", "way",
    "range", "number", "level", "levels", "place", "new", "make", "made", "available",
    "process", "processes", "positive", "experience", "experiences", "outcomes", "feedback",
    "improve", "improvement", "improvements", "understand", "understanding", "identified",
    "effective", "well", "able", "wider", "key", "overall", "recent", "recently", "current",
    "plan", "plans", "strategy", "strategies", "data", "information", "community",
    "communities", "leaders", "leader", "senior", "partners", "partner",
})

# Words joined by a hyphen after a short prefix are one word ("co-ordinated", "re-ablement");
# other hyphens separate words ("long-term", "person-centred").
_PREFIX_HYPHEN = re.compile(r"\b([a-z]{1,3})-(?=[a-z])")
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
# A phrase never spans punctuation, a number or a cut phrase.
_BREAK = re.compile(r"[^\w\s'-]|\d|_|\s-\s")
_WORD = re.compile(r"[^\W\d_][^\W\d_']+")


def singular(word: str) -> str:
    """A crude singular: "carers" -> "carer", "enquiries" -> "enquiry", "processes" ->
    "process". Groups a noun's forms; used to group, never shown."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def word_stem(word: str) -> str:
    """A cruder stem that also folds verb forms: "waits", "waited", "waiting" -> "wait".
    Only for telling whether two keywords say the same thing."""
    word = singular(word)
    for suffix, shortest in (("ing", 6), ("ed", 5)):
        if word.endswith(suffix) and len(word) >= shortest:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


class PhraseAnalyzer:
    """A CountVectorizer analyzer: words and phrases of up to `max_words` adjacent content
    words, so a phrase never bridges a dropped stop word ("promote independence
    [and] prevent") or punctuation.

    After `fit(texts)` a noun's singular and plural count as its more common form in the
    texts ("carer" -> "carers"), which matters when topics hold few findings. Verb forms
    stay apart: "social work" must not become "social worked".
    """

    def __init__(
        self,
        stop_words: Iterable[str],
        max_words: int = 2,
        phrases_to_cut: Iterable[str] = BOILERPLATE_PHRASES,
    ) -> None:
        self.stop_words = frozenset(stop_words)
        self.max_words = max_words
        ordered = sorted(phrases_to_cut, key=len, reverse=True)
        self.cut = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
        self.common_form_: dict[str, str] = {}

    def fit(self, texts: Iterable[str]) -> PhraseAnalyzer:
        return self.fit_runs(self.runs(text) for text in texts)

    def fit_runs(self, runs_of_texts: Iterable[list[list[str]]]) -> PhraseAnalyzer:
        """`fit` on texts already split by `runs` (a caller that also wants each text's
        terms splits every text once)."""
        counts: Counter[str] = Counter()
        for runs in runs_of_texts:
            counts.update(word for run in runs for word in run)
        best: dict[str, tuple[int, str]] = {}
        for word, count in counts.items():
            stem = singular(word)
            # Most frequent form wins; ties go to the shorter, then alphabetical.
            if stem not in best or (-count, len(word), word) < (-best[stem][0],
                                                                 len(best[stem][1]),
                                                                 best[stem][1]):
                best[stem] = (count, word)
        self.common_form_ = {word: best[singular(word)][1] for word in counts}
        return self

    def __call__(self, text: str) -> list[str]:
        return self.terms(self.runs(text))

    def runs(self, text: str) -> list[list[str]]:
        """Runs of adjacent content words, split at stop words and punctuation."""
        return list(self._runs(text))

    def terms(self, runs: list[list[str]]) -> list[str]:
        """The words and phrases of a text split by `runs`."""
        terms: list[str] = []
        for run in runs:
            words = [self.common_form_.get(word, word) for word in run]
            terms.extend(
                " ".join(words[start : start + size])
                for size in range(1, self.max_words + 1)
                for start in range(len(words) - size + 1)
            )
        return terms

    def _runs(self, text: str) -> Iterator[list[str]]:
        text = text.lower().replace("’", "'").replace("‘", "'")
        text = _HYPHEN.sub(" ", _PREFIX_HYPHEN.sub(r"\1", text))
        text = self.cut.sub(" | ", text)
        for segment in _BREAK.split(text):
            run: list[str] = []
            for token in segment.split():
                word = _WORD.fullmatch(token.strip("'"))
                if word is None or word.group() in self.stop_words:
                    if run:
                        yield run
                    run = []
                else:
                    run.append(word.group())
            if run:
                yield run


def place_words(council_names: Iterable[str]) -> set[str]:
    """The words of councils' names ("camden", "tyneside"): they name a place, not a theme."""
    words = set()
    for name in council_names:
        words.update(re.findall(r"[a-z]+", name.lower()))
    return words


def topic_stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """English stop words (but "system": "integrated care system"), CQC boilerplate and
    `extra` (e.g. place names)."""
    # scikit-learn loads in a second; import it only when topics are described.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return (ENGLISH_STOP_WORDS - {"system"}) | BOILERPLATE_WORDS | {w.lower() for w in extra}


def topic_vectorizer(
    texts: Iterable[str], extra_stop_words: Iterable[str] = (), max_words: int = 2
) -> Any:  # sklearn's CountVectorizer
    """The CountVectorizer behind topic keywords (words and phrases of adjacent words),
    with inflections grouped as they occur in `texts`."""
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = PhraseAnalyzer(topic_stop_words(extra_stop_words), max_words).fit(texts)
    return CountVectorizer(analyzer=analyzer)


def topic_analyzer(
    texts: Sequence[str], extra_stop_words: Iterable[str] = (), max_words: int = 2
) -> tuple[PhraseAnalyzer, dict[str, frozenset[str]]]:
    """`topic_vectorizer`'s analyzer, and the terms it finds in each of `texts` (each text
    split once, for fitting and for its terms)."""
    analyzer = PhraseAnalyzer(topic_stop_words(extra_stop_words), max_words)
    runs_of = {text: analyzer.runs(text) for text in texts}
    analyzer.fit_runs(runs_of[text] for text in texts)
    return analyzer, {text: frozenset(analyzer.terms(runs)) for text, runs in runs_of.items()}


def is_generic(keyword: str) -> bool:
    """True when every word of a keyword is generic, so it says nothing on its own."""
    return all(word in GENERIC_WORDS for word in keyword.split())
