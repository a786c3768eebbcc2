"""Matching benchmark: reading a city's recommendations, and recomputing every city's.

    .venv/bin/python benchmarks/matching.py [--sizes 1000,10000,100000] [--cities 200]
        [--runs 3] [--no-recompute]

Uses the databases of benchmarks/search.py (one per size, kept between runs: with SQLite
var/bench/<size>/strongcities.sqlite3, with PostgreSQL `strongcities_bench_<size>` when
DATABASE_URL is set), generated the same way (`generate_network`, 1,000 cities, deterministic;
no search index is built here). Cities of a database generated before `generate_network` gave
them priority audiences and running themes get some here, once and deterministically.

Each size runs in its own process and measures:
- recompute: `services.recompute_all()` wall time (the first run stores the matches; `--runs`
  more runs are timed), next to its parts: loading the network (`load_snapshot`) and scoring
  every city in memory (`score_city`, no writes);
- read: a city's recommendations as its profile page shows them — `peers_for(city)` and
  `practices_for(city, viewer)`, each recommendation's name, address and reasons — for
  `--cities` cities, read by a member of the city's own team and by a member of another city
  (the viewer loaded afresh each time, so their roles are read as in a request); p50/p95.
Targets (the issue): at 1,000 cities and 100,000 practices, read p95 < 50 ms and recompute
< 5 minutes. Writes benchmarks/results/matching-<backend>.md.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import CITIES, SEED, configure_environment, percentile, prepare_database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
READ_TARGET_MS = 50.0
RECOMPUTE_TARGET_S = 300.0
TARGET_SIZE = 100_000
WARMUP = 3
OTHER_MEMBER_EMAIL = "bench-member@example.org"  # a member of gen-1, as in benchmarks/search.py


# --- The network. ------------------------------------------------------------------------------


def grow(size: int) -> float:
    """Generate the network of `size` practices (nothing when it exists); seconds."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command(
        "generate_network", cities=CITIES, practices=size, seed=SEED, no_reindex=True, verbosity=1
    )
    return time.perf_counter() - start


def complete_profiles() -> int:
    """Priority audiences and running themes for generated cities that have none; how many."""
    from django.db import transaction

    from strongcities.core.generation.network import generated_cities
    from strongcities.core.taxonomy.models import Concept
    from strongcities.members.models import City

    audiences = list(Concept.objects.in_scheme("audience").values_list("pk", flat=True))
    themes = list(Concept.objects.in_scheme("theme").values_list("pk", flat=True))
    done = set(City.priority_audiences.through.objects.values_list("city_id", flat=True))
    missing = [
        (pk, slug) for pk, slug in generated_cities().values_list("pk", "slug") if pk not in done
    ]
    audience_rows, running_rows = [], []
    for pk, slug in missing:
        rng = random.Random(f"{SEED}:matching-profile:{slug}")
        audience_rows += [
            City.priority_audiences.through(city_id=pk, concept_id=concept)
            for concept in rng.sample(audiences, rng.randint(1, 3))
        ]
        running_rows += [
            City.running_themes.through(city_id=pk, concept_id=concept)
            for concept in rng.sample(themes, rng.randint(0, 2))
        ]
    with transaction.atomic():
        City.priority_audiences.through.objects.bulk_create(audience_rows, batch_size=1000)
        City.running_themes.through.objects.bulk_create(running_rows, batch_size=1000)
    return len(missing)


def viewer_ids(cities) -> dict[int, int]:
    """A member of each sampled city's own team (city id -> user id), created once."""
    from strongcities.accounts.models import CityRole, User

    ids = {}
    for city in cities:
        email = f"bench-own-{city.slug}@example.org"
        user = User.objects.filter(email=email).first() or User.objects.create_user(email)
        CityRole.objects.get_or_create(
            user=user, city=city, defaults={"role": CityRole.Role.MEMBER}
        )
        ids[city.pk] = user.pk
    return ids


