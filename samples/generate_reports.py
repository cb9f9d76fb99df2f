#!/usr/bin/env python3
"""Write N full-length fictional council assessment reports as PDFs, for load tests.

    python3 samples/generate_reports.py --councils 153 --out /tmp/scale-reports

Each report has CQC's structure (about the council, the rating and score, the nine
quality statement scores, summaries, then every statement with its framework text and
key findings under sub-headings), about 500 findings in all, in one of the two sample
layouts. The findings come from samples/report_phrases.py, sentence templates written
for this project with alternatives and council-specific names and figures, so no two
reports are copies. Each council has a latent quality that spreads its nine statement
scores (and so its rating) realistically; a finding's polarity follows its statement's
score. Council i is the same whatever N is, so the first 10 of 153 are the 10.

DIR also gets ground_truth.csv (the columns of samples/ground_truth.csv). The HTML comes
from samples/render_samples.py's `build_html`; the PDFs are printed by one headless
Chromium driven over its DevTools pipe, about half a second a report instead of a
browser start per report. Deterministic for a given N (the "browser" layout still prints
the print date in its page header, as with the samples). Standard library and Chromium.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import render_samples  # noqa: E402 - the sibling script, imported for its HTML and PDF fixes
import report_phrases as phrases  # noqa: E402

from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS  # noqa: E402

STATEMENTS = render_samples.STATEMENTS
# Share of a statement's findings that are strengths, by its score (the rest split
# between areas for improvement and neutral context).
STRENGTH_SHARE = {1: 0.12, 2: 0.3, 3: 0.58, 4: 0.8}
CONTEXT_SHARE = 0.15
# CQC's bands from the score out of 100 to the overall rating.
RATING_BANDS = (
    (25, "Inadequate"),
    (50, "Requires improvement"),
    (75, "Good"),
    (100, "Outstanding"),
)
# A few councils are far behind the rest (CQC has rated a handful inadequate); with the
# spread above this gives about 68% good, 24% requires improvement, 7% outstanding.
STRUGGLING_SHARE = 0.04
FIRST_PUBLISHED = dt.date(2023, 12, 1)
PUBLISHING_DAYS = 700


# ---------------------------------------------------------------- content


def council_names(number: int) -> tuple[str, str]:
    """(place, council) for council `number`: distinct for the first 800 numbers."""
    starts, ends = phrases.PLACE_STARTS, phrases.PLACE_ENDS
    # A stride coprime to the name grid walks it without repeating a pair.
    cell = (number * 331) % (len(starts) * len(ends))
    place = starts[cell % len(starts)] + ends[cell // len(starts)]
    form = phrases.COUNCIL_FORMS[number % len(phrases.COUNCIL_FORMS)]
    return place, form.format(place=place)


def council_slots(place: str, rng: random.Random) -> dict[str, str]:
    """The council's own team names and places, fixed for the whole report."""
    neighbour = rng.choice(phrases.PLACE_STARTS) + rng.choice(phrases.PLACE_ENDS)
    return {
        "place": place,
        "neighbour": neighbour,
        "carers_org": f"{place} Carers {rng.choice(['Hub', 'Centre', 'Network', 'Trust'])}",
        "front_door": rng.choice(
            [
                f"{place} Connect",
                "the Adult Contact Team",
                f"{place} Direct",
                "the First Response Hub",
            ]
        ),
        "reablement_team": rng.choice(
            [
                f"the {place} Reablement Service",
                "the Home First team",
                "the enablement service",
                f"{place} Independence at Home",
            ]
        ),
        "transitions_team": rng.choice(
            ["the Preparing for Adulthood team", "the transitions service", "the 14 to 25 team"]
        ),
        "safeguarding_hub": rng.choice(
            ["the safeguarding hub", "the adult MASH", "the safeguarding adults team"]
        ),
        "dp_service": rng.choice(
            [
                f"{place} Independent Living",
                "a user-led organisation",
                "the council's direct payments team",
            ]
        ),
        "advocacy_org": rng.choice(
            [f"{place} Advocacy", "a regional advocacy charity", "a local user-led group"]
        ),
        "area": rng.choice(phrases.AREAS),
        "partner": rng.choice(phrases.PARTNERS),
        "year": str(rng.choice([2022, 2023, 2024])),
    }


