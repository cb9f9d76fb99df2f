"""The digest as Markdown: readable tables, quotations with council and page."""

from __future__ import annotations

from cqc_themes.domain import STATEMENT_NAMES
from cqc_themes.lessons.content import Digest, DigestTheme


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _theme_section(theme: DigestTheme, kind: str) -> list[str]:
    split = theme.label_split
    lines = [
        f"### {_cell(theme.label)}",
        "",
        f"- **{theme.council_count} councils** with {kind}: {', '.join(theme.councils)}",
        f"- Keywords: {', '.join(theme.keywords[:8])}",
        f"- Statements: {', '.join(f'{s} ({n})' for s, n in list(theme.statements.items())[:4])}",
        f"- Findings: {split['strength']} strength, {split['improvement']} improvement, "
        f"{split['context']} context",
        "",
    ]
    lines += [f"> {q.text} ({q.council}, p. {q.page})\n" for q in theme.findings]
    return lines


def render_markdown(digest: Digest) -> str:
    glance = digest.glance
    out = ["# What CQC's assessments of councils are finding", ""]
    if digest.scope:
        out += ["Scope: " + "; ".join(f"{k.replace('_', ' ')}: {v}"
                                      for k, v in digest.scope.items()), ""]
    out += [f"_{note}_" for note in digest.notes] + ([""] if digest.notes else [])
    out += [
        "## The corpus at a glance", "",
        f"{glance.reports} reports, {glance.findings} findings "
        f"({glance.labelled_findings} labelled).", "",
        "| rating | reports |", "|---|---|",
        *[f"| {rating} | {n} |" for rating, n in glance.ratings.items()],
        "",
        "| council | " + " | ".join(STATEMENT_NAMES) + " |",
        "|---|" + "---|" * len(STATEMENT_NAMES),
        *[f"| {_cell(council)} | " + " | ".join("" if s is None else str(s) for s in scores) + " |"
          for council, scores in glance.heatmap],
        "",
        "## Recurring areas for improvement", "",
    ]
    for theme in digest.improvements:
        out += _theme_section(theme, "shortfalls")
    if not digest.improvements:
        out += ["No theme recurs as a shortfall across councils yet.", ""]
    out += ["## Recurring strengths", ""]
    for theme in digest.strengths:
        out += _theme_section(theme, "strengths")
    if not digest.strengths:
        out += ["No theme recurs as a strength across councils yet.", ""]
    out += [
        "## What separates higher- from lower-rated councils", "",
        "Share of councils with findings of each kind in the theme: rated Outstanding or "
        "Good (higher) against Requires improvement or Inadequate (lower).", "",
        "| theme | kind | higher | lower | difference |", "|---|---|---|---|---|",
        *[f"| {_cell(d.label)} | {d.kind} | {d.higher_share:.0%} of {d.higher_councils} | "
          f"{d.lower_share:.0%} of {d.lower_councils} | {d.difference:+.0%} |"
          for d in digest.differentiators],
        "",
        "## By quality statement", "",
        "| statement | mean score | common strengths | common shortfalls |",
        "|---|---|---|---|",
    ]
    for statement in digest.statements:
        mean = "" if statement.mean_score is None else f"{statement.mean_score:.2f}"
        strengths = "; ".join(f"{m.label} ({m.councils})" for m in statement.strengths)
        shortfalls = "; ".join(f"{m.label} ({m.councils})" for m in statement.shortfalls)
        out.append(f"| {statement.quality_statement} | {mean} | {_cell(strengths)} | "
                   f"{_cell(shortfalls)} |")
    out += ["", "## All themes", "", "| theme | councils | strength | improvement | context |",
            "|---|---|---|---|---|"]
    out += [f"| {_cell(t.label)} | {t.council_count} | {t.label_split['strength']} | "
            f"{t.label_split['improvement']} | {t.label_split['context']} |"
            for t in digest.themes]
    return "\n".join(out) + "\n"
