"""What the reliability tests and benchmarks/reliability_figures.py share.

- distinct report files made from the shipped samples, and damaged ones made from those;
- `check_corpus`: does a corpus open, pass SQLite's and FTS5's integrity checks, and hold
  only whole reports (every report with all its statement scores, paragraphs, findings
  and search-index entries)?
- `CliLauncher`: runs `cqc-themes` commands in processes forked from one interpreter that
  has already imported cqc_themes and loaded the sentence splitter. Those cost about 4 s
  and 2 s per process, so forking is what lets 20 kill rounds run in seconds; each run is
  still its own process group, with its own PDF workers, running the command line's
  `main()` exactly as installed. A few tests also run the installed script itself.
- `kill_round`, `fuzz_ingest` and `search_loop`: one kill, one bad input, one searcher.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqc_themes import Corpus, ingest, parse_pdf
from cqc_themes.errors import CqcThemesError

REPO = Path(__file__).resolve().parents[2]
SAMPLE_PDFS = REPO / "samples" / "pdf"
INSTALLED_CLI = Path(sys.executable).with_name("cqc-themes")
SEARCH_QUERIES = (
    "carers", '"unpaid carers"', "safeguard*", "direct payments", "waiting OR waits",
    "workforce", "transitions NOT children", "equality",
)

# Exit status of a child that crashed itself on purpose before an SQL statement.
CRASH_EXIT = 86


# Report files -------------------------------------------------------------------------


def sample_pdfs() -> list[Path]:
    return sorted(SAMPLE_PDFS.glob("*.pdf"))


def make_variants(sources: Sequence[Path], folder: Path, count: int) -> list[Path]:
    """`count` distinct report files: copies of `sources`, each ending in its own comment.

    PDF readers ignore bytes after the last %%EOF, so a copy parses exactly like its
    source but has another sha256, which the corpus treats as another report.
    """
    folder.mkdir(parents=True, exist_ok=True)
    variants = []
    for number in range(count):
        source = sources[number % len(sources)]
        variant = folder / f"{number:03d}-{source.name}"
        variant.write_bytes(source.read_bytes() + f"\n% variant {number}\n".encode())
        variants.append(variant)
    return variants


def flip_bytes(data: bytes, changes: Sequence[tuple[int, int]]) -> bytes:
    """`data` with the byte at each position (taken modulo the length) replaced."""
    mutable = bytearray(data)
    for position, value in changes:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


def truncate(data: bytes, keep: int, end_marker: bool) -> bytes:
    """The first `keep` bytes, optionally with an %%EOF so the file passes the first check."""
    return data[:keep] + (b"\n%%EOF\n" if end_marker else b"")


def splice(first: bytes, second: bytes, cut_first: int, cut_second: int) -> bytes:
    """The head of one report joined to the tail of another."""
    return first[:cut_first] + second[cut_second:]


def overwrite_block(data: bytes, start: int, block: bytes) -> bytes:
    """`data` with `block` written over it from `start` (modulo the length)."""
    start %= len(data)
    return data[:start] + block + data[start + len(block) :]


def random_damage(rng: random.Random, sources: Sequence[bytes]) -> bytes:
    """One damaged report (or random bytes), chosen with `rng`: for seeded volume runs."""
    data = rng.choice(sources)
    kind = rng.randrange(5)
    if kind == 0:
        flips = rng.randint(1, 16)
        changes = [(rng.randrange(len(data)), rng.randrange(256)) for _ in range(flips)]
        return flip_bytes(data, changes)
    if kind == 1:
        return truncate(data, rng.randrange(len(data)), rng.random() < 0.7)
    if kind == 2:
        other = rng.choice(sources)
        return splice(data, other, rng.randrange(len(data)), rng.randrange(len(other)))
    if kind == 3:
        return overwrite_block(data, rng.randrange(len(data)), rng.randbytes(rng.randint(1, 4096)))
    body = rng.randbytes(rng.randint(0, 4096))
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n" if rng.random() < 0.5 else body


# Corpus checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportCounts:
    """What one stored report is made of; a report missing any part was half-written."""

    council: str
    statement_scores: int
    paragraphs: int
    findings: int
    indexed_findings: int  # rows in the FTS5 index for this report's findings


@dataclass(frozen=True)
class CorpusCheck:
    reports: dict[str, ReportCounts]  # by the PDF's sha256
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_corpus(path: Path, expected: dict[str, ReportCounts] | None = None) -> CorpusCheck:
    """Open the corpus as a user would and check it; `expected` says what whole reports hold."""
    try:
        corpus = Corpus(path, create=False)
    except CqcThemesError as error:
        return CorpusCheck({}, (f"does not open: {error}",))
    with corpus:
        connection = corpus.connection
        problems = [
            f"integrity_check: {row[0]}"
            for row in connection.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        try:
            # rank = 1 also compares the index with the findings table it indexes.
            connection.execute(
                "INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as error:
            problems.append(f"FTS5 integrity-check: {error}")
        reports = _report_counts(connection)
    findings = sum(counts.findings for counts in reports.values())
    indexed = sum(counts.indexed_findings for counts in reports.values())
    if indexed != findings:
        problems.append(f"{indexed} findings in the search index, {findings} in the corpus")
    for sha256, counts in reports.items():
        # Without `expected`, only what no whole report can look like: a report row with
        # nothing under it, or findings without the paragraphs they come from (or the
        # reverse). A damaged PDF can parse into a report with scores but no text at all.
        nothing = not (counts.statement_scores or counts.paragraphs or counts.findings)
        if nothing or bool(counts.paragraphs) != bool(counts.findings):
            problems.append(f"half-written report {counts.council} {sha256[:8]}: {counts}")
        if expected is not None and counts != expected.get(sha256):
            problems.append(
                f"report {counts.council} {sha256[:8]} is {counts}, "
                f"expected {expected.get(sha256)}"
            )
    return CorpusCheck(reports, tuple(problems))


def _report_counts(connection: sqlite3.Connection) -> dict[str, ReportCounts]:
    rows = connection.execute(
        "SELECT r.sha256, r.council,"
        " (SELECT count(*) FROM statement_scores s WHERE s.report_id = r.id),"
        " (SELECT count(*) FROM paragraphs p WHERE p.report_id = r.id),"
        " (SELECT count(*) FROM findings f WHERE f.report_id = r.id),"
        " (SELECT count(*) FROM findings f JOIN findings_fts_docsize d ON d.id = f.id"
        "  WHERE f.report_id = r.id)"
        " FROM reports r"
    )
    return {row[0]: ReportCounts(*row[1:]) for row in rows}


def committed_reports(path: Path) -> set[str]:
    """The sha256 of every report another connection can see committed right now."""
    if not path.exists():
        return set()
    try:
        # Read-only, so this observer never checkpoints or otherwise writes the file.
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return {row[0] for row in connection.execute("SELECT sha256 FROM reports")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return set()  # not created yet, or the schema is still being written


def copy_corpus(source: Path, destination: Path) -> Path:
    """A private copy of a closed corpus, its write-ahead log folded in first."""
    connection = sqlite3.connect(source)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    destination.write_bytes(source.read_bytes())
    return destination


def is_one_line_naming(message: str | None, path: Path) -> bool:
    """A user-facing error: one line, no traceback, and it says which file."""
    return bool(message) and "\n" not in message and "Traceback" not in message and (
        path.name in message
    )


# Running the command line -------------------------------------------------------------


class CliLauncher:
    """Starts `cqc-themes` runs (or harness functions) forked from one warm interpreter."""

    def __init__(self) -> None:
        code = (
            f"import sys; sys.path.insert(0, {str(REPO / 'tests')!r}); "
            "from reliability.harness import serve; serve()"
        )
        self._server = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, cwd=REPO,
        )
        assert self._server.stdout
        if self._server.stdout.readline().strip() != "ready":
            raise RuntimeError("the launcher process did not start")

    def _ask(self, request: dict[str, object]) -> dict[str, object]:
        assert self._server.stdin and self._server.stdout
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        reply = self._server.stdout.readline()
        if not reply:
            raise RuntimeError("the launcher process has died")
        return json.loads(reply)

    def start(
        self,
        argv: Sequence[str],
        output: Path,
        *,
        crash_before_statement: int | None = None,
        crash_before_sql: str | None = None,
        statement_count_file: Path | None = None,
    ) -> int:
        """Start `cqc-themes *argv` (stdout and stderr to `output`.out/.err); its pid.

        `crash_before_statement=N` makes the run end itself abruptly (like SIGKILL) as
        its Nth SQL statement starts, `crash_before_sql` as the first statement starting
        with that text does; `statement_count_file` receives how many statements it ran.
        """
        return int(self._ask({
            "op": "cli", "argv": list(argv), "output": str(output), "cwd": os.getcwd(),
            "crash_before_statement": crash_before_statement,
            "crash_before_sql": crash_before_sql,
            "statement_count_file": str(statement_count_file) if statement_count_file else None,
        })["pid"])

    def start_call(self, function: str, output: Path, **kwargs: object) -> int:
        """Start `harness.<function>(**kwargs)` in its own process; its pid."""
        return int(self._ask({
            "op": "call", "function": function, "kwargs": kwargs, "output": str(output),
            "cwd": os.getcwd(),
        })["pid"])

    def wait(self, pid: int) -> int:
        """The run's exit code, or minus the signal that ended it."""
        return int(self._ask({"op": "wait", "pid": pid})["returncode"])

    def poll(self, pid: int) -> int | None:
        """As `wait`, or None while the run is still going."""
        returncode = self._ask({"op": "poll", "pid": pid})["returncode"]
        return None if returncode is None else int(returncode)

    def run(self, argv: Sequence[str], output: Path) -> CliResult:
        returncode = self.wait(self.start(argv, output))
        return CliResult.read(returncode, output)

    def close(self) -> None:
        if self._server.poll() is None:
            assert self._server.stdin
            self._server.stdin.close()
            self._server.wait(timeout=30)


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @classmethod
    def read(cls, returncode: int, output: Path) -> CliResult:
        return cls(
            returncode,
            Path(f"{output}.out").read_text(encoding="utf-8", errors="replace"),
            Path(f"{output}.err").read_text(encoding="utf-8", errors="replace"),
        )