# A figure that differs between councils: any number but a year (2022-2024 repeat).
_FIGURE = re.compile(r"\b(?!20[12]\d\b)\d[\d,]*")


class FindingWriter:
    """Sentences for one report: never the same sentence twice in it."""

    def __init__(self, slots: dict[str, str], rng: random.Random) -> None:
        self.slots = slots
        self.rng = rng
        self.written: set[str] = set()
        # Numbers the council's own team names carry ("the 14 to 25 team").
        self.slot_figures = set(_FIGURE.findall(" ".join(slots.values())))

    def sentence(self, theme: str, polarity: str) -> str:
        rng = self.rng
        for _ in range(20):
            slots = dict(
                self.slots,
                area=rng.choice(phrases.AREAS),
                partner=rng.choice(phrases.PARTNERS),
                year=str(rng.choice([2022, 2023, 2024])),
            )
            template = rng.choice(phrases.THEMES[theme][polarity])
            connector = rng.choice(phrases.CONNECTORS[polarity])
            opener = rng.choice(phrases.OPENERS[polarity])
            if connector:
                opener = opener[:1].lower() + opener[1:]
            source = connector + opener + template
            text = phrases.expand(source, slots, rng)
            if not self._own(text, source):
                text = self._located(text, connector)
            text += "."
            if text not in self.written:
                break
        self.written.add(text)
        return text

    def _own(self, text: str, template: str) -> bool:
        """Whether the sentence already reads as this council's: its place, or a figure
        drawn for it (not a year, nor a number the template or a team name says, like
        "18" or "the 14 to 25 team")."""
        fixed = self.slot_figures | set(_FIGURE.findall(template))
        return self.slots["place"] in text or any(
            figure not in fixed for figure in _FIGURE.findall(text)
        )

    def _located(self, text: str, connector: str) -> str:
        """The sentence placed in the council: at its start when nothing precedes it."""
        if not connector and self.rng.random() < 0.4:
            lead = self.rng.choice(phrases.LEADING_LOCATORS).format(place=self.slots["place"])
            return lead + text[:1].lower() + text[1:]
        return text + self.rng.choice(phrases.LOCATORS).format(place=self.slots["place"])

    def paragraph(self, themes: tuple[str, ...], score: int, sentences: int) -> str:
        return " ".join(
            self.sentence(self.rng.choice(themes), self.polarity(score)) for _ in range(sentences)
        )

    def polarity(self, score: int) -> str:
        draw = self.rng.random()
        if draw < CONTEXT_SHARE:
            return "context"
        return (
            "strength"
            if draw < CONTEXT_SHARE + (1 - CONTEXT_SHARE) * STRENGTH_SHARE[score]
            else "improvement"
        )


def statement_scores(rng: random.Random) -> dict[str, int]:
    """Nine scores around the council's latent quality, as real councils vary."""
    quality = rng.gauss(0, 0.4)
    if rng.random() < STRUGGLING_SHARE:
        quality -= 1.2
    return {name: min(4, max(1, round(2.4 + quality + rng.gauss(0, 0.5)))) for name in STATEMENTS}


