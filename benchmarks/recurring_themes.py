"""The yardstick for theme benchmarks: eight themes CQC and the LGA found recurring.

Patterns are matched against a topic's label and keywords. They measure the models; the
models never see them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RECURRING_THEMES: dict[str, str] = {
    "unpaid carers": r"\bcarers?\b",
    "equality/diversity data": r"equalit|diversity|ethnic|protected characteristic|demographic",
    "prevention/reablement": r"prevent|reablement|early intervention",
    "workforce and OT recruitment": r"workforce|recruit|occupational therap|\bots?\b|vacanc",
    "transitions to adult services": r"transition|preparing for adulthood|young people",
    "waiting lists/times": r"\bwait|backlog",
    "direct payments": r"direct payment",
    "safeguarding enquiries": r"safeguarding|section 42|\benquir",
}


def names_theme(theme: str, label: str, keywords: Iterable[str]) -> bool:
    """Whether a topic's label or keywords name one of the recurring themes."""
    pattern = RECURRING_THEMES[theme]
    return any(re.search(pattern, text, re.IGNORECASE) for text in (label, *keywords))
