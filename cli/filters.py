"""The finding filters several commands share, as typer options."""

from __future__ import annotations

from typing import Annotated

import typer

from cqc_themes.domain import FINDING_LABELS
from cqc_themes.records import FindingFilter

Council = Annotated[
    str | None, typer.Option("--council", help="Only councils whose name contains this.")
]
Statement = Annotated[
    str | None,
    typer.Option("--statement", help="Only this quality statement (part of its name will do)."),
]
Theme = Annotated[
    str | None,
    typer.Option("--theme", help="Only this theme: working with people, providing support, "
                 "ensuring safety, leadership."),
]
Rating = Annotated[
    str | None,
    typer.Option("--rating", help="Only councils rated this (outstanding, good, requires "
                 "improvement, inadequate)."),
]
Subheading = Annotated[
    str | None,
    typer.Option("--subheading", help='Only findings under this sub-heading, e.g. "key findings".'),
]
Label = Annotated[
    str | None,
    typer.Option("--label", help="Only findings the classifier labelled strength, improvement "
                 "or context (run `cqc-themes classify` first)."),
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
    if label and label not in FINDING_LABELS:
        choices = f"{', '.join(FINDING_LABELS[:-1])} or {FINDING_LABELS[-1]}"
        raise typer.BadParameter(f"choose {choices}", param_hint="--label")
    return FindingFilter(
        council=council, quality_statement=statement, theme=theme, rating=rating,
        subheading=subheading, label=label, published_since=since,
    )
