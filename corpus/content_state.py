"""A fingerprint of everything derived views read: findings and which reports are
current, labels, codebook codes, the current discovered themes and the corpus's settings.

It lets a stored result (the digest) be reused when nothing it was made from has
changed, in a few aggregate scans instead of reading every finding. Findings and reports
never change once stored (they are added and removed whole), so counts and the largest
id name them; labels and codes are changed in place, so they are summed with each row
weighted by its finding id (a label moved between findings changes the sum) beside the
latest time anything was labelled or corrected.
"""

from __future__ import annotations

import hashlib
import sqlite3

_PARTS = (
    "SELECT count(*) || ':' || ifnull(max(id), 0) FROM findings",
    "SELECT ifnull(group_concat(id), '') FROM (SELECT id FROM current_reports ORDER BY id)",
    "SELECT count(*) || ':' || total(finding_id * confidence) || ':'"
    " || total(finding_id * unicode(label)) || ':' || total(finding_id * length(probabilities))"
    " || ':' || total(finding_id * (source = 'researcher')) || ':' || ifnull(max(labelled_at), '')"
    " || ':' || ifnull(max(corrected_at), '') || ':' || count(DISTINCT model_version)"
    " || ':' || ifnull(max(model_version), '') FROM labels",
    "SELECT ifnull(group_concat(codebook_fingerprint || coded_at || settings), '')"
    " FROM coding_runs",
    "SELECT count(*) || ':' || total(finding_id) FROM coded_findings",
    "SELECT count(*) || ':' || total(finding_id * score) || ':'"
    " || total(finding_id * length(theme_id)) || ':' || total(finding_id * unicode(theme_id))"
    " FROM finding_codes",
    "SELECT ifnull(group_concat(id || created_at), '') FROM topic_runs WHERE is_current = 1",
    # A setting such as how corrections are taught changes which model labels the corpus.
    "SELECT ifnull(group_concat(name || '=' || value), '')"
    " FROM (SELECT name, value FROM corpus_settings ORDER BY name)",
)


def content_state(connection: sqlite3.Connection) -> str:
    """Changes whenever a finding, report, label, code, setting or the current topic run
    changes."""
    digest = hashlib.sha256()
    for sql in _PARTS:
        digest.update(str(connection.execute(sql).fetchone()[0]).encode() + b"\n")
    return digest.hexdigest()
