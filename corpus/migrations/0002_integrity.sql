-- Schema version 2: the corpus stays whole when reports are removed or replaced.
--
-- 1. Finding ids are never reused (AUTOINCREMENT), so an id a user noted, or a label
--    stored against it, can never point at another report's finding. SQLite adds
--    AUTOINCREMENT only by rebuilding the table. The step runs inside one transaction with
--    foreign keys on, and dropping the old table then deletes through ON DELETE CASCADE, so
--    the rows of the tables that reference findings are set aside first and put back after.
--    Written against version 1's tables only: later steps add their own tables after this.
-- 2. Triggers keep the keyword index in step with the findings on insert, delete and
--    update, and the index is rebuilt once from the findings (a version 1 corpus could
--    hold index rows of deleted findings).
-- 3. current_reports: the newest report of each council (by publication date, then
--    ingest time), so a reassessment supersedes the old report without deleting it.

CREATE TEMP TABLE saved_labels AS SELECT * FROM labels;
CREATE TEMP TABLE saved_finding_topics AS SELECT * FROM finding_topics;

CREATE TABLE findings_rebuilt (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO findings_rebuilt (
    id, report_id, paragraph_index, char_start, char_end, page, section, quality_statement,
    theme, subheading, finer_subheading, statement_score, text, text_hash
)
SELECT
    id, report_id, paragraph_index, char_start, char_end, page, section, quality_statement,
    theme, subheading, finer_subheading, statement_score, text, text_hash
FROM findings;

-- Cascades empty labels and finding_topics (saved above); the rename then makes their
-- REFERENCES findings(id) resolve to the rebuilt table.
DROP TABLE findings;
ALTER TABLE findings_rebuilt RENAME TO findings;
CREATE INDEX findings_report ON findings(report_id);
CREATE INDEX findings_statement ON findings(quality_statement);
CREATE INDEX findings_text_hash ON findings(text_hash);

INSERT INTO labels SELECT * FROM temp.saved_labels;
INSERT INTO finding_topics SELECT * FROM temp.saved_finding_topics;
DROP TABLE temp.saved_labels;
DROP TABLE temp.saved_finding_topics;

CREATE TRIGGER findings_fts_after_insert AFTER INSERT ON findings BEGIN
    INSERT INTO findings_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER findings_fts_after_delete AFTER DELETE ON findings BEGIN
    INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER findings_fts_after_update AFTER UPDATE OF id, text ON findings BEGIN
    INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO findings_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO findings_fts (findings_fts) VALUES ('rebuild');

CREATE INDEX reports_council ON reports(council COLLATE NOCASE);
-- A report is current unless the same council has a later one. Reports with no
-- publication date sort before dated ones; ties go to the later ingest, then the later id.
CREATE VIEW current_reports AS
SELECT r.*
FROM reports r
WHERE NOT EXISTS (
    SELECT 1 FROM reports later
    WHERE later.council = r.council COLLATE NOCASE
      AND (coalesce(later.published_iso, ''), later.ingested_at, later.id)
        > (coalesce(r.published_iso, ''), r.ingested_at, r.id)
);