def other_member_id() -> int:
    from strongcities.accounts.models import CityRole, User
    from strongcities.members.models import City

    user = User.objects.filter(email=OTHER_MEMBER_EMAIL).first()
    user = user or User.objects.create_user(OTHER_MEMBER_EMAIL)
    CityRole.objects.get_or_create(
        user=user, city=City.objects.get(slug="gen-1"), defaults={"role": CityRole.Role.MEMBER}
    )
    return user.pk


# --- Measuring. ----------------------------------------------------------------------------------


def render_page(city, viewer) -> int:
    """Both sections as the profile page renders them; the number of recommendations."""
    from strongcities.matching import services

    shown = 0
    for peer in services.peers_for(city):
        _ = (str(peer.city.name), peer.city.get_absolute_url(), peer.score, list(peer.reasons))
        shown += 1
    for item in services.practices_for(city, viewer):
        practice = item.practice
        _ = (practice.display_title, practice.get_absolute_url(), str(practice.owner))
        _ = list(item.reasons)
        shown += 1
    return shown


def measure_reads(cities, viewers: dict[str, dict[int, int]]) -> dict:
    """ms per page read, per kind of viewer; the viewer is loaded afresh for each read."""
    from django.db import connection

    from strongcities.accounts.models import User

    rows = {}
    for who, by_city in viewers.items():
        times, queries, shown = [], [], []
        for city in cities[:WARMUP]:
            render_page(city, User.objects.get(pk=by_city[city.pk]))
        for city in cities:
            viewer = User.objects.get(pk=by_city[city.pk])
            before = len(connection.queries)
            start = time.perf_counter()
            shown.append(render_page(city, viewer))
            times.append((time.perf_counter() - start) * 1000)
            queries.append(len(connection.queries) - before)
        rows[who] = {
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "max": max(times),
            "queries": max(queries),
            "shown": statistics.mean(shown),
        }
    return rows


def measure_recompute(runs: int) -> dict:
    from tqdm import tqdm

    from strongcities.matching import services
    from strongcities.matching.models import PeerMatch, PracticeMatch

    start = time.perf_counter()
    snapshot = services.load_snapshot()
    load = time.perf_counter() - start
    start = time.perf_counter()
    for city in tqdm(snapshot.members, desc="scoring (in memory)", unit="city", file=sys.stderr):
        services.score_city(snapshot, city)
    scoring = time.perf_counter() - start
    totals = []
    for run in range(max(runs, 1)):
        bar = tqdm(desc=f"recompute_all #{run + 1}", unit="city", file=sys.stderr)

        def progress(done: int, total: int, bar=bar) -> None:
            bar.total = total
            bar.update(done - bar.n)

        start = time.perf_counter()
        services.recompute_all(progress=progress)
        totals.append(time.perf_counter() - start)
        bar.close()
    return {
        "cities": len(snapshot.members),
        "practices": len(snapshot.library.practices),
        "load": load,
        "score": scoring,
        "recompute": totals,
        "peer_rows": PeerMatch.objects.count(),
        "practice_rows": PracticeMatch.objects.count(),
    }


def measure_size(size: int, args) -> dict:
    """In this process: prepare the database of `size` and measure it."""
    database = configure_environment(size)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from strongcities.core.generation.network import generated_cities
    from strongcities.matching.models import PeerMatch

    print(f"Benchmark database: {database}", flush=True)
    prepare_database()
    generated = grow(size)
    completed = complete_profiles()
    print(f"{size:,} practices: generation {generated:.1f} s; {completed} profiles completed here.")
    recompute = None
    if not args.no_recompute or not PeerMatch.objects.exists():
        recompute = measure_recompute(args.runs)
    if connection.vendor == "postgresql":
        # Statistics as autovacuum keeps them on a live server: without them, right after the
        # generation, the planner thinks 125 practices are published and ANDs the status index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rng = random.Random(SEED)
    pool = list(generated_cities().order_by("pk"))
    cities = rng.sample(pool, min(args.cities, len(pool)))
    other = other_member_id()
    viewers = {"own team": viewer_ids(cities), "other city": {city.pk: other for city in cities}}
    settings.DEBUG = True  # count the queries of each read (connection.queries)
    reads = measure_reads(cities, viewers)
    settings.DEBUG = False
    with connection.cursor() as cursor:
        is_sqlite = connection.vendor == "sqlite"
        cursor.execute("select sqlite_version()" if is_sqlite else "show server_version")
        version = cursor.fetchone()[0]
    return {
        "backend": connection.vendor,
        "version": version,
        "database": database,
        "size": size,
        "generated": generated,
        "recompute": recompute,
        "reads": reads,
        "sampled": len(cities),
    }


