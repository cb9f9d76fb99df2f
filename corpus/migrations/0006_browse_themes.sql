-- Schema version 6: the findings view shows who gave each label (a researcher's
-- correction or the model) and the recurring (codebook) themes each finding is coded
-- with, as a JSON list of theme names, so Datasette can facet on them (`_facet_array`).
-- It reads version 3's codes and version 4's label source; views only, no data moves.

DROP VIEW IF EXISTS council_findings;
CREATE VIEW council_findings AS
SELECT
    f.id                AS finding_id,
    r.council           AS council,
    f.text              AS text,
    l.label             AS label,
    l.confidence        AS confidence,
    l.source            AS label_source,
    (SELECT json_group_array(coalesce(json_extract(j.value, '$.name'), fc.theme_id))
       FROM finding_codes fc
       LEFT JOIN coding_runs cr ON cr.id = 1
       LEFT JOIN json_each(cr.codebook_themes) j
              ON json_extract(j.value, '$.theme_id') = fc.theme_id
      WHERE fc.finding_id = f.id) AS recurring_themes,
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
