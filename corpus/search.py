"""Keyword search over findings with SQLite FTS5 (porter stemming, bm25 ranking).

A query is searched as typed: plain words are quoted before FTS5 sees them, so
"person-centred", "24/7" or "OT's" are words, not syntax. FTS5's own syntax keeps
working where it is written: "phrases", prefix*, and the operators OR, AND, NOT and
NEAR(...) in capitals, with parentheses to group (the quoting follows sqlite-utils'
`quote_fts`, extended to leave those operators alone).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import replace

from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.errors import CorpusError, SearchQueryError
from cqc_themes.records import FindingFilter, SearchHit

# Words of context either side of a match in a snippet.
_SNIPPET_TOKENS = 24

_OPERATORS = frozenset({"OR", "AND", "NOT"})
# A quoted phrase (closed at the end of the query if the user left it open, as
# sqlite-utils does), a bracket or comma, or a run of anything else.
_TOKEN = re.compile(r'"[^"]*(?:"|$)\*?|[(),]|[^\s"(),]+')
# FTS5's unicode61 tokenizer indexes letters and digits only; a chunk without any
# ("[/b]", "&") is an empty phrase, which would match nothing and sink an AND.
_WORD_CHARACTER = re.compile(r"[^\W_]")


def fts_query(query: str) -> str:
    """`query` as an FTS5 expression that searches what was typed (see the module doc)."""
    return " ".join(_query_parts(query))


def any_word_query(query: str) -> str:
    """The words of a plain query joined by OR, so a long sentence still finds findings
    that share some of its words; a query written in FTS5 syntax is kept as it is."""
    parts = _query_parts(query)
    if _uses_syntax(_TOKEN.findall(query)):
        return " ".join(parts)
    return " OR ".join(parts)


# The most findings a hybrid search's keyword half ranks, summed over its words. bm25
# costs time in proportion to the findings a word matches (an OR of "for", "people" and
# "and" matches nearly all 86,000 findings of 153 reports: 100-150 ms), while the words
# that match most weigh least in bm25 (their inverse document frequency is near zero).
# So the commonest words drop out of the pool until the rest fit; corpora smaller than
# this keep every word.
KEYWORD_POOL_MATCHES = 10_000


def keyword_pool_query(
    connection: sqlite3.Connection, query: str, max_matches: int | None = None
) -> str:
    """`any_word_query(query)` without its commonest words, rarest kept first, once the
    findings they match would together exceed `max_matches` (default
    KEYWORD_POOL_MATCHES); the rarest word always stays. A query in FTS5 syntax is kept
    as typed."""
    if max_matches is None:
        max_matches = KEYWORD_POOL_MATCHES
    if _uses_syntax(_TOKEN.findall(query)):
        return any_word_query(query)
    words = list(dict.fromkeys(_query_parts(query)))
    matches = {word: _matches_up_to(connection, word, max_matches + 1) for word in words}
    kept: set[str] = set()
    total = 0
    for word in sorted(words, key=lambda word: matches[word]):
        if kept and total + matches[word] > max_matches:
            break
        kept.add(word)
        total += matches[word]
    return " OR ".join(word for word in words if word in kept)


def _matches_up_to(connection: sqlite3.Connection, word: str, cap: int) -> int:
    """How many findings match `word` (a quoted FTS5 term), counting no further than
    `cap`: FTS5 reads its matches in rowid order, so the LIMIT stops the scan."""
    try:
        return connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM findings_fts WHERE findings_fts MATCH ? LIMIT ?)",
            (word, cap),
        ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # left in the pool, where the search itself reports what is wrong


def _uses_syntax(tokens: list[str]) -> bool:
    return any(token in _OPERATORS or token == "NEAR" or token.startswith('"') for token in tokens)


def _query_parts(query: str) -> list[str]:
    tokens = _TOKEN.findall(query)
    operators = any(token in _OPERATORS or token == "NEAR" for token in tokens)
    parts: list[str] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.startswith('"'):
            phrase = _closed_phrase(token)
            if _WORD_CHARACTER.search(phrase):
                parts.append(phrase)
        elif token in "(),":
            # Brackets group and commas end NEAR's phrase list only among operators;
            # otherwise they are punctuation a person typed.
            if operators:
                parts.append(token)
        elif operators and (token in _OPERATORS or (token == "NEAR" and following == "(")):
            parts.append(token)
        elif operators and token.isdigit() and parts and parts[-1] == ",":
            parts.append(token)  # NEAR's distance
        elif _WORD_CHARACTER.search(token):
            parts.append(_quoted_word(token))
    return parts


def _closed_phrase(token: str) -> str:
    body, star = (token[:-1], "*") if token.endswith("*") else (token, "")
    if len(body) == 1 or not body.endswith('"'):
        body += '"'
    return body + star


def _quoted_word(token: str) -> str:
    if token.endswith("*") and _WORD_CHARACTER.search(token[:-1]):
        return f'"{token.rstrip("*")}"*'
    return f'"{token}"'


# FTS5 ranks its matches first, then the filters and the LIMIT apply, and only the
# winners are joined to their labels and topics. Written as one join, SQLite's planner
# drove the search from the findings table and re-ran the full-text match for each
# one: 200-850 ms a query at 86,000 findings, against 2-25 ms this way.
_MATCHES_SQL = (
    "WITH matches AS MATERIALIZED ("
    "  SELECT rowid AS id, bm25(findings_fts) AS rank FROM findings_fts"
    "  WHERE findings_fts MATCH ?"
    ")"
)
_BEST_SQL = "  SELECT m.id, m.rank FROM matches m {joins} {where} ORDER BY m.rank, m.id LIMIT ?"
# What a filter needs joined to each match (a join per match is most of a search's time
# at 86,000 findings, so a search that filters on nothing joins nothing).
_FILTER_JOINS = "JOIN findings f ON f.id = m.id JOIN reports r ON r.id = f.report_id"
_LABEL_JOIN = "LEFT JOIN labels l ON l.finding_id = f.id"
_RANKING_SQL = _MATCHES_SQL + _BEST_SQL
_RANKED_SQL = (
    f"{_MATCHES_SQL}, ranked AS MATERIALIZED ({_BEST_SQL})"
    f" SELECT {FINDING_COLUMNS}, ranked.rank"
    + FINDING_JOINS.replace("FROM findings f", "FROM ranked JOIN findings f ON f.id = ranked.id")
    + " ORDER BY ranked.rank, f.id"
)


def keyword_search(
    connection: sqlite3.Connection,
    query: str,
    filters: FindingFilter,
    limit: int,
    markers: tuple[str, str],
    snippets: bool = True,
) -> list[SearchHit]:
    """Findings matching `query` searched as typed (see `fts_query`), best first. Without
    `snippets` each hit carries its plain text (`keyword_snippets` highlights it later)."""
    expression = _expression(query)
    if not expression:
        return []  # only punctuation: nothing a finding's words could match
    with _search_errors(query):
        ranked = _matches(connection, _RANKED_SQL, expression, filters, limit)
        snippet_of = (
            _snippets(connection, expression, [row["finding_id"] for row in ranked], markers)
            if snippets
            else {}
        )
    # bm25 is lower-is-better; flip it so every score in the API is higher-is-better.
    return [
        SearchHit(
            finding=stored_finding(row),
            snippet=snippet_of.get(row["finding_id"], row["text"]),
            score=-row["rank"],
            keyword_rank=position,
            keyword_score=-row["rank"],
        )
        for position, row in enumerate(ranked, 1)
    ]


def keyword_ranking(
    connection: sqlite3.Connection, query: str, filters: FindingFilter, limit: int
) -> list[tuple[int, float]]:
    """`keyword_search`'s order as (finding id, score) pairs, without reading the
    findings: a hybrid search reads only the few that make its cut."""
    expression = _expression(query)
    if not expression:
        return []
    with _search_errors(query):
        ranked = _matches(connection, _RANKING_SQL, expression, filters, limit)
    return [(finding_id, -rank) for finding_id, rank in ranked]


def _expression(query: str) -> str:
    if not query.strip():
        raise SearchQueryError("the search query is empty")
    return fts_query(query)


def _matches(
    connection: sqlite3.Connection, sql: str, expression: str, filters: FindingFilter, limit: int
) -> list[sqlite3.Row]:
    where, parameters = filter_sql(effective_filter(connection, filters))
    joins = ""
    if where:
        joins = f"{_FILTER_JOINS} {_LABEL_JOIN}" if "l.label" in where else _FILTER_JOINS
    return connection.execute(
        sql.format(joins=joins, where=f"WHERE {where}" if where else ""),
        [expression, *parameters, limit],
    ).fetchall()


def effective_filter(connection: sqlite3.Connection, filters: FindingFilter) -> FindingFilter:
    """`filters` without the current-reports rule when no report is superseded: the same
    findings, and a search that filters on nothing else joins nothing to its matches."""
    if filters.include_superseded or has_superseded_reports(connection):
        return filters
    return replace(filters, include_superseded=True)


def has_superseded_reports(connection: sqlite3.Connection) -> bool:
    """Whether some council has an older report beside its current one."""
    return (
        connection.execute(
            "SELECT (SELECT count(*) FROM reports) > (SELECT count(*) FROM current_reports)"
        ).fetchone()[0]
        == 1
    )


@contextlib.contextmanager
def _search_errors(query: str):
    """A query FTS5 cannot parse is the user's to fix (SearchQueryError); anything else
    (locked, damaged, unreadable) is the corpus's problem (CorpusError)."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        # FTS5's parse errors are plain SQLITE_ERROR.
        if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF != sqlite3.SQLITE_ERROR:
            raise CorpusError(f"the corpus could not be searched ({error})") from error
        raise SearchQueryError(
            f"cannot search for {query!r}: {error}. OR, AND, NOT and NEAR(...) in capitals "
            "are operators and need words on both sides; write them in lower case to "
            "search for the words"
        ) from error


def keyword_snippets(
    connection: sqlite3.Connection, query: str, finding_ids: list[int], markers: tuple[str, str]
) -> dict[int, str]:
    """Highlighted snippets of these findings for `query` (as `keyword_search` takes it),
    by finding id; findings it does not match are left out."""
    expression = fts_query(query)
    if not expression or not finding_ids:
        return {}
    return _snippets(connection, expression, finding_ids, markers)


def _snippets(
    connection: sqlite3.Connection, expression: str, finding_ids: list[int], markers
) -> dict[int, str]:
    # About 0.15 ms a snippet: worth making only for the hits that are shown.
    if not finding_ids:
        return {}
    return dict(
        connection.execute(
            "SELECT rowid, snippet(findings_fts, 0, ?, ?, '…', ?) FROM findings_fts"
            f" WHERE findings_fts MATCH ? AND rowid IN ({','.join('?' * len(finding_ids))})",
            [*markers, _SNIPPET_TOKENS, expression, *finding_ids],
        ).fetchall()
    )