def about_section(place: str, council: str, rng: random.Random) -> dict:
    population = rng.randint(90, 1_400) * 1_000
    older = rng.uniform(14, 27)
    budget = rng.randint(180, 1_900) * 1_000_000
    care_budget = int(budget * rng.uniform(0.3, 0.45))
    spent = int(care_budget * rng.uniform(0.96, 1.08))
    gap = spent - care_budget
    change = "an overspend" if gap > 0 else "an underspend"
    setting = rng.choice(
        [
            "a largely rural county",
            "a compact urban borough",
            "a coastal unitary authority",
            "a city with a large student population",
            "a metropolitan borough of towns and villages",
        ]
    )
    text = "\n".join(
        [
            "## Demographics",
            f"{place} is {setting} with an estimated population of {population:,}. "
            f"About {older:.1f}% of residents are aged 65 or over.",
            f"{council} works with {rng.choice(phrases.PARTNERS)} and sits within the "
            f"{rng.choice(phrases.PLACE_STARTS)}{rng.choice(phrases.PLACE_ENDS)} integrated care "
            "board area.",
            "## Financial facts",
            f"For 2023/24 the council set a budget of \u00a3{budget:,}, of which "
            f"\u00a3{care_budget:,} was for adult social care. The service spent "
            f"\u00a3{spent:,}, {change} of \u00a3{abs(gap):,}.",
            f"About {rng.randint(900, 14_000):,} people were receiving long-term support funded "
            "by the council.",
        ]
    )
    return {"section": "about", "heading": f"About {council}", "score": None, "chunks": [text]}


def summary_section(
    kind: str, writer: FindingWriter, scores: dict[str, int], paragraphs: int
) -> dict:
    """A summary: paragraphs that each pick a statement and speak to its themes."""
    chunks = []
    for _ in range(paragraphs):
        name = writer.rng.choice(STATEMENTS)
        themes = phrases.STATEMENT_CONTENT[name][0]
        chunks.append(writer.paragraph(themes, scores[name], writer.rng.randint(3, 5)))
    return {"section": kind, "heading": None, "score": None, "chunks": ["\n".join(chunks)]}


def statement_section(name: str, score: int, writer: FindingWriter) -> dict:
    rng = writer.rng
    expectations, commitment = phrases.FRAMEWORK[name]
    lines = [
        "What people expect",
        *expectations,
        "The local authority commitment",
        commitment,
        "Key findings for this quality statement",
    ]
    headings = phrases.STATEMENT_CONTENT[name][1]
    for heading, themes in rng.sample(headings, k=min(len(headings), rng.randint(5, 6))):
        lines.append(f"## {heading}")
        for _ in range(rng.randint(3, 4)):
            lines.append(writer.paragraph(themes, score, rng.randint(2, 4)))
    return {"section": name, "heading": name, "score": score, "chunks": ["\n".join(lines)]}


def report_source(number: int) -> dict:
    """Council `number`'s report in samples/source's JSON shape."""
    rng = random.Random(f"cqc-themes generated council {number}")
    place, council = council_names(number)
    scores = statement_scores(rng)
    overall = round(100 * sum(scores.values()) / 36)
    published = FIRST_PUBLISHED + dt.timedelta(days=rng.randrange(PUBLISHING_DAYS))
    layout = rng.choice(["browser", "branded"])
    writer = FindingWriter(council_slots(place, rng), rng)
    sections = [
        about_section(place, council, rng),
        summary_section("people_experience", writer, scores, 5),
        summary_section("strengths_summary", writer, scores, 6),
        *(statement_section(name, scores[name], writer) for name in STATEMENTS),
    ]
    return {
        "council": council,
        "published": f"{published.day} {published:%B %Y}",
        "overall_rating": next(rating for top, rating in RATING_BANDS if overall <= top),
        "overall_score_100": overall,
        "qs_scores": scores,
        "layout": layout,
        "score_wording": "scored" if layout == "browser" else "overall_score",
        "sections": sections,
    }


def report_slug(number: int) -> str:
    place, _ = council_names(number)
    return f"{number:03d}-{place.lower()}"


# ---------------------------------------------------------------- printing


