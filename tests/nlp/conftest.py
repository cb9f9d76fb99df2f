"""Parsed sample reports and their sources, built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqc_themes import parse_pdf
from cqc_themes.records import Report

SAMPLE_SOURCES = Path(__file__).resolve().parents[2] / "samples" / "source"


@pytest.fixture(scope="session")
def parsed_samples(sample_pdfs: list[Path]) -> dict[str, Report]:
    """Every sample report parsed with the default engine, keyed by file name."""
    return {path.name: parse_pdf(path) for path in sample_pdfs}


@pytest.fixture(scope="session")
def sample_sources(sample_pdfs: list[Path]) -> dict[str, dict]:
    """The text each sample PDF was rendered from, keyed by the PDF's file name."""
    return {
        path.name: json.loads((SAMPLE_SOURCES / f"{path.stem}.json").read_text("utf-8"))
        for path in sample_pdfs
    }
