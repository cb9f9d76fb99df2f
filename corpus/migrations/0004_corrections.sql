-- Schema step 4: a researcher's corrections live in the labels table itself, so every
-- reader of labels (search --label, export, the digest) sees the corrected label. The
-- source says who gave a label; the classifier never overwrites a researcher's.
-- Labels are removed with their finding (labels.finding_id is ON DELETE CASCADE since 0001).

ALTER TABLE labels ADD COLUMN source TEXT NOT NULL DEFAULT 'model'
    CHECK (source IN ('model', 'researcher'));
ALTER TABLE labels ADD COLUMN corrected_at TEXT;   -- UTC ISO time of the correction

CREATE INDEX IF NOT EXISTS labels_source ON labels(source, model_version);
