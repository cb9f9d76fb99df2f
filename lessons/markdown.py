"""The digest as Markdown: headlines first, then each theme's councils quoted with page."""

from __future__ import annotations

from cqc_themes.domain import STATEMENT_NAMES
from cqc_themes.lessons.content import HEADLINE_THEMES, Digest, DigestTheme

POLARITY_MARK = {"shortfall": "−", "strength": "+", "both": "±", "descriptive": "·"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _headline(themes: tuple[DigestTheme, ...], kind: str) -> list[str]:
    if not themes:
        return [f"No codebook theme recurs as a {kind} across councils yet.", ""]
    lines = [f"{n}. **{_cell(t.label)}**: {t.council_count} councils"
             for n, t in enumerate(themes[:HEADLINE_THEMES], start=1)]
    if len(themes) > HEADLINE_THEMES:
        lines.append(f"   ... and {len(themes) - HEADLINE_THEMES} more below")
    return [*lines, ""]


def _theme_section(theme: DigestTheme, kind: str) -> list[str]:
    split = theme.label_split
    lines = [
        f"### {_cell(theme.label)}",
        "",
        f"- **{theme.council_count} councils** {kind}: {', '.join(theme.councils)}",
        f"- Keywords: {', '.join(theme.keywords[:8])}",
        f"- Statements: {', '.join(f'{s} ({n})' for s, n in list(theme.statements.items())[:4])}",
        f"- Findings: {split['strength']} strength, {split['improvement']} improvement, "
        f"{split['context']} context",
        "",
    ]
    for verdict in theme.verdicts:
        if verdict.quote is not None:
            lines.append(f"> {verdict.quote.text} ({verdict.council}, p. {verdict.quote.page}; "
                         f"{verdict.polarity})\n")
    return lines


def render_markdown(digest: Digest) -> str:
    glance = digest.glance
    out = ["# What CQC's assessments of councils are finding", ""]
    if digest.scope:
        out += ["Scope: " + "; ".join(f"{k.replace('_', ' ')}: {v}"
                                      for k, v in digest.scope.items()), ""]
    out += [f"_{note}_" for note in digest.notes] + ([""] if digest.notes else [])
    out += ["## Headlines", "",
            f"{glance.reports} reports; themes from codebook {digest.codebook!r}, ordered by "
            "the number of councils whose report raises each.", "",
            "**Recurring shortfalls**", "", *_headline(digest.improvements, "shortfall"),
            "**Recurring strengths**", "", *_headline(digest.strengths, "strength"),
            "**Themes discovered beyond the codebook**", ""]
    out += [f"- {_cell(t.label)}: {t.council_count} councils" for t in digest.discovered[:5]]
    out += ["" if digest.discovered else "No candidate recurs in three or more councils.", ""]
    heatmap = digest.theme_heatmap
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
        "## Council by theme", "",
        "− shortfall, + strength, ± both, · mentioned only; blank: not raised.", "",
        "| council | " + " | ".join(_cell(name) for _, name in heatmap.themes) + " |",
        "|---|" + "---|" * len(heatmap.themes),
        *[f"| {_cell(council)} | " + " | ".join(POLARITY_MARK.get(p or "", "") for p in row)
          + " |" for council, row in zip(heatmap.councils, heatmap.cells, strict=True)],
        "",
        "## Recurring areas for improvement", "",
    ]
    for theme in digest.improvements:
        out += _theme_section(theme, "raise it as a shortfall")
    if not digest.improvements:
        out += ["No theme recurs as a shortfall across councils yet.", ""]
    out += ["## Recurring strengths", ""]
    for theme in digest.strengths:
        out += _theme_section(theme, "raise it as a strength")
    if not digest.strengths:
        out += ["No theme recurs as a strength across councils yet.", ""]
    out += ["## Themes discovered beyond the codebook", "",
            "Themes found among findings no codebook theme covers, recurring in three or more "
            "councils: candidate codes. `cqc-themes codebook add ID` makes one a code.", ""]
    for theme in digest.discovered:
        out += _theme_section(theme, f"raise it ({theme.theme_id})")
    if not digest.discovered:
        out += ["No candidate theme recurs in three or more councils.", ""]
    out += [
        "## What separates higher- from lower-rated councils", "",
        "Share of councils raising each theme as a strength or a shortfall: rated Outstanding "
        "or Good (higher) against Requires improvement or Inadequate (lower).", "",
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
    return "\n".join(out) + "\n"
