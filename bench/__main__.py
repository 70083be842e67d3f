"""``python -m bench [--scale-out] [--assessments N] [--duration S]``; see bench/__init__.py."""

import argparse
import json
import os
import platform
import re
import secrets
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from . import loadgen, report, scaleout
from .measure_django import step_form
from .server import RESULTS, ROOT, BenchError, Gunicorn, manage, production_env, run
from .web import Session, csrf_input

REDIS_URL = "redis://127.0.0.1:6379/14"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--assessments", type=int, default=10_000, help="aantal zelfscans")
    parser.add_argument("--duration", type=int, default=10, help="seconden belasting per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers per server")
    parser.add_argument(
        "--scale-out", action="store_true", help="PostgreSQL + Redis, twee app-servers"
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="de SQLite-database niet weggooien na afloop"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 120 or args.assessments < 20:
        parser.error("--duration moet tussen 1 en 120 s liggen en --assessments minstens 20.")
    return args


def worker(env, task, timeout=300, **kwargs):
    out = run([sys.executable, "-m", "bench.worker", task, json.dumps(kwargs)], env, timeout)
    return json.loads(out.rsplit("BENCH-RESULT ", 1)[1])


STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", flush=True)


def targets(data):
    """(name, label, path) of each measured URL; the static file last, as the ceiling (it is
    measured first as well, see report.with_ratios)."""
    tokens, paths = data["tokens"], data["paths"]
    return [
        ("home", "startpagina", "/"),
        ("edition", "editie-overzicht", paths["edition"]),
        ("section", "taakgebied", paths["section"]),
        # A query string passes the page cache by: the render itself, every request.
        ("section_uncached", "taakgebied, ongecachet", paths["section"] + "?ongecachet=1"),
        ("competentie", "competentie", paths["competentie"]),
        ("search", "zoeken", paths["search"]),
        ("step", "zelfscan stap (GET)", f"/zelfscan/{tokens['taakgebied']}/stap/1/"),
        ("result", "resultaat taakgebied", f"/zelfscan/{tokens['taakgebied']}/resultaat/"),
        ("result_all", "resultaat hele profiel", f"/zelfscan/{tokens['geheel']}/resultaat/"),
        ("static", "statisch bestand", "/static/css/portal.css"),
    ]


def public_path(path):
    """The path as shown in the results: never a private link's token."""
    return re.sub(r"^/zelfscan/[^/]+/", "/zelfscan/<token>/", path)


def measure(servers, generator, path, post=None):
    """Load every server at once (connections split between them); sum req/s, worst percentiles."""
    results = []
    share = max(1, generator.connections // len(servers))
    for server in servers:
        generator_for = type(generator).__new__(type(generator))
        generator_for.__dict__.update(generator.__dict__, connections=share)
        if len(servers) > 1:
            generator_for.threads = max(1, generator.threads // len(servers))
        results.append((server, generator_for))

    def one(pair):
        server, gen = pair
        url = server.base_url + (post["paths"][0] if post else path)
        if isinstance(gen, loadgen.Wrk):
            script = (
                loadgen.post_script(post["paths"], post["body"], post["cookie"]) if post else ""
            )
            return gen.run(url, script)
        if post:
            return gen.run(
                url,
                "POST",
                [(p, post["body"]) for p in post["paths"]],
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": post["cookie"],
                    "X-Requested-With": "fetch",
                },
            )
        return gen.run(url)

    with ThreadPoolExecutor(len(results)) as pool:
        parts = list(pool.map(one, results))
    return {
        "rps": round(sum(p["rps"] for p in parts), 2),
        **{k: max(p[k] for p in parts) for k in ("p50_ms", "p95_ms", "p99_ms")},
        "requests": sum(p["requests"] for p in parts),
        "errors": sum(p["errors"] for p in parts),
    }


def save_request(server, data):
    """The save POST as the page's own script sends it: form body, csrf cookie and token."""
    paths = [f"/zelfscan/{token}/stap/1/" for token in data["tokens"]["post"]]
    browser = Session(server.base_url)
    status, _, html = browser.get(paths[0])
    if status != 200 or "csrftoken" not in browser.cookies:
        raise BenchError(f"De stap gaf status {status} of geen csrf-cookie.")
    body = urllib.parse.urlencode(step_form(html, csrf_input(html), ticks=5))
    return {"paths": paths, "body": body, "cookie": f"csrftoken={browser.cookies['csrftoken']}"}


def describe_publication(result):
    """The PDF timings in words (bench.measure_django.publication_timings)."""
    if not result.get("available"):
        return "niet gemeten (geen Pango op deze machine)"
    return (
        f"hele editie {result['edition_s']} s ({result['edition_cpu_s']} s CPU), "
        f"{result['edition_bytes']} bytes; taakgebied 2.3 {result['section_s']} s "
        f"({result['section_cpu_s']} s CPU), {result['section_bytes']} bytes"
    )


def bench(args, stack):
    mode = "scaleout" if args.scale_out else "sqlite"
    now = datetime.now()
    stamp = f"{now:%Y%m%d-%H%M%S}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    redis_url = ""
    if args.scale_out:
        db_name = f"portal_bench_{stamp.replace('-', '_')}"
        scaleout.create_database(db_name)
        stack.callback(scaleout.drop_database, db_name)
        database_url, redis_url = scaleout.database_urls(db_name), REDIS_URL
        prefix = f"bench-{db_name}"
        stack.callback(scaleout.flush_redis_prefix, redis_url, prefix)
        log(f"PostgreSQL-database {db_name} aangemaakt; Redis {redis_url} (prefix {prefix})")
    else:
        db_path = RESULTS / f"{stamp}.sqlite3"
        database_url, prefix = f"sqlite:///{db_path}", f"bench-{stamp}"
        if not args.keep_db:
            for suffix in ("", "-wal", "-shm"):
                stack.callback(Path(f"{db_path}{suffix}").unlink, missing_ok=True)
        log(f"SQLite-database {db_path.relative_to(ROOT)}")
    env = production_env(database_url, redis_url, prefix)

    manage(env, "collectstatic", "--noinput", "-v0", timeout=180)
    log("collectstatic klaar")
    manage(env, "migrate", "--noinput", "-v0", timeout=300)
    manage(env, "load_initial_data", timeout=300)
    log("database gemigreerd, beroepsprofiel geladen")
    data = worker(env, "generate", timeout=300, count=args.assessments)
    log(f"{data['assessments']} zelfscans met {data['answers']} antwoorden in {data['seconds']} s")

    urls = targets(data)
    post_path = f"/zelfscan/{data['tokens']['post'][0]}/stap/1/"
    queries = worker(
        env, "queries", timeout=180, urls={n: p for n, _, p in urls}, post_path=post_path
    )
    log("queries per verzoek geteld")
    edition = worker(env, "edition", timeout=300)
    log(
        f"editie: export {edition['export_s']} s, import als nieuw {edition['import_new_s']} s, "
        f"ongewijzigd {edition['import_unchanged_s']} s"
    )
    publication = worker(env, "publication", timeout=300)
    log(f"publicatie als PDF: {describe_publication(publication)}")
    editor = ("bench-hoofdredacteur", secrets.token_urlsafe(16))
    if args.scale_out:
        worker(env, "editor", timeout=60, username=editor[0], password=editor[1])

    servers = []
    for number in range(2 if args.scale_out else 1):
        server = Gunicorn(
            env,
            workers=args.workers,
            log_path=RESULTS / f"{stamp}-{mode}-gunicorn-{number + 1}.log",
        )
        servers.append(stack.enter_context(server))
    log("gunicorn: " + ", ".join(s.base_url for s in servers))

    wrk = loadgen.find_wrk()
    if wrk:
        generator = loadgen.Wrk(wrk, args.connections, args.threads, args.duration)
    else:
        log("wrk niet beschikbaar: de Python-client meet (minder nauwkeurig)")
        generator = loadgen.PythonClient(args.connections, args.threads, args.duration)
    post = save_request(servers[0], data)

    rows = []
    static = urls[-1]
    plan = [
        ("static_first", f"{static[1]} (vooraf)", static[2]),
        *urls[:-1],
        ("save", "zelfscan opslaan (POST)", post_path),
        static,
    ]
    for name, label, path in plan:
        for server in servers:  # one warm-up request per worker process's caches
            for _ in range(args.workers):
                Session(server.base_url).get(path if name != "save" else post_path)
        result = measure(servers, generator, path, post if name == "save" else None)
        rows.append(
            {
                "name": name,
                "label": label,
                "path": public_path(path),
                **result,
                "queries": queries.get(name),
                "queries_cold": queries.get(f"{name}_cold"),
            }
        )
        log(f"{label}: {result['rps']} req/s, p95 {result['p95_ms']} ms, fouten {result['errors']}")
    rows = report.with_ratios(rows)

    checks = {}
    if args.scale_out:
        a, b = servers[0].base_url, servers[1].base_url
        for name, check in (
            ("resume_across_servers", lambda: scaleout.check_resume(a, b, data["section_id"])),
            (
                "publish_across_servers",
                lambda: scaleout.check_publish(
                    a,
                    b,
                    *editor,
                    data["hoofdtaak_id"],
                    data["paths"]["hoofdtaak"],
                    data["paths"]["edition"],
                ),
            ),
        ):
            passed, detail = check()
            checks[name] = {"passed": passed, "detail": detail}
            log(f"{name}: {'GESLAAGD' if passed else 'MISLUKT'} ({detail})")

    payload = {
        "mode": mode,
        "date": now.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "servers": len(servers),
            "gunicorn_workers_per_server": args.workers,
            "worker_class": "sync",
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "load_generator": generator.name,
        },
        "data": {k: data[k] for k in ("assessments", "answers", "seconds")},
        "edition": edition,
        "publication": publication,
        "results": rows,
        "checks": checks,
    }
    path = report.write(RESULTS, mode, payload, now)
    print()
    print(report.table(rows))
    print()
    print(
        f"Editie 2025 ({edition['pages']} pagina's, {edition['document_bytes']} bytes): "
        f"export {edition['export_s']} s, import als nieuwe editie {edition['import_new_s']} s, "
        f"import ongewijzigd {edition['import_unchanged_s']} s."
    )
    print(f"Publicatie als PDF: {describe_publication(publication)}.")
    for name, check in checks.items():
        print(f"{name}: {'geslaagd' if check['passed'] else 'MISLUKT'} — {check['detail']}")
    print(f"Resultaten: {path.relative_to(ROOT)}")
    return 0 if all(c["passed"] for c in checks.values()) else 1


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    with ExitStack() as stack:  # servers stopped, database dropped: also on errors and Ctrl-C
        try:
            return bench(args, stack)
        except BenchError as exc:
            print(f"make bench: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("Afgebroken; servers worden gestopt.", file=sys.stderr)
            return 130


if __name__ == "__main__":
    sys.exit(main())