class ChromiumPrinter:
    """One headless Chromium, driven over --remote-debugging-pipe, printing many pages."""

    def __init__(self, chromium: str) -> None:
        self.chromium = chromium

    def __enter__(self) -> ChromiumPrinter:
        self._profile = tempfile.mkdtemp(prefix="cqc-generate-profile-")
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()

        def give_pipe_descriptors() -> None:
            # Chromium reads commands on fd 3 and answers on fd 4; dup first so that a
            # pipe already numbered 3 or 4 does not lose its inheritability.
            commands, answers = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self._process = subprocess.Popen(
            [
                self.chromium,
                *OFFLINE_CHROMIUM_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile}",
                "about:blank",
            ],
            close_fds=False,
            preexec_fn=give_pipe_descriptors,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, TZ="UTC"),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._commands = os.fdopen(to_browser_write, "wb")
        self._answers = from_browser_read
        self._pending = b""
        self._last_id = 0
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self._call("Page.enable", session=self._session)
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._call("Browser.close")
        except (OSError, RuntimeError):
            self._process.kill()
        self._process.wait(timeout=60)
        self._commands.close()
        os.close(self._answers)
        shutil.rmtree(self._profile, ignore_errors=True)

    def print_pdf(self, html_path: Path, *, header_footer: bool) -> bytes:
        """The page printed as `chromium --print-to-pdf` would (Letter unless the page's
        CSS sets a size; Chromium's own date/title/URL/page header and footer if asked)."""
        self._call("Page.navigate", {"url": html_path.as_uri()}, session=self._session)
        self._next_message(lambda message: message.get("method") == "Page.loadEventFired")
        printed = self._call(
            "Page.printToPDF",
            {
                "displayHeaderFooter": header_footer,
                "preferCSSPageSize": True,
            },
            session=self._session,
        )
        return base64.b64decode(printed["data"])

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._commands.write(json.dumps(message).encode() + b"\0")
        self._commands.flush()
        wanted = self._last_id
        answer = self._next_message(lambda message: message.get("id") == wanted)
        if "error" in answer:
            raise RuntimeError(f"chromium: {method}: {answer['error']}")
        return answer["result"]

    def _next_message(self, wanted) -> dict:
        while True:
            while b"\0" not in self._pending:
                chunk = os.read(self._answers, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed its DevTools pipe")
                self._pending += chunk
            raw, self._pending = self._pending.split(b"\0", 1)
            message = json.loads(raw)
            if wanted(message):
                return message


# ---------------------------------------------------------------- main


def write_ground_truth(rows: list[tuple[str, dict]], out: Path) -> None:
    with (out / "ground_truth.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(render_samples.CSV_COLUMNS)
        for file_name, doc in rows:
            writer.writerow(
                [
                    file_name,
                    doc["council"],
                    doc["published"],
                    doc["overall_rating"],
                    doc["overall_score_100"],
                    *(doc["qs_scores"][name] for name in STATEMENTS),
                ]
            )


def generate(councils: int, out: Path, chromium: str) -> Iterator[Path]:
    """Write the reports into `out` (an existing PDF of the same name is kept), then
    ground_truth.csv; yields each PDF as it is written."""
    out.mkdir(parents=True, exist_ok=True)
    rows = [(f"{report_slug(number)}.pdf", report_source(number)) for number in range(councils)]
    work = Path(tempfile.mkdtemp(prefix="cqc-generate-"))
    try:
        with ChromiumPrinter(chromium) as printer:
            for file_name, doc in rows:
                pdf = out / file_name
                if pdf.exists():
                    continue
                # The same page path every time, so the URL in the browser layout's footer
                # does not vary between runs.
                page = work / "report.html"
                page.write_text(render_samples.build_html(doc), encoding="utf-8")
                partial = pdf.with_suffix(".partial")
                partial.write_bytes(
                    printer.print_pdf(page, header_footer=doc["layout"] == "browser")
                )
                render_samples.fix_pdf_dates(partial, doc["published"])
                partial.replace(pdf)
                yield pdf
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_ground_truth(rows, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, required=True, help="how many reports")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if args.councils < 1:
        parser.error("--councils must be at least 1")
    if not shutil.which(args.chromium):
        parser.error(f"no Chromium at {args.chromium} (set --chromium or $CHROMIUM)")
    began = time.perf_counter()
    written = 0
    for pdf in generate(args.councils, args.out, args.chromium):
        written += 1
        print(f"wrote {pdf}", flush=True)
    print(
        f"{written} new PDFs, {args.councils} reports in {args.out} "
        f"({time.perf_counter() - began:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
