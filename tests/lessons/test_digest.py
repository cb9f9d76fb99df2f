"""The lessons-learned digest on the sample reports: files, content, traceability, and
the councils it lists being exactly the codebook's judgement."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cqc_themes import Corpus, FindingFilter
from cqc_themes.domain import STATEMENT_NAMES
from cqc_themes.lessons import build_digest, write_digest
from cqc_themes.lessons.content import (
    CorpusGlance,
    CouncilVerdict,
    Digest,
    DigestTheme,
    QuotedFinding,
    ThemeHeatmap,
)
from cqc_themes.lessons.html import render_html
from cqc_themes.lessons.regenerate import regenerate_digest
from cqc_themes.models.codebook import theme_councils, theme_matrix
from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS
from cqc_themes.records import Correction


@pytest.fixture(scope="session")
def digested_samples(discovered_samples: Path, tmp_path_factory: pytest.TempPathFactory):
    """The coded samples, labelled, with a digest written once per session."""
    folder = tmp_path_factory.mktemp("digest")
    with Corpus(discovered_samples) as fitted:
        path = fitted.backup(folder / "corpus.sqlite")
    with Corpus(path) as corpus:
        run = regenerate_digest(corpus, folder / "out")
    return path, run


def test_writes_markdown_html_and_json(digested_samples) -> None:
    _, run = digested_samples
    for path in (run.files.markdown, run.files.html, run.files.json):
        assert path.stat().st_size > 1000, path
    data = json.loads(run.files.json.read_text(encoding="utf-8"))
    for key in (
        "improvements",
        "strengths",
        "discovered",
        "themes",
        "theme_matrix",
        "corpus",
        "differentiators",
    ):
        assert key in data
    assert data["corpus"]["reports"] == 9
    assert data["improvements"] and data["strengths"]
    for theme in data["improvements"] + data["strengths"] + data["discovered"]:
        assert {
            "theme_id",
            "label",
            "theme_name",
            "kind",
            "keywords",
            "councils",
            "council_count",
            "findings",
        } <= theme.keys()
        assert theme["keywords"] and all(isinstance(k, str) for k in theme["keywords"])
        assert all(isinstance(c, str) for c in theme["councils"])
        assert theme["council_count"] == len(theme["councils"]) >= 2
        assert all({"council", "page", "text"} <= quote.keys() for quote in theme["findings"])


def test_the_digest_leads_with_codebook_themes(digested_samples) -> None:
    _, run = digested_samples
    digest = run.digest
    assert all(t.kind == "codebook" for t in digest.improvements + digest.strengths)
    assert all(t.kind == "discovered" for t in digest.discovered)
    markdown = run.files.markdown.read_text(encoding="utf-8")
    sections = [
        "## Headlines",
        "## Recurring areas for improvement",
        "## Recurring strengths",
        "## Themes discovered beyond the codebook",
    ]
    positions = [markdown.index(section) for section in sections]
    assert positions == sorted(positions)
    headline = markdown[positions[0] : markdown.index("## The corpus at a glance")]
    assert f"**{digest.improvements[0].label}**" in headline
    assert len(headline.splitlines()) <= 40  # fits a screen


def test_listed_councils_are_exactly_the_codebook_judgement(digested_samples) -> None:
    path, run = digested_samples
    with Corpus(path) as corpus:
        judged = {entry.theme.theme_id: entry for entry in theme_councils(corpus)}
        matrix = theme_matrix(corpus)
    for theme in run.digest.improvements:
        assert theme.councils == judged[theme.theme_id].shortfall_councils
    for theme in run.digest.strengths:
        assert theme.councils == judged[theme.theme_id].strength_councils
    listed = {t.theme_id for t in run.digest.improvements}
    assert listed == {i for i, e in judged.items() if len(e.shortfall_councils) >= 2}
    heatmap = run.digest.theme_heatmap
    for council, row in zip(heatmap.councils, heatmap.cells, strict=True):
        for (theme_id, _), polarity in zip(heatmap.themes, row, strict=True):
            assert polarity == matrix.cell(council, theme_id)


def test_each_listed_council_is_quoted_with_its_likeliest_finding_of_that_kind(
    digested_samples,
) -> None:
    path, run = digested_samples
    with Corpus(path) as corpus:
        judged = {entry.theme.theme_id: entry for entry in theme_councils(corpus)}
    digest = run.digest
    for themes, label in ((digest.improvements, "improvement"), (digest.strengths, "strength")):
        for theme in themes:
            assert [v.council for v in theme.verdicts] == list(theme.councils)
            for verdict in theme.verdicts:
                assert verdict.quote is not None and verdict.quote.council == verdict.council
                evidence = next(
                    j.evidence
                    for j in judged[theme.theme_id].judgements
                    if j.council == verdict.council
                )
                # A finding labelled so when the council has one, else its likeliest one.
                if any(e.label == label for e in evidence):
                    assert verdict.quote.label == label
                chance = {
                    e.finding_id: e.shortfall_probability
                    if label == "improvement"
                    else e.strength_probability
                    for e in evidence
                    if any(e.label == label for e in evidence) is (e.label == label)
                }
                assert chance[verdict.quote.finding_id] == max(chance.values())


def test_the_digest_proposes_the_theme_beyond_the_codebook(digested_samples) -> None:
    digest = digested_samples[1].digest
    names = [t.label.lower() for t in digest.discovered]
    assert any("veterans" in name or "armed forces" in name for name in names), names


def test_recurring_lists_are_ranked_by_councils(digested_samples) -> None:
    digest = digested_samples[1].digest
    for themes in (digest.improvements, digest.strengths):
        counts = [theme.council_count for theme in themes]
        assert counts == sorted(counts, reverse=True)


def test_every_quoted_finding_is_a_real_finding(digested_samples) -> None:
    path, run = digested_samples
    data = json.loads(run.files.json.read_text(encoding="utf-8"))
    with Corpus(path) as corpus:
        stored = {f.finding_id: f for f in corpus.findings()}
    quotes = [
        q
        for key in ("improvements", "strengths", "discovered")
        for t in data[key]
        for q in t["findings"]
    ]
    assert quotes
    for quote in quotes:
        finding = stored[quote["finding_id"]]
        assert (finding.council, finding.page, finding.text) == (
            quote["council"],
            quote["page"],
            quote["text"],
        )
    markdown = run.files.markdown.read_text(encoding="utf-8")
    for quote in quotes[:20]:
        assert quote["text"] in markdown


def test_same_corpus_gives_the_same_digest(digested_samples, tmp_path: Path) -> None:
    path, run = digested_samples
    with Corpus(path) as corpus:
        again = write_digest(build_digest(corpus), tmp_path)
    for first, second in (
        (run.files.json, again.json),
        (run.files.html, again.html),
        (run.files.markdown, again.markdown),
    ):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_regenerating_with_nothing_new_neither_labels_nor_refits(
    digested_samples, tmp_path: Path
) -> None:
    path, _ = digested_samples
    with Corpus(path) as original:
        copy = original.backup(tmp_path / "corpus.sqlite")
    with Corpus(copy) as corpus:
        run = regenerate_digest(corpus, tmp_path / "out")
    assert run.findings_labelled == 0 and run.findings_coded == 0
    assert not run.topics_refitted


def test_asked_again_with_nothing_new_a_deleted_file_is_written_again(
    digested_samples, tmp_path: Path
) -> None:
    path, first = digested_samples
    with Corpus(path) as original:
        copy = original.backup(tmp_path / "corpus.sqlite")
    out = tmp_path / "out"
    with Corpus(copy) as corpus:
        regenerate_digest(corpus, out)
        (out / "digest.html").unlink()
        again = regenerate_digest(corpus, out)
    assert again.findings_labelled == 0 and not again.topics_refitted
    assert again.files.html.read_bytes() == first.files.html.read_bytes()
    assert again.files.json.read_bytes() == first.files.json.read_bytes()


def test_a_correction_since_the_last_digest_shows_in_the_next(
    digested_samples, tmp_path: Path
) -> None:
    path, first = digested_samples
    theme = first.digest.improvements[0]
    quoted = theme.verdicts[0].quote
    assert quoted is not None and quoted.label == "improvement"
    with Corpus(path) as original:
        copy = original.backup(tmp_path / "corpus.sqlite")
    with Corpus(copy) as corpus:
        regenerate_digest(corpus, tmp_path / "before")
        corpus.store_corrections([Correction(quoted.finding_id, "strength")])
        after = regenerate_digest(corpus, tmp_path / "after").digest
    split = next(t.label_split for t in after.themes if t.theme_id == theme.theme_id)
    assert split["improvement"] == theme.label_split["improvement"] - 1
    assert split["strength"] == theme.label_split["strength"] + 1


def test_scope_narrows_reports_and_statements(digested_samples) -> None:
    path, _ = digested_samples
    with Corpus(path) as corpus:
        one_council = build_digest(corpus, FindingFilter(council="Marshbury"))
        inadequate = build_digest(corpus, FindingFilter(rating="inadequate"))
        safeguarding = build_digest(corpus, FindingFilter(quality_statement="Safeguarding"))
    assert one_council.glance.reports == 1
    assert one_council.theme_heatmap.councils == ("Marshbury City Council",)
    assert all(c == "Marshbury City Council" for t in one_council.themes for c in t.councils)
    assert inadequate.glance.reports == 2
    assert set(inadequate.glance.ratings) >= {"Inadequate"}
    assert inadequate.glance.ratings["Inadequate"] == 2
    assert [s.quality_statement for s in safeguarding.statements] == ["Safeguarding"]


def _digest_quoting(text: str) -> Digest:
    quote = QuotedFinding(1, "Testshire Council", 3, text, "Safeguarding", "improvement")
    councils = ("Otherton Council", "Testshire Council")
    theme = DigestTheme(
        "safeguarding_enquiries",
        text,
        "codebook",
        ("keyword",),
        councils,
        (CouncilVerdict("Testshire Council", "shortfall", quote),),
        {"Safeguarding": 1},
        {"strength": 0, "improvement": 1, "context": 0},
        councils,
        (),
    )
    glance = CorpusGlance(
        2,
        1,
        1,
        {"Good": 2},
        (("Testshire Council", 70),),
        (("Testshire Council", (3,) * len(STATEMENT_NAMES)),),
    )
    heatmap = ThemeHeatmap(
        councils, (("safeguarding_enquiries", text),), (("shortfall",), ("shortfall",))
    )
    return Digest({}, glance, "default", (theme,), (), (), heatmap, (), ())


def test_report_text_is_escaped_in_html() -> None:
    html = render_html(_digest_quoting('Staff said <script>alert("x")</script> & left.'))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; left." in html


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_html_renders_in_headless_chromium(digested_samples, tmp_path: Path) -> None:
    """The page opens offline with its charts and sections; a screenshot is kept."""
    html = digested_samples[1].files.html
    flags = [
        *OFFLINE_CHROMIUM_FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    for section in (
        "headlines",
        "glance",
        "recurring",
        "theme-matrix",
        "improvements",
        "strengths",
        "discovered",
        "differentiators",
        "statements",
    ):
        assert f'id="{section}"' in dom
    for chart in (
        "chart-ratings",
        "chart-scores",
        "chart-heatmap",
        "chart-recurring",
        "chart-theme-heatmap",
    ):
        assert f'id="{chart}"' in dom
    assert dom.count("<svg") >= 5
    screenshot = tmp_path / "digest-first-screen.png"
    subprocess.run(
        ["chromium", *flags, "--window-size=1280,900", f"--screenshot={screenshot}", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
