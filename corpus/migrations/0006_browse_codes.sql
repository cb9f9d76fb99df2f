-- Schema step 6: the browsing views of step 5 also show who gave a finding's label (the
-- classifier, or a researcher's correction: step 4) and the recurring themes the codebook
-- coded it with (step 3), as a JSON list of theme names so Datasette can facet on each.

DROP VIEW IF EXISTS council_findings;
CREATE VIEW council_findings AS
SELECT
    f.id                AS finding_id,
    r.council           AS council,
    f.text              AS text,
    l.label             AS label,
    l.confidence        AS confidence,
    l.source            AS label_source,
    (SELECT json_group_array(coalesce(json_extract(theme.value, '$.name'), code.theme_id))
       FROM finding_codes code
       LEFT JOIN coding_runs run ON run.id = 1
       LEFT JOIN json_each(run.codebook_themes) theme
              ON json_extract(theme.value, '$.theme_id') = code.theme_id
      WHERE code.finding_id = f.id) AS recurring_themes,
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
