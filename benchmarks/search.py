"""Search benchmark: the library-page search at 1k, 10k, 100k practices, next to its raw SQL.

    .venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--runs 50] [--reindex]

Never touches the development database. Each size has its own database, kept between runs (a
re-run generates nothing and keeps the index): with SQLite (no DATABASE_URL, or a sqlite://
one) var/bench/<size>/strongcities.sqlite3 (VAR_DIR, so the production PRAGMAs apply: WAL,
synchronous=NORMAL); with PostgreSQL the database `strongcities_bench_<size>` on the same
server (created if missing). Each size runs in its own process: it migrates, loads the
taxonomy, generates the network (`generate_network`, deterministic), rebuilds the index
(`reindex`) when something was generated, then times `strongcities.core.search.search(q,
filters, user, "en")` for an anonymous visitor and a member of the largest generated city, for
a common, a medium and a rare term, a filtered query (q + theme) and the empty query (browse):
warm (as the library page runs, the words' matched set remembered by the process) and cold
(that memory emptied before each run). The "raw" time is the statements of a cold search,
captured with an execute wrapper, its word statements replaced by one full-text match of
words, concepts and the reader's visibility labels, re-run directly on a cursor (fetching every
row): the database's work for the page without our layer. Writes
benchmarks/results/search-<backend>.md.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BENCH_DATABASE = "strongcities_bench"
SEED = 1
CITIES = 1000
P95_TARGET_MS = 50.0
P95_TARGET_SIZE = 100_000
OVERHEAD_TARGET = 1.5
WARMUP = 3
MEMBER_EMAIL = "bench-member@example.org"


# --- The database: chosen and prepared before Django starts. ---------------------------------


def bench_database(size: int) -> str:
    """The PostgreSQL database of one size (each size keeps its own: re-runs generate nothing)."""
    return f"{BENCH_DATABASE}_{size}"


def _bench_postgres_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _ensure_postgres_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the PostgreSQL database {name}.")


def configure_environment(size: int) -> str:
    """Point Django at the benchmark database of `size`; returns a description of it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongcities.settings")
    sys.path.insert(0, str(ROOT / "src"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        name = bench_database(size)
        bench_url = _bench_postgres_url(url, name)
        _ensure_postgres_database(bench_url, name)
        os.environ["DATABASE_URL"] = bench_url
        return f"PostgreSQL database {name}"
    if url and not url.startswith("sqlite"):
        raise SystemExit(f"Unsupported DATABASE_URL for the benchmark: {url.split(':')[0]}")
    # SQLite: the settings' own default database, under var/bench/<size>/, with its PRAGMAs.
    os.environ.pop("DATABASE_URL", None)
    var_dir = ROOT / "var" / "bench" / str(size)
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["VAR_DIR"] = str(var_dir)
    return f"SQLite file {(var_dir / 'strongcities.sqlite3').relative_to(ROOT)}"


# --- Measuring. ------------------------------------------------------------------------------


@dataclass
class Case:
    term: str  # label in the table
    query: str
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Row:
    backend: str
    size: int
    case: Case
    who: str
    hits: int
    queries: int
    times: list[float]  # warm: the words' matched set remembered by the process
    cold_times: list[float]  # cold: every search reads its matches from the index
    raw_times: list[float]
    statements: list[tuple[float, str]] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)

    @property
    def cold_p50(self) -> float:
        return statistics.median(self.cold_times)

    @property
    def cold_p95(self) -> float:
        return percentile(self.cold_times, 95)

    @property
    def raw_p50(self) -> float:
        return statistics.median(self.raw_times)

    @property
    def raw_p95(self) -> float:
        return percentile(self.raw_times, 95)

    @property
    def overhead(self) -> float:
        """Cold search / raw engine statements: what our layer adds to the database's work."""
        return self.cold_p50 / self.raw_p50 if self.raw_p50 else float("inf")


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


class Capture:
    """An execute wrapper keeping every statement (sql, params) a search issues."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _run_raw(statements) -> tuple[float, list[float]]:
    """Re-run captured statements on a cursor; total ms and ms per statement."""
    from django.db import connection

    per_statement = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            start = time.perf_counter()
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()
            per_statement.append((time.perf_counter() - start) * 1000)
    return sum(per_statement), per_statement


def _shown(sql: str, params) -> str:
    """The statement and its parameters, shortened, for the report."""
    shown = repr(list(params or []))
    if len(shown) > 600:
        shown = shown[:600] + " …"
    return f"{sql}\n-- params: {shown}"


def _raw_statements(statements, case: Case, user) -> list:
    """The statements of a cold search with its word matches replaced by one full-text match
    of words, concepts and the reader's visibility labels together — what one plain engine
    query answers (the search takes labels and concepts from its in-memory bitsets, so its own
    word statements carry neither): the database's work for the page without our layer."""
    from strongcities.core.search import engine
    from strongcities.core.search.backends.base import Criteria
    from strongcities.core.visibility import user_labels

    parsed = engine.parse(case.query, engine.get_vocabulary())
    labels = user_labels(user)
    criteria = Criteria(parsed.units, labels, {})
    backend = engine.get_backend()
    words = [backend._words_sql(group) for group in engine.word_groups(parsed)]
    words = [(sql, list(params)) for sql, params in words]
    labelled = backend._match_sql(criteria)
    raw = [(sql, params) for sql, params in statements if (sql, list(params or [])) not in words]
    if words:
        raw.insert(1, labelled)
    if parsed.empty:
        # A browse reads the visible set and the newest page from memory; in SQL it is the
        # visible ids (to count and facet them) and the newest page of them.
        clause, params = backend._labels_clause(labels) if labels is not None else ("1 = 1", [])
        raw += [
            labelled,
            (
                f"SELECT id FROM search_document WHERE {clause}"  # noqa: S608
                " ORDER BY published DESC, id DESC LIMIT 20",
                params,
            ),
        ]
    return raw


def _timed(function, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(backend: str, size: int, case: Case, *, who: str, user, runs: int) -> Row:
    from django.db import connection

    from strongcities.core.search import memory, search

    def once():
        return search(case.query, case.filters, user, "en")

    for _ in range(WARMUP):
        once()
    times = _timed(once, runs)
    cold_times = _timed(once, runs, before=memory.forget_matches)
    memory.forget_matches()
    capture = Capture()
    with connection.execute_wrapper(capture):
        results = once()
    raw = _raw_statements(capture.statements, case, user)
    raw_times, per_statement = [], [[] for _ in raw]
    for _ in range(WARMUP):
        _run_raw(raw)
    for _ in range(runs):
        total, each = _run_raw(raw)
        raw_times.append(total)
        for slot, ms in zip(per_statement, each, strict=True):
            slot.append(ms)
    statements = [
        (statistics.median(ms), _shown(sql, params))
        for ms, (sql, params) in zip(per_statement, raw, strict=True)
    ]
    return Row(
        backend=backend,
        size=size,
        case=case,
        who=who,
        hits=results.total,
        queries=len(capture.statements),
        times=times,
        cold_times=cold_times,
        raw_times=raw_times,
        statements=statements,
    )


# --- The network and the people. -------------------------------------------------------------


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_taxonomy", verbosity=0)


def grow(size: int, *, reindex: bool) -> tuple[float, float]:
    """Generate the network up to `size` practices and rebuild the index; seconds for each.

    When nothing was generated and the index is not empty, the index is kept (a re-run of the
    same size), unless `reindex`."""
    from django.core.management import call_command

    from strongcities.core.search.backends import get_backend
    from strongcities.practices.models import Practice

    before = Practice.objects.count()
    start = time.perf_counter()
    call_command(
        "generate_network", cities=CITIES, practices=size, seed=SEED, no_reindex=True, verbosity=1
    )
    generated = time.perf_counter() - start
    if not reindex and Practice.objects.count() == before and get_backend().indexed_ids():
        print(f"{size:,} practices: nothing generated, the index is kept (--reindex to rebuild).")
        return generated, 0.0
    start = time.perf_counter()
    call_command("reindex", verbosity=1)
    return generated, time.perf_counter() - start


def people():
    """An anonymous visitor and a member of gen-1, the city with the most practices."""
    from django.contrib.auth.models import AnonymousUser

    from strongcities.accounts.models import CityRole, User
    from strongcities.members.models import City

    user = User.objects.filter(email=MEMBER_EMAIL).first() or User.objects.create_user(MEMBER_EMAIL)
    CityRole.objects.get_or_create(
        user=user, city=City.objects.get(slug="gen-1"), defaults={"role": CityRole.Role.MEMBER}
    )
    user = User.objects.get(pk=user.pk)
    return {"anonymous": AnonymousUser(), "member": user}


def cases() -> list[Case]:
    from strongcities.core.generation import phrases

    return [
        Case(f"common: {phrases.COMMON_TERMS['en']}", phrases.COMMON_TERMS["en"]),
        Case(f"medium: {phrases.MEDIUM_TERMS['en']}", phrases.MEDIUM_TERMS["en"]),
        Case(f"rare: {phrases.RARE_TERMS['en']}", phrases.RARE_TERMS["en"]),
        Case(
            f"{phrases.COMMON_TERMS['en']} + theme",
            phrases.COMMON_TERMS["en"],
            {"theme": ["online-radicalisation"]},
        ),
        Case("browse (no query)", ""),
    ]


# --- Reporting. ------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| backend | size | term | who | hits | queries | p50 ms | p95 ms | cold p50 ms "
        "| cold p95 ms | raw p50 ms | overhead | p95 < 50 ms | overhead ≤ 1.5× |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        p95_verdict = _verdict(max(r.p95, r.cold_p95) < P95_TARGET_MS)
        overhead_verdict = _verdict(r.overhead <= OVERHEAD_TARGET)
        if r.size < P95_TARGET_SIZE:
            p95_verdict, overhead_verdict = f"({p95_verdict})", f"({overhead_verdict})"
        lines.append(
            f"| {r.backend} | {r.size:,} | {r.case.term} | {r.who} | {r.hits:,} | {r.queries} "
            f"| {r.p50:.1f} | {r.p95:.1f} | {r.cold_p50:.1f} | {r.cold_p95:.1f} "
            f"| {r.raw_p50:.1f} | {r.overhead:.2f}× | {p95_verdict} | {overhead_verdict} |"
        )
    return lines


def summary(rows: list[Row]) -> list[str]:
    at_target = [r for r in rows if r.size >= P95_TARGET_SIZE]
    if at_target:
        worst = max(at_target, key=lambda r: max(r.p95, r.cold_p95))
        worst_p95 = max(worst.p95, worst.cold_p95)
        p95_line = (
            f"- p95 < {P95_TARGET_MS:.0f} ms at {P95_TARGET_SIZE:,} practices, warm and cold: "
            f"**{_verdict(worst_p95 < P95_TARGET_MS)}** (worst: {worst_p95:.1f} ms, "
            f"{worst.case.term}, {worst.who})"
        )
    else:
        p95_line = (
            f"- p95 < {P95_TARGET_MS:.0f} ms at {P95_TARGET_SIZE:,} practices: not measured "
            "(verdicts in parentheses are for smaller sizes)"
        )
    if not at_target:
        return [p95_line]
    worst_overhead = max(at_target, key=lambda r: r.overhead)
    return [
        p95_line,
        f"- overhead ≤ {OVERHEAD_TARGET}× at {P95_TARGET_SIZE:,} practices (cold search p50 / "
        f"raw engine p50): **{_verdict(worst_overhead.overhead <= OVERHEAD_TARGET)}** (worst: "
        f"{worst_overhead.overhead:.2f}×, {worst_overhead.case.term}, {worst_overhead.who})",
    ]


def slowest_statements(rows: list[Row], count: int = 3) -> list[str]:
    largest = max(r.size for r in rows)
    found = sorted(
        ((ms, sql, r) for r in rows if r.size == largest for ms, sql in r.statements),
        key=lambda item: -item[0],
    )
    lines = []
    seen = set()
    for ms, sql, r in found:
        key = sql[:200]
        if key in seen:
            continue
        seen.add(key)
        lines += [
            f"- {ms:.1f} ms ({r.case.term}, {r.who}, {largest:,}):",
            "",
            "```sql",
            sql,
            "```",
            "",
        ]
        if len(seen) == count:
            break
    return lines


def write_report(results: dict, rows: list[Row], args) -> Path:
    first = next(iter(results.values()))
    backend, version = first["backend"], first["version"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"search-{backend}.md"
    databases = ", ".join(result["database"] for result in results.values())
    lines = [
        f"# Search benchmark — {backend}",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}, {backend} {version}): "
        f"{databases}.",
        "",
        "```",
        f".venv/bin/python benchmarks/search.py --sizes {args.sizes} --runs {args.runs}",
        "```",
        "",
        f"{args.runs} runs per row after {WARMUP} warm-up runs; times in milliseconds. "
        '"p50/p95": the search as the library page runs it, the words\' matched set remembered '
        "by the process since the index last changed (paging, sorting and choosing facets "
        'repeat the words). "cold": the same with that memory emptied before every run. '
        '"raw": the statements of a cold search re-run on a cursor, its word match carrying '
        "the reader's visibility labels (and, for a browse, the visible ids and newest page in "
        "SQL): the database's work for the page without our layer. overhead = cold p50 / raw "
        "p50.",
        "",
        *table(rows),
        "",
        "Targets:",
        "",
        *summary(rows),
        "",
        "Generation and indexing (seconds):",
        "",
        "| size | generate_network | reindex |",
        "|---:|---:|---:|",
        *(
            f"| {size:,} | {result['timing'][0]:.1f} | {result['timing'][1]:.1f} |"
            for size, result in results.items()
        ),
        "",
        "Slowest statements at the largest size (median ms):",
        "",
        *slowest_statements(rows),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def measure_size(size: int, args) -> dict:
    """In this process: prepare the database of `size` and measure it (rows as JSON data)."""
    database = configure_environment(size)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # no query log in the measured path
    print(f"Benchmark database: {database}", flush=True)
    prepare_database()
    generated, indexed = grow(size, reindex=args.reindex)
    print(f"{size:,} practices: generated in {generated:.1f} s, indexed in {indexed:.1f} s")
    rows = []
    who = people()
    for case in cases():
        for name, user in who.items():
            row = measure(connection.vendor, size, case, who=name, user=user, runs=args.runs)
            rows.append(row)
            print(table([row])[-1], flush=True)
    with connection.cursor() as cursor:
        is_sqlite = connection.vendor == "sqlite"
        cursor.execute("select sqlite_version()" if is_sqlite else "show server_version")
        version = cursor.fetchone()[0]
    return {
        "backend": connection.vendor,
        "version": version,
        "database": database,
        "timing": [generated, indexed],
        "rows": [{**asdict(row), "case": asdict(row.case)} for row in rows],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the index even when nothing was generated"
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        Path(args.output).write_text(json.dumps(measure_size(args.one_size, args)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    # Each size in its own process and database: Django binds one database per process.
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            output = Path(scratch) / f"{size}.json"
            command = [sys.executable, __file__, "--one-size", str(size), "--runs", str(args.runs)]
            command += ["--output", str(output)] + (["--reindex"] if args.reindex else [])
            subprocess.run(command, check=True)  # noqa: S603 - this script, our arguments
            results[size] = json.loads(output.read_text())
    rows = [
        Row(**{**row, "case": Case(**row["case"])})
        for size in sizes
        for row in results[size]["rows"]
    ]
    print()
    print("\n".join(table(rows)))
    print()
    print("\n".join(summary(rows)))
    path = write_report(results, rows, args)
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
