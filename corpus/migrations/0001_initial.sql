-- Schema version 1: the corpus as the first release wrote it. Never edit a shipped step;
-- add the next one (NNNN_slug.sql) instead. connection.py runs the steps a corpus lacks,
-- in order, and records the last one in PRAGMA user_version.

CREATE TABLE IF NOT EXISTS reports (
    id            INTEGER PRIMARY KEY,
    council       TEXT NOT NULL,
    sha256        TEXT NOT NULL UNIQUE,   -- of the PDF bytes: re-ingesting a file is a no-op
    source_path   TEXT NOT NULL,
    published     TEXT,                   -- as printed: "17 May 2024", "January 2025"
    published_iso TEXT,                   -- sortable: "2024-05-17", "2025-01"
    rating        TEXT,
    score_100     INTEGER,
    page_count    INTEGER NOT NULL,
    warnings      TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
    ingested_at   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS statement_scores (
    report_id         INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    quality_statement TEXT NOT NULL,
    score             INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
    PRIMARY KEY (report_id, quality_statement)
);

CREATE TABLE IF NOT EXISTS paragraphs (
    report_id        INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    paragraph_index  INTEGER NOT NULL,
    text             TEXT NOT NULL,
    page             INTEGER NOT NULL,
    section          TEXT NOT NULL,
    quality_statement TEXT,
    subheading       TEXT,
    finer_subheading TEXT,
    is_list_item     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, paragraph_index)
);

CREATE TABLE IF NOT EXISTS findings (
    id                INTEGER PRIMARY KEY,
    report_id         INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    paragraph_index   INTEGER NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    page              INTEGER NOT NULL,
    section           TEXT NOT NULL,
    quality_statement TEXT,
    theme             TEXT,
    subheading        TEXT,
    finer_subheading  TEXT,
    statement_score   INTEGER,
    text              TEXT NOT NULL,
    text_hash         TEXT NOT NULL   -- sha1 of the text: the key for cached embeddings
);
CREATE INDEX IF NOT EXISTS findings_report ON findings(report_id);
CREATE INDEX IF NOT EXISTS findings_statement ON findings(quality_statement);

-- Keyword search over findings (external content: the text is stored once, in findings).
CREATE VIRTUAL TABLE IF NOT EXISTS findings_fts USING fts5(
    text, content='findings', content_rowid='id', tokenize='porter unicode61'
);

-- One label per finding from the classifier (models/), with the model that gave it.
CREATE TABLE IF NOT EXISTS labels (
    finding_id    INTEGER PRIMARY KEY REFERENCES findings(id) ON DELETE CASCADE,
    label         TEXT NOT NULL CHECK (label IN ('strength', 'improvement', 'context')),
    confidence    REAL NOT NULL,
    probabilities TEXT NOT NULL,   -- JSON object label -> probability
    model_version TEXT NOT NULL,
    labelled_at   TEXT NOT NULL
);

-- Embeddings cached by text and model, so re-runs and refits never recompute them.
CREATE TABLE IF NOT EXISTS embeddings (
    text_hash  TEXT NOT NULL,
    model_name TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    vector     BLOB NOT NULL,      -- float32, little-endian
    PRIMARY KEY (text_hash, model_name)
);

-- Topic model runs; exactly one is current. Assignments and topics belong to a run, so a
-- failed refit leaves the previous run in place.
CREATE TABLE IF NOT EXISTS topic_runs (
    id                 INTEGER PRIMARY KEY,
    created_at         TEXT NOT NULL,
    settings           TEXT NOT NULL,   -- JSON
    model_version      TEXT NOT NULL,
    corpus_fingerprint TEXT NOT NULL,   -- which findings were fitted
    method             TEXT NOT NULL,   -- "bertopic" or "kmeans"
    is_current         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS topics (
    run_id    INTEGER NOT NULL REFERENCES topic_runs(id) ON DELETE CASCADE,
    topic_id  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    keywords  TEXT NOT NULL,           -- JSON list
    size      INTEGER NOT NULL,
    PRIMARY KEY (run_id, topic_id)
);

CREATE TABLE IF NOT EXISTS finding_topics (
    run_id     INTEGER NOT NULL REFERENCES topic_runs(id) ON DELETE CASCADE,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL,
    probability REAL,
    PRIMARY KEY (run_id, finding_id)
);
CREATE INDEX IF NOT EXISTS finding_topics_topic ON finding_topics(run_id, topic_id);
