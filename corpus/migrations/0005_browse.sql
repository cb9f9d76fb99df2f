-- Schema version 5: views for browsing the corpus (cqc-themes serve, or any SQLite tool).
-- Views only: nothing is stored, so the step is cheap and never touches data. They read
-- the tables of version 1 and version 2's current_reports; a later step that adds columns
-- to show replaces a view with DROP VIEW / CREATE VIEW.

-- One row per finding of each council's current report (as every finding query shows by
-- default) with what a reader needs beside it: the council and its rating, where in the
-- report it sits, its label and the recurring theme (topic) it falls in. The text comes
-- early, so it has room on the screen.
-- Offsets and hashes stay in `findings`. `finding_id` is findings.id, which is also the
-- rowid of findings_fts, so full-text search can filter this view by it.
CREATE VIEW IF NOT EXISTS council_findings AS
SELECT
    f.id                AS finding_id,
    r.council           AS council,
    f.text              AS text,
    l.label             AS label,
    l.confidence        AS confidence,
    t.label             AS topic,
    r.rating            AS rating,
    f.theme             AS theme,
    f.quality_statement AS quality_statement,
    f.statement_score   AS statement_score,
    f.section           AS section,
    f.subheading        AS subheading,
    f.page              AS page,
    r.published_iso     AS published
FROM findings f
JOIN current_reports r ON r.id = f.report_id
LEFT JOIN labels l ON l.finding_id = f.id
LEFT JOIN topic_runs tr ON tr.is_current = 1
LEFT JOIN finding_topics ft ON ft.run_id = tr.id AND ft.finding_id = f.id
LEFT JOIN topics t ON t.run_id = tr.id AND t.topic_id = ft.topic_id;

-- One row per report, superseded ones too (marked): the council, its rating and score,
-- and how many findings of each label it holds.
CREATE VIEW IF NOT EXISTS council_reports AS
SELECT
    r.council       AS council,
    r.rating        AS rating,
    r.score_100     AS score_100,
    r.published     AS published,
    r.published_iso AS published_iso,
    r.page_count    AS pages,
    r.id IN (SELECT id FROM current_reports) AS is_current,
    (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS findings,
    (SELECT count(*) FROM findings f JOIN labels l ON l.finding_id = f.id
      WHERE f.report_id = r.id AND l.label = 'strength') AS strengths,
    (SELECT count(*) FROM findings f JOIN labels l ON l.finding_id = f.id
      WHERE f.report_id = r.id AND l.label = 'improvement') AS improvements
FROM reports r;