def run_installed(argv: Sequence[str], **kwargs: object) -> CliResult:
    """The installed `cqc-themes` script, started the way a user starts it."""
    result = subprocess.run(
        [str(INSTALLED_CLI), *argv], capture_output=True, text=True, timeout=300, **kwargs
    )
    return CliResult(result.returncode, result.stdout, result.stderr)


def kill_group(pid: int) -> bool:
    """SIGKILL the run and its PDF workers; False if it had already finished."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def serve() -> None:
    """The launcher's loop: one JSON request per line on stdin, one reply per line."""
    import cqc_themes.cli.app  # noqa: F401 - imported once here, inherited by every fork

    # Parsing once loads the sentence splitter (about 2 s) before any fork, as a long
    # ingest would have done by its second file.
    parse_pdf(sample_pdfs()[0])
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] in ("wait", "poll"):
            flags = os.WNOHANG if request["op"] == "poll" else 0
            pid, status = os.waitpid(request["pid"], flags)
            returncode = os.waitstatus_to_exitcode(status) if pid else None
            reply: dict[str, object] = {"returncode": returncode}
        else:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _child(request)
            reply = {"pid": pid}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def _child(request: dict) -> None:
    """Runs in the forked process; never returns."""
    code = 1
    try:
        os.setpgid(0, 0)  # its own group, so one killpg also ends its PDF workers
        os.chdir(request["cwd"])
        for fd, suffix in ((1, ".out"), (2, ".err")):
            target = os.open(f"{request['output']}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, fd)
            os.close(target)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        if request["op"] == "cli":
            code = _run_cli(request)
        else:
            globals()[request["function"]](**request["kwargs"])
            code = 0
    except BaseException:  # noqa: BLE001 - the child must reach os._exit whatever happens
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _run_cli(request: dict) -> int:
    from cqc_themes.cli.app import main

    count_file = request.get("statement_count_file")
    statements = _trace_statements(
        request.get("crash_before_statement"), request.get("crash_before_sql")
    )
    sys.argv = ["cqc-themes", *request["argv"]]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    if count_file:
        Path(count_file).write_text(str(statements[0]))
    return code


def _trace_statements(crash_before: int | None, crash_before_sql: str | None) -> list[int]:
    """Count every SQL statement the corpus runs; end the process as the chosen one starts."""
    count = [0]

    def trace(statement: str) -> None:
        count[0] += 1
        chosen = count[0] == crash_before or (
            crash_before_sql is not None and statement.lstrip().startswith(crash_before_sql)
        )
        if chosen:
            os._exit(CRASH_EXIT)  # no cleanup, no rollback: as abrupt as a SIGKILL

    real_connect = sqlite3.connect

    def traced_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(trace)
        return connection

    sqlite3.connect = traced_connect
    return count


# One kill ----------------------------------------------------------------------------


@dataclass
class KillRound:
    """One ingest run killed part-way, what the corpus looked like after, and the re-run."""

    delay: float
    landed: bool = False  # the run was still going when SIGKILL arrived
    seen_before: set[str] = field(default_factory=set)
    after_kill: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def kill_round(
    launcher: CliLauncher,
    corpus: Path,
    paths: Sequence[Path],
    expected: dict[str, ReportCounts],
    delay: float,
    work: Path,
) -> KillRound:
    """Ingest `paths`, SIGKILL the run after `delay` s, check the corpus, re-run to the end.

    `expected` holds every report of `paths` as a whole report; the corpus must hold a
    subset of them after the kill (including all it was seen to commit) and all of them
    after the re-run.
    """
    outcome = KillRound(delay)
    argv = ["--db", str(corpus), "ingest", *map(str, paths)]
    pid = launcher.start(argv, work / "killed")
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        outcome.seen_before |= committed_reports(corpus)
        time.sleep(0.02)
    outcome.landed = kill_group(pid)
    returncode = launcher.wait(pid)
    outcome.landed = outcome.landed and returncode == -signal.SIGKILL

    if corpus.exists() or outcome.seen_before:
        after = check_corpus(corpus, expected)
        outcome.after_kill = set(after.reports)
        outcome.problems += [f"after the kill: {problem}" for problem in after.problems]
    # else the kill came before the new corpus was created (a loaded machine can take
    # that long to start): nothing existed, so nothing could be lost; the re-run decides.
    lost = outcome.seen_before - outcome.after_kill
    if lost:
        outcome.problems.append(f"{len(lost)} committed report(s) lost in the kill")

    rerun = launcher.run(argv, work / "rerun")
    if rerun.returncode != 0:
        outcome.problems.append(f"re-run exited {rerun.returncode}: {rerun.stderr[-500:]}")
    final = check_corpus(corpus, expected)
    outcome.problems += [f"after the re-run: {problem}" for problem in final.problems]
    missing = set(expected) - set(final.reports)
    if missing:
        outcome.problems.append(f"the re-run left {len(missing)} report(s) out")
    return outcome


# Bad input -----------------------------------------------------------------------------


@dataclass
class FuzzTally:
    inputs: int = 0
    added: int = 0
    failed: int = 0
    tracebacks: list[str] = field(default_factory=list)  # exceptions that escaped ingest
    bad_messages: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)  # corpus damage or lost reports


