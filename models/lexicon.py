"""Words that carry judgement in CQC's findings, and a sentence's main clause.

Shared by the rule baseline (which reads nothing else) and the classifier (which reads
these counts beside its embeddings, so words it never saw in training still count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Entries are whole words or phrases; a trailing * matches any word that starts so.
POSITIVE = (
    "good", "well", "effective*", "positive*", "prais*", "valued", "strong*", "excellent",
    "outstanding", "exceptional*", "timely", "prompt*", "quick*", "improved", "better", "best",
    "helpful", "supportive", "responsive", "proactive*", "innovat*", "robust", "embedded",
    "confident*", "satisf*", "happy", "appreciat*", "kind", "caring", "compassion*",
    "skilled", "knowledgeable", "committed", "dedicated", "accessible", "success*",
    "benefit*", "empower*", "clear", "clearly", "consistent", "consistently", "thorough*",
    "collaborative*", "trusted", "welcom*", "impressive", "creative*", "flexib*", "seamless*",
    "person-centred", "holistic*", "helped", "thriv*", "achiev*", "high quality",
    "high-quality", "above", "reduced", "halved", "cleared", "shortened", "increased",
    "in place", "worked well",
)
# Entries that report a shortfall, risk or delay.
NEGATIVE = (
    "not", "no", "lack*", "limited", "delay*", "wait", "waited", "waiting", "waits",
    "backlog*", "inconsisten*", "poor*", "concern*", "risk*", "gap", "gaps", "shortfall*",
    "difficult*", "challeng*", "unable", "frustrat*", "worse", "below", "insufficient*",
    "shortage*", "struggl*", "lengthy", "missed", "overdue", "unmet", "barrier*", "never",
    "fail*", "unclear", "unaware", "inadequate*", "late", "slow*", "weak*", "fragment*",
    "confus*", "complain*", "problem*", "issue", "issues", "pressure*", "overspe*",
    "deficit*", "vacanc*", "unsafe", "harm", "neglect*", "variab*", "disjoint*", "patchy",
    "hard to", "too long", "yet to", "cannot", "can't", "couldn't", "didn't", "wasn't",
    "weren't", "hadn't", "lower than", "fewer", "less than", "only", "rarely", "behind",
)
# Words that turn a sentence: the clause after them (or after "although ...,") is the point.
CONTRAST = ("although", "though", "while", "whilst", "despite", "however", "but", "yet")
# Words that weigh a figure against others.
COMPARISON = ("average", "compared", "comparison", "national*", "england", "regional*",
              "than", "similar", "in line with", "benchmark*", "peers", "neighbour*")
# Words that put a figure level with others: a comparison that judges neither way.
PARITY = ("similar", "similar to", "in line with", "comparable", "broadly", "close to",
          "the same as", "consistent with")
# Words that state an aim or a plan rather than what has happened.
INTENT = ("aim*", "vision", "intend*", "plan", "plans", "planned", "planning", "will", "would",
          "to ensure", "designed to", "so that", "strategy", "priorit*", "purpose", "objective*")
# Words that report what someone said or felt.
VOICES = ("told us", "said", "feedback", "described", "reported", "survey*", "we heard")
# Words that soften a judgement to part of the picture.
HEDGES = ("some", "not always", "not all", "sometimes", "in places", "mixed", "varied",
          "a few", "not everyone", "at times")

_CONCESSION = re.compile(r"^\s*(although|though|while|whilst|despite)\b[^,;]*[,;]\s*(.+)$", re.I)
_TURN = re.compile(r"[,;]\s*(?:but|however|yet)\b,?\s*(.+)$|\bhowever,\s*(.+)$", re.I)


def main_clause(sentence: str) -> str:
    """The part of a sentence that carries its point: after a leading "although ...," or
    after a turn such as ", but" or "however,"; otherwise the whole sentence."""
    concession = _CONCESSION.match(sentence)
    if concession:
        return concession.group(2)
    turn = _TURN.search(sentence)
    if turn:
        return turn.group(1) or turn.group(2)
    return sentence


@dataclass(frozen=True)
class Cues:
    """How many words of each kind a text holds."""

    positive: int
    negative: int
    contrast: int
    comparison: int
    parity: int
    intent: int
    voices: int
    hedges: int


def _pattern(entries: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression matching any entry as whole words, longest entries first."""
    alternatives = []
    for entry in sorted(entries, key=len, reverse=True):
        stem = re.escape(entry.rstrip("*")).replace(r"\ ", r"\s+")
        alternatives.append(stem + (r"[\w'-]*" if entry.endswith("*") else ""))
    return re.compile(r"(?<![\w'-])(?:" + "|".join(alternatives) + r")(?![\w'-])")


_PATTERNS = {
    "positive": _pattern(POSITIVE),
    "negative": _pattern(NEGATIVE),
    "contrast": _pattern(CONTRAST),
    "comparison": _pattern(COMPARISON),
    "parity": _pattern(PARITY),
    "intent": _pattern(INTENT),
    "voices": _pattern(VOICES),
    "hedges": _pattern(HEDGES),
}


def cues(text: str) -> Cues:
    """Counts of praising, critical, contrasting, comparing, levelling, planning, reporting
    and hedging words in `text` (case and curly apostrophes ignored)."""
    lowered = text.lower().replace("’", "'")
    return Cues(**{kind: len(pattern.findall(lowered)) for kind, pattern in _PATTERNS.items()})
