-- Schema step 7: choices a researcher makes for one corpus and that later commands must
-- keep, such as teaching corrections by fine-tuning the encoder (`classify --fine-tune`).
-- One row per setting; a setting never made has no row.

CREATE TABLE IF NOT EXISTS corpus_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