def fuzz_ingest(corpus_path: Path, path: Path, tally: FuzzTally) -> None:
    """Ingest one (probably damaged) file and record anything a user should never see."""
    tally.inputs += 1
    with Corpus(corpus_path) as corpus:
        before = _whole_reports(corpus.connection)
        try:
            summary = ingest([path], corpus, workers=1)
        except BaseException as error:  # noqa: BLE001 - counted, then re-raised below
            tally.tracebacks.append(f"{path.name}: {type(error).__name__}: {error}")
            if not isinstance(error, Exception):
                raise
            return
        for outcome in summary.outcomes:
            if outcome.status == "failed":
                tally.failed += 1
                if not is_one_line_naming(outcome.error, path):
                    tally.bad_messages.append(repr(outcome.error))
            elif outcome.status == "added":
                tally.added += 1
        quick_check = corpus.connection.execute("PRAGMA quick_check").fetchone()[0]
        after = _whole_reports(corpus.connection)
    if quick_check != "ok":
        tally.losses.append(f"after {path.name}: quick_check {quick_check}")
    changed = {sha for sha, findings in before.items() if after.get(sha) != findings}
    if changed:
        tally.losses.append(f"after {path.name}: {len(changed)} earlier report(s) changed")


def _whole_reports(connection: sqlite3.Connection) -> dict[str, int]:
    return dict(connection.execute(
        "SELECT r.sha256, count(f.id) FROM reports r LEFT JOIN findings f"
        " ON f.report_id = r.id GROUP BY r.id"
    ).fetchall())


