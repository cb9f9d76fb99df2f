"""Fixtures for serving: the samples corpus labelled and fitted, a running server, a
headless Chromium driven by Selenium (Debian's chromium and chromium-driver)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from serve_process import start_server

from cqc_themes import Corpus, Label
from cqc_themes.domain import LABEL_CONTEXT, LABEL_IMPROVEMENT, LABEL_STRENGTH
from cqc_themes.models.codebook import code_corpus
from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Offline Chromium, at the window size the screenshots are taken at.
CHROMIUM_FLAGS = (
    *OFFLINE_CHROMIUM_FLAGS,
    "--window-size=1280,900",
)
# Words that decide the tests' own labels: the label facet needs labels to narrow by,
# and which finding gets which matters less than that all three occur.
_SHORTFALL_WORDS = ("wait", "delay", "backlog", "gap", "not ", "inconsistent", "lack")
_STRENGTH_WORDS = ("good", "well", "positive", "effective", "strong")


def _test_label(finding_id: int, text: str) -> Label:
    lowered = text.lower()
    if any(word in lowered for word in _SHORTFALL_WORDS):
        label = LABEL_IMPROVEMENT
    elif any(word in lowered for word in _STRENGTH_WORDS):
        label = LABEL_STRENGTH
    else:
        label = LABEL_CONTEXT
    return Label(
        finding_id=finding_id,
        label=label,
        confidence=0.9,
        probabilities={label: 0.9},
        model_version="serve-tests",
    )


@pytest.fixture(scope="session")
def browsable_samples(fitted_samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fitted samples (topics, so the digest quotes findings), labelled and coded."""
    with Corpus(fitted_samples) as fitted:
        path = fitted.backup(tmp_path_factory.mktemp("served") / "corpus.sqlite")
    with Corpus(path) as corpus:
        corpus.store_labels([_test_label(f.finding_id, f.text) for f in corpus.findings()])
        # The digest (and the recurring-themes column) read the default codebook's codes.
        code_corpus(corpus)
    return path


@pytest.fixture(scope="session")
def server(browsable_samples: Path):
    running = start_server(browsable_samples)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the browser tests keep their screenshots for a person (or CI) to look at:
    $CQC_THEMES_TEST_ARTEFACTS/serve, else test-artefacts/serve in the checkout."""
    root = Path(os.environ.get("CQC_THEMES_TEST_ARTEFACTS") or REPO / "test-artefacts")
    folder = root / "serve"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # The driver's path is given, so Selenium never tries to download one.
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()
