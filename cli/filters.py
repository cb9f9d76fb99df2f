"""The finding filters several commands share, as typer options checked against the domain.

Each option's callback refuses a value that names nothing (exit 2, with the valid
choices), so a typo is never answered with "No findings match."
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from cqc_themes.domain import (
    FINDING_LABELS,
    RATINGS,
    STATEMENT_NAMES,
    THEMES,
    iso_date_prefix,
    names_matching,
    statements_matching,
)
from cqc_themes.records import FindingFilter


def _choices(names: tuple[str, ...]) -> str:
    # Semicolons: some statement names have commas of their own.
    lowered = [name.lower() for name in names]
    separator = "; " if any("," in name for name in names) else ", "
    return f"{separator.join(lowered[:-1])} or {lowered[-1]}"


def _domain_check(
    kind: str, names: tuple[str, ...], matching: Callable[[str], tuple[str, ...]]
) -> Callable[[str | None], str | None]:
    """A callback passing a value that names one of `names` (the one, canonically, if it
    names exactly one; as typed if several share it) and refusing one that names none."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        matches = matching(value)
        if not matches:
            raise typer.BadParameter(f"{value!r} is not a {kind}; choose {_choices(names)}")
        return matches[0] if len(matches) == 1 else value

    return check


def _check_label(value: str | None) -> str | None:
    if value is None or value.lower() in FINDING_LABELS:
        return value and value.lower()
    raise typer.BadParameter(f"{value!r} is not a label; choose {_choices(FINDING_LABELS)}")


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return iso_date_prefix(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


Council = Annotated[
    str | None, typer.Option("--council", help="Only councils whose name contains this.")
]
Statement = Annotated[
    str | None,
    typer.Option(
        "--statement",
        callback=_domain_check("quality statement", STATEMENT_NAMES, statements_matching),
        help="Only this quality statement (part of its name will do, e.g. safeguarding).",
    ),
]
Theme = Annotated[
    str | None,
    typer.Option(
        "--theme",
        callback=_domain_check("theme", THEMES, lambda text: names_matching(text, THEMES)),
        help="Only this CQC theme: working with people, providing support, ensuring safety, "
        "leadership.",
    ),
]
Rating = Annotated[
    str | None,
    typer.Option(
        "--rating",
        callback=_domain_check("rating", RATINGS, lambda text: names_matching(text, RATINGS)),
        help="Only councils rated this (outstanding, good, requires improvement, inadequate).",
    ),
]
Subheading = Annotated[
    str | None,
    typer.Option("--subheading", help='Only findings under this sub-heading, e.g. "key findings".'),
]
Label = Annotated[
    str | None,
    typer.Option(
        "--label",
        callback=_check_label,
        help="Only findings the classifier labelled strength, improvement or context "
        "(run `cqc-themes classify` first).",
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        callback=_check_date,
        help="Only reports published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]


def finding_filter(
    council: str | None = None,
    statement: str | None = None,
    theme: str | None = None,
    rating: str | None = None,
    subheading: str | None = None,
    label: str | None = None,
    since: str | None = None,
) -> FindingFilter:
    """The FindingFilter for option values the callbacks above have already checked."""
    return FindingFilter(
        council=council,
        quality_statement=statement,
        theme=theme,
        rating=rating,
        subheading=subheading,
        label=label,
        published_since=since,
    )