# --- Reporting. ----------------------------------------------------------------------------------


def _verdict(ok: bool, size: int) -> str:
    verdict = "PASS" if ok else "FAIL"
    return verdict if size >= TARGET_SIZE else f"({verdict})"


def tables(results: list[dict]) -> list[str]:
    lines = [
        "Reading a city's recommendations (peers_for + practices_for, as the page renders "
        "them; ms):",
        "",
        "| backend | practices | viewer | cities | shown | queries | p50 ms | p95 ms | max ms "
        "| p95 < 50 ms |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        for who, row in r["reads"].items():
            lines.append(
                f"| {r['backend']} | {r['size']:,} | {who} | {r['sampled']} | {row['shown']:.1f} "
                f"| {row['queries']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['max']:.1f} "
                f"| {_verdict(row['p95'] < READ_TARGET_MS, r['size'])} |"
            )
    lines += [
        "",
        "Recomputing every member city (seconds):",
        "",
        "| backend | practices | cities | candidates | load | score (memory) | recompute_all "
        "| stored peers | stored practices | < 5 min |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        c = r["recompute"]
        if c is None:
            lines.append(f"| {r['backend']} | {r['size']:,} | (not run: --no-recompute) |")
            continue
        worst = max(c["recompute"])
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {c['cities']:,} | {c['practices']:,} "
            f"| {c['load']:.1f} | {c['score']:.1f} | {worst:.1f} "
            f"({', '.join(f'{s:.1f}' for s in c['recompute'])}) | {c['peer_rows']:,} "
            f"| {c['practice_rows']:,} | {_verdict(worst < RECOMPUTE_TARGET_S, r['size'])} |"
        )
    return lines


def write_report(results: list[dict], args) -> Path:
    first = results[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"matching-{first['backend']}.md"
    lines = [
        f"# Matching benchmark — {first['backend']}",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}, {first['backend']} "
        f"{first['version']}): {', '.join(r['database'] for r in results)}; {CITIES:,} cities.",
        "",
        "```",
        f".venv/bin/python benchmarks/matching.py --sizes {args.sizes} --cities {args.cities} "
        f"--runs {args.runs}",
        "```",
        "",
        *tables(results),
        "",
        "Verdicts in parentheses are for sizes below the target's 100,000 practices.",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="practices per network")
    parser.add_argument("--cities", type=int, default=200, help="cities whose pages are read")
    parser.add_argument("--runs", type=int, default=1, help="timed recompute_all runs")
    parser.add_argument(
        "--no-recompute",
        action="store_true",
        help="only read (recompute anyway when nothing is stored yet)",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        Path(args.output).write_text(json.dumps(measure_size(args.one_size, args)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            output = Path(scratch) / f"{size}.json"
            command = [sys.executable, __file__, "--one-size", str(size), "--output", str(output)]
            command += ["--cities", str(args.cities), "--runs", str(args.runs)]
            command += ["--no-recompute"] if args.no_recompute else []
            subprocess.run(command, check=True)  # noqa: S603 - this script, our arguments
            results.append(json.loads(output.read_text()))
    print()
    print("\n".join(tables(results)))
    path = write_report(results, args)
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
