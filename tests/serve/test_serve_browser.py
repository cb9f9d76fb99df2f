"""`cqc-themes serve` in a real browser: what a person sees and clicks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_themes import Corpus
from cqc_themes.corpus.browse import FINDINGS_VIEW
from cqc_themes.serve.metadata import DATABASE_NAME, TITLE

pytestmark = pytest.mark.slow
VIEW_PATH = f"/{DATABASE_NAME}/{FINDINGS_VIEW}"


@pytest.fixture(scope="module")
def by():
    return pytest.importorskip("selenium.webdriver.common.by").By


def _open(browser, server, path: str) -> None:
    browser.get(server.url.rstrip("/") + path)


def _and_wait_for_the_next_page(browser, by, action) -> None:
    """Runs `action` (a submit or a click) and returns once the browser has left the page."""
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.wait import WebDriverWait

    current = browser.find_element(by.TAG_NAME, "html")
    action()
    WebDriverWait(browser, 60).until(staleness_of(current))


def _cells(browser, by, column: str) -> list[str]:
    return [cell.text for cell in browser.find_elements(by.CSS_SELECTOR, f"td.col-{column}")]


def _row_count(browser, by) -> int:
    """The "N rows ..." count Datasette prints above a table (every row, not one page)."""
    heading = browser.find_element(by.CSS_SELECTOR, "h3").text
    return int(re.match(r"([\d,]+) rows?", heading)[1].replace(",", ""))


def test_home_page_names_the_corpus(browser, by, server, browsable_samples: Path) -> None:
    _open(browser, server, "/")
    with Corpus(browsable_samples) as corpus:
        reports = corpus.reports()
    assert browser.find_element(by.TAG_NAME, "h1").text == TITLE
    description = browser.find_element(by.CSS_SELECTOR, ".metadata-description").text
    councils = len({report.council for report in reports})
    assert f"{len(reports)} CQC assessment reports of {councils} councils" in description
    licence = browser.find_element(by.LINK_TEXT, "Open Government Licence v3.0")
    assert "open-government-licence" in licence.get_attribute("href")


def test_searching_carers_shows_only_findings_about_carers(
    browser, by, server, screenshots: Path
) -> None:
    _open(browser, server, VIEW_PATH + "?_size=max")
    every_finding = _row_count(browser, by)
    box = browser.find_element(by.CSS_SELECTOR, "input[name=_search]")
    box.send_keys("carers")
    _and_wait_for_the_next_page(browser, by, box.submit)
    texts = _cells(browser, by, "text")
    assert 0 < _row_count(browser, by) < every_finding
    assert len(texts) == _row_count(browser, by)  # one page holds them all
    # The index stems words, so "carer" and "carers" both match; nothing else may.
    assert all("carer" in text.lower() for text in texts), texts
    assert all(_cells(browser, by, "council"))
    table = browser.find_element(by.CSS_SELECTOR, "table.rows-and-columns")
    browser.execute_script("arguments[0].scrollIntoView()", table)  # the rows, for a person
    browser.save_screenshot(str(screenshots / "search-carers.png"))


def test_the_label_facet_narrows_the_rows(browser, by, server) -> None:
    _open(browser, server, VIEW_PATH)
    every_finding = _row_count(browser, by)
    facet = browser.find_element(by.CSS_SELECTOR, "#facet-label")
    link = facet.find_element(by.LINK_TEXT, "improvement")
    shown_count = int(link.find_element(by.XPATH, "..").text.rsplit(" ", 1)[1])
    _and_wait_for_the_next_page(browser, by, link.click)
    assert _row_count(browser, by) == shown_count < every_finding
    assert set(_cells(browser, by, "label")) == {"improvement"}


def test_a_canned_query_answers_for_one_council(
    browser, by, server, browsable_samples: Path
) -> None:
    with Corpus(browsable_samples) as corpus:
        report = corpus.reports()[-1]
    _open(browser, server, f"/{DATABASE_NAME}/council_findings_in_report_order")
    box = browser.find_element(by.CSS_SELECTOR, "input[name=council]")
    box.send_keys(report.council)
    _and_wait_for_the_next_page(browser, by, box.submit)
    pages = [int(page) for page in _cells(browser, by, "page")]
    assert len(pages) == min(report.findings, 1000)
    assert pages == sorted(pages)  # in the order the report reads


def test_the_digest_link_opens_and_its_quotes_link_to_their_rows(
    browser, by, server, screenshots: Path
) -> None:
    _open(browser, server, "/")
    digest_link = browser.find_element(by.LINK_TEXT, "the lessons-learned digest")
    _and_wait_for_the_next_page(browser, by, digest_link.click)
    assert browser.find_element(by.TAG_NAME, "h1").text.startswith("What CQC's assessments")
    browser.save_screenshot(str(screenshots / "digest.png"))
    quote = browser.find_element(by.CSS_SELECTOR, "#improvements blockquote")
    citation = quote.find_element(by.CSS_SELECTOR, "cite a")
    quoted_text = quote.text.removesuffix(citation.text).strip()
    _and_wait_for_the_next_page(browser, by, citation.click)
    assert _cells(browser, by, "text") == [quoted_text]
