-- Schema step 3: codebook coding. Which codebook coded the corpus (one row), which
-- findings it has been applied to (each coded with zero or more themes), and the codes
-- themselves. Coded findings and codes cascade away with their findings.

CREATE TABLE IF NOT EXISTS coding_runs (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),  -- one coding at a time
    codebook_name        TEXT NOT NULL,
    codebook_source      TEXT NOT NULL,   -- "default" or the file it was loaded from
    codebook_fingerprint TEXT NOT NULL,   -- changes when its codes could change
    codebook_themes      TEXT NOT NULL,   -- JSON: the themes as coded, to show them later
    method               TEXT NOT NULL,
    settings             TEXT NOT NULL,   -- JSON: the coder's settings
    coded_at             TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS coded_findings (
    finding_id INTEGER PRIMARY KEY REFERENCES findings(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS finding_codes (
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    theme_id   TEXT NOT NULL,
    score      REAL NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (finding_id, theme_id)
);
CREATE INDEX IF NOT EXISTS finding_codes_theme ON finding_codes(theme_id);
