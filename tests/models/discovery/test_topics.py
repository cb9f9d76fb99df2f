"""Recurring themes on the sample reports: found, named, stored, reproducible.

The fit happens once per session (the `fitted_samples` fixture); tests that change the
corpus work on a copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_themes import Corpus
from cqc_themes.domain import FRAMEWORK_SUBHEADINGS, SECTION_ABOUT
from cqc_themes.errors import TopicModelError
from cqc_themes.models.discovery.topic_model import OUTLIER_LABEL, OUTLIER_TOPIC, ThemeModel
from cqc_themes.models.discovery.topic_vocabulary import BOILERPLATE_WORDS, is_generic, place_words
from cqc_themes.models.discovery.topics import (
    default_theme_model,
    fit_topics,
    fittable_findings,
    refresh_topics,
    stale_reason,
    topic_details,
)
from cqc_themes.models.embeddings import SentenceEmbedder, embed_texts

pytestmark = pytest.mark.slow


def test_topics_recur_across_councils(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        run = corpus.current_topic_run()
        topics = corpus.topics()
    assert run is not None and run.method == "bertopic"
    assert len(topics) >= 8
    assert sum(topic.council_count >= 3 for topic in topics) >= 5
    assert run.outliers < run.findings_fitted / 3
    assert [t.size for t in topics] == sorted((t.size for t in topics), reverse=True)


def test_themes_the_samples_share_have_topics(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        topics = corpus.topics()

    def covered(pattern: str) -> bool:
        return any(
            topic.council_count >= 3
            and any(re.search(pattern, text) for text in (topic.label.lower(), *topic.keywords))
            for topic in topics
        )

    assert covered(r"\bcarers?\b")
    assert covered(r"young people|adulthood|transition")
    assert covered(r"safeguarding")


def test_labels_are_short_phrases_not_ids(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        topics = corpus.topics()
    labels = [topic.label for topic in topics]
    assert len(set(labels)) == len(labels)
    for topic in topics:
        assert topic.keywords
        assert "_" not in topic.label and not re.match(r"-?\d", topic.label)
        assert topic.label[0].isupper() and len(topic.label) <= 90


def test_boilerplate_and_place_names_stay_out_of_keywords(fitted_samples: Path) -> None:
    # Outlier reduction refits the keywords; they must keep the CQC stop words.
    with Corpus(fitted_samples) as corpus:
        topics = corpus.topics()
        places = place_words(report.council for report in corpus.reports())
    words = {word for topic in topics for keyword in topic.keywords for word in keyword.split()}
    assert not words & (BOILERPLATE_WORDS | places | {"local authority", "told", "us"})
    assert not any(is_generic(k) for topic in topics for k in topic.keywords)


def test_framework_text_never_joins_a_topic(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        findings = list(corpus.findings())
    framework = [
        f for f in findings if f.subheading in FRAMEWORK_SUBHEADINGS or f.section == SECTION_ABOUT
    ]
    assert framework and all(f.topic is None for f in framework)
    assert sum(f.topic is not None for f in findings) > len(findings) / 2


def test_findings_carry_their_topic_label(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        label_of = {topic.topic_id: topic.label for topic in corpus.topics()}
        findings = [f for f in corpus.findings() if f.topic is not None]
    for finding in findings:
        expected = OUTLIER_LABEL if finding.topic == OUTLIER_TOPIC else label_of[finding.topic]
        assert finding.topic_label == expected


def test_a_topic_shows_its_councils_statements_and_typical_findings(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        largest = corpus.topics()[0]
        details = topic_details(corpus, largest.topic_id, representatives=4)
        by_label = topic_details(corpus, largest.label)
    assert by_label.topic_id == largest.topic_id
    assert sum(details.statements.values()) == details.size
    assert len(details.councils) == details.council_count >= 2
    examples = details.representative_findings
    assert len(examples) == 4
    assert all(f.topic == largest.topic_id and f.page >= 1 for f in examples)
    assert len({f.council for f in examples}) > 1


def test_an_unknown_topic_is_a_clear_error(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus, pytest.raises(TopicModelError, match="no topic 999"):
        topic_details(corpus, "999")


def test_the_same_seed_gives_the_same_topics(fitted_samples: Path) -> None:
    with Corpus(fitted_samples) as corpus:
        findings = fittable_findings(corpus)
        stored_topics = [f.topic for f in findings]
        stored_labels = sorted(t.label for t in corpus.topics())
        embeddings = embed_texts(corpus, [f.text for f in findings])
        model = default_theme_model(corpus).fit(
            [f.text for f in findings], embeddings, groups=[f.council for f in findings]
        )
    assert model.topic_ids_.tolist() == stored_topics
    assert sorted(t.label for t in model.topics_ if t.topic_id >= 0) == stored_labels


def test_stored_topics_stand_until_the_corpus_changes(fitted_corpus_path: Path) -> None:
    with Corpus(fitted_corpus_path) as corpus:
        before = corpus.current_topic_run()
        refresh = refresh_topics(corpus)
        assert not refresh.refitted and refresh.run == before
        assert "settings" in stale_reason(corpus, default_theme_model(corpus, random_state=7))
        corpus.connection.execute("DELETE FROM reports WHERE id = (SELECT max(id) FROM reports)")
        assert stale_reason(corpus, default_theme_model(corpus)) == (
            "the corpus has changed since the last fit"
        )


def test_a_failed_refit_leaves_the_previous_topics(
    fitted_corpus_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fit(self: ThemeModel, *args: object, **kwargs: object) -> ThemeModel:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(ThemeModel, "fit", broken_fit)
    with Corpus(fitted_corpus_path) as corpus:
        before, topics_before = corpus.current_topic_run(), corpus.topics()
        with pytest.raises(RuntimeError):
            fit_topics(corpus)
        assert corpus.current_topic_run() == before
        assert corpus.topics() == topics_before


def test_a_correction_reaches_the_findings_themes_are_built_from_at_once(
    fitted_corpus_path: Path,
) -> None:
    # The fittable findings are read once per content state; a label changed since must
    # show in the next read, in the same process.
    from cqc_themes.records import Correction

    with Corpus(fitted_corpus_path) as corpus:
        finding = fittable_findings(corpus)[0]
        label = "strength" if finding.label == "improvement" else "improvement"
        corpus.store_corrections([Correction(finding.finding_id, label)])
        again = {f.finding_id: f for f in fittable_findings(corpus)}
    assert again[finding.finding_id].label == label


def test_classifier_labels_split_each_topic(fitted_corpus_path: Path) -> None:
    with Corpus(fitted_corpus_path) as corpus:
        topic = corpus.topics()[0]
        members = corpus.topic_findings(topic.topic_id)
        for n, finding in enumerate(members):
            corpus.connection.execute(
                "INSERT INTO labels (finding_id, label, confidence, probabilities, model_version,"
                " labelled_at) VALUES (?, ?, 0.9, '{}', 'test', '2025-01-01')",
                (finding.finding_id, "strength" if n % 3 else "improvement"),
            )
        split = corpus.topics()[0].label_counts
    assert split == {
        "strength": sum(1 for n in range(len(members)) if n % 3),
        "improvement": sum(1 for n in range(len(members)) if not n % 3),
    }


_GROUPS = {
    "carers": "Unpaid carers said respite breaks for carers were hard to arrange, week {n}.",
    "money": "The council overspent its budget and drew on financial reserves in year {n}.",
    "safety": "Safeguarding enquiries about abuse and neglect were screened within {n} days.",
}


def tiny_corpus() -> tuple[list[str], list[str]]:
    texts, councils = [], []
    for group, template in _GROUPS.items():
        for n in range(1, 11):
            texts.append(template.format(n=n))
            councils.append(f"{group} council {n % 4}")
    return texts, councils


def test_too_few_findings_for_hdbscan_fall_back_to_kmeans_and_say_so() -> None:
    texts, councils = tiny_corpus()
    embeddings = SentenceEmbedder().encode(texts)
    model = ThemeModel(random_state=0).fit(texts, embeddings, groups=councils)
    assert model.method_ == "kmeans"
    assert "too few for HDBSCAN" in model.fallback_reason_
    assert model.settings_["method"] == "kmeans"
    assert len([t for t in model.topics_ if t.topic_id >= 0]) >= 2
    # Every text of one group shares a topic with the rest of its group.
    for start in range(0, 30, 10):
        assert len(set(model.topic_ids_[start : start + 10].tolist())) == 1


def test_a_handful_of_findings_is_refused_with_a_reason() -> None:
    texts, _ = tiny_corpus()
    with pytest.raises(TopicModelError, match="too few findings"):
        ThemeModel().fit(texts[:5], SentenceEmbedder().encode(texts[:5]))