# Concurrent reading -----------------------------------------------------------------------


def search_loop(
    corpus: str,
    stop_file: str,
    results: str,
    queries: Sequence[str] = SEARCH_QUERIES,
    reopen_every: int = 10,
) -> None:
    """Run `queries` and list reports until `stop_file` appears; write what was seen as JSON.

    Every `reopen_every` rounds the corpus is opened afresh, as each CLI command does.
    With no queries the loop only lists reports, as fast as it can.
    """
    searches = rounds = 0
    failures: list[str] = []
    seen: dict[str, list[tuple[int, int]]] = {}  # sha256 -> (findings, statement scores)
    sizes: set[int] = set()  # how many reports the corpus held, round by round
    handle: Corpus | None = None
    while not os.path.exists(stop_file):
        rounds += 1
        try:
            if handle is None or rounds % reopen_every == 0:
                if handle is not None:
                    handle.close()
                handle = Corpus(corpus, create=False)
            for query in queries:
                searches += 1
                handle.search(query, limit=50)
            summaries = handle.reports()
            sizes.add(len(summaries))
            for summary in summaries:
                counts = (summary.findings, len(summary.statement_scores))
                if counts not in seen.setdefault(summary.sha256, []):
                    seen[summary.sha256].append(counts)
        except Exception as error:  # noqa: BLE001 - every failure is the finding here
            failures.append(f"{type(error).__name__}: {error}")
            if handle is not None:
                handle.close()
            handle = None
    if handle is not None:
        handle.close()
    Path(results).write_text(json.dumps(
        {"searches": searches, "listings": rounds, "failures": failures, "seen": seen,
         "sizes": sorted(sizes)}
    ))
