"""The install gives one import package whose subpackages are the pipeline folders."""

import importlib

import pytest


@pytest.mark.parametrize("stage", ["extract", "nlp", "models", "corpus", "cli"])
def test_each_pipeline_folder_imports_as_a_subpackage(stage: str) -> None:
    module = importlib.import_module(f"cqc_themes.{stage}")
    assert module.__name__ == f"cqc_themes.{stage}"


def test_public_api_is_usable_without_the_cli() -> None:
    import cqc_themes

    for name in ("Corpus", "ingest", "FindingFilter", "parse_pdf", "CqcThemesError"):
        assert hasattr(cqc_themes, name)
