"""Many people saving self-assessments at the same time: nothing lost, mixed up or refused.

The server under test is gunicorn, as in production: several worker processes, each with
threads, started on loopback against a copy of the session's test database (the framework
loaded once, see tests/conftest.py). On SQLite the copy is a file, opened with the settings of
portal/settings/base.py (WAL, busy timeout, immediate transactions); on PostgreSQL it is a
database created from the test database as template.

Why not pytest-django's ``live_server``: on SQLite the test database lives in memory and every
request thread of the live server shares the test's one connection, so parallel requests fail
with "database table is locked" and share each other's transactions: that tests the test set-up,
not the portal. And live_server needs ``transactional_db``, whose flush after the test would
empty the content that later tests rely on. The copy leaves the test database untouched.
"""

import contextlib
import hashlib
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests  # installed with wagtail
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CLIENTS = 8  # threads, each a browser of its own (cookies, CSRF token)
ROUNDS = 4  # saves of every step per client
WORKERS, THREADS = 4, 2  # gunicorn: 8 requests handled at once, in 4 processes
FIELD = re.compile(r'name="i-([0-9a-f-]{36})-([co])"')
CHECKED = re.compile(r'<input type="checkbox" name="i-([0-9a-f-]{36})-([co])" checked')
REVISION = re.compile(r'name="revision" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- a copy of the test database, and gunicorn on it ----------------------------------------


@dataclass
class DatabaseCopy:
    url: str
    vendor: str
    connect: object  # () -> DB-API connection
    placeholder: str


@pytest.fixture(scope="module")
def database_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection, connections

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("concurrency") / "portal.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            yield DatabaseCopy(
                f"sqlite:///{path}", "sqlite", lambda: sqlite3.connect(path, timeout=30), "?"
            )
            return
        if connection.vendor != "postgresql":
            pytest.skip(f"geen kopie van een {connection.vendor}-database")
        import psycopg
        from psycopg import sql

        params = connection.settings_dict
        source = params["NAME"]
        name = f"{source}_conc_{os.getpid()}"[:63]
        server = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }
        # A template database may have no other session: close this process's connections.
        connections.close_all()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(source)
                )
            )
        password = f":{server['password']}" if server["password"] else ""
        try:
            yield DatabaseCopy(
                f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}",
                "postgresql",
                lambda: psycopg.connect(dbname=name, autocommit=True, **server),
                "%s",
            )
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(database_copy, tmp_path_factory):
    """gunicorn with WORKERS processes × THREADS threads; yields its base URL, always stopped."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=database_copy.url,
        # Every client here comes from 127.0.0.1; the limit is not what is tested.
        RATE_LIMIT_ASSESSMENTS_PER_HOUR="10000",
        PYTHONUNBUFFERED="1",
    )
    # Without Redis the server keeps the content version in the database cache; a copy of a
    # test database made with Redis has no table for it yet.
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopte meteen:\n{log_path.read_text()[-3000:]}")
            try:
                if requests.get(base_url + "/", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn antwoordde niet:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base_url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log.close()


# --- clients ---------------------------------------------------------------------------------


class Client:
    """One browser: its own cookies and CSRF token; every answer is checked for errors."""

    def __init__(self, base_url, problems):
        self.base_url = base_url
        self.http = requests.Session()
        self.problems = problems
        self.csrf = None

    def request(self, method, path, **kwargs):
        response = self.http.request(
            method, self.base_url + path, allow_redirects=False, timeout=60, **kwargs
        )
        body = response.text
        if response.status_code >= 500 or "is locked" in body or "OperationalError" in body:
            self.problems.append(f"{method} {path}: {response.status_code} {body[:300]!r}")
        return response

    def get(self, path):
        response = self.request("GET", path)
        match = CSRF.search(response.text)
        if match:
            self.csrf = match.group(1)
        return response

    def post(self, path, data, fetch=False):
        headers = {"Referer": self.base_url + path}
        if fetch:
            headers["X-Requested-With"] = "fetch"
        return self.request(
            "POST", path, data={**data, "csrfmiddlewaretoken": self.csrf}, headers=headers
        )

    def start(self, scope_pk):
        self.get("/zelfscan/")
        response = self.post("/zelfscan/", {"scope": scope_pk})
        assert response.status_code == 302, response.text[:500]
        return re.match(r"^/zelfscan/([^/]+)/$", response.headers["Location"]).group(1)


@dataclass
class Step:
    number: int
    revision: str
    uids: list


def read_steps(client, token):
    """The steps of an assessment as its pages show them: revision and item uids."""
    steps = []
    number = 1
    while True:
        response = client.get(f"/zelfscan/{token}/stap/{number}/")
        if response.status_code == 404:
            return steps
        assert response.status_code == 200, response.text[:300]
        uids = list(dict.fromkeys(uid for uid, _kind in FIELD.findall(response.text)))
        steps.append(Step(number, REVISION.search(response.text).group(1), uids))
        number += 1


def bit(*parts):
    return hashlib.sha256(":".join(map(str, parts)).encode()).digest()[0] & 1 == 1


@dataclass
class Save:
    token: str
    step: Step
    answers: dict  # uid -> (checked, development)
    ok: bool = False

    def data(self):
        data = {"revision": self.step.revision}
        for uid, (checked, development) in self.answers.items():
            if checked:
                data[f"i-{uid}-c"] = "on"
            if development:
                data[f"i-{uid}-o"] = "on"
        return data


def answers_for(token, step, shared, client, round_):
    """Ticks that differ per client and round, except for a competency shown in several steps:
    one answer, saved by whoever saves any of those steps last, so the same in every save."""
    return {
        uid: (bit(token, uid, "c"), bit(token, uid, "o"))
        if uid in shared
        else (bit(token, uid, client, round_, "c"), bit(token, uid, client, round_, "o"))
        for uid in step.uids
    }


# --- reading back ----------------------------------------------------------------------------


def stored_answers(database_copy, token):
    """{uid: (checked, development)} and page_revisions of an assessment, read from the database."""
    from checklists.models import hash_token

    p = database_copy.placeholder
    with contextlib.closing(database_copy.connect()) as db:
        cursor = db.cursor()
        cursor.execute(
            f"SELECT id, page_revisions FROM checklists_selfassessment WHERE token_hash = {p}",
            [hash_token(token)],
        )
        pk, revisions = cursor.fetchone()
        cursor.execute(
            f"SELECT item_uid, checked, development FROM checklists_answer "
            f"WHERE assessment_id = {p}",
            [pk],
        )
        rows = cursor.fetchall()
    if isinstance(revisions, str):  # SQLite keeps JSON as text
        revisions = json.loads(revisions)
    return {str(uuid.UUID(str(u))): (bool(c), bool(d)) for u, c, d in rows}, revisions


def shown_answers(base_url, token, steps):
    """{uid: (checked, development)} as a new visitor with the link sees the step pages."""
    client = Client(base_url, [])
    shown = {}
    for step in steps:
        response = client.get(f"/zelfscan/{token}/stap/{step.number}/")
        assert response.status_code == 200
        ticked = set(CHECKED.findall(response.text))
        for uid in step.uids:
            shown[uid] = ((uid, "c") in ticked, (uid, "o") in ticked)
    return shown


# --- the test ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scopes(django_db_setup, django_db_blocker):
    """The whole 2025 edition (every section a step) and CLIENTS single task areas."""
    from framework_pages.models import FrameworkPage, TaakgebiedPage

    with django_db_blocker.unblock():
        edition = FrameworkPage.objects.get(edition_label="2025")
        sections = list(
            TaakgebiedPage.objects.descendant_of(edition).live().order_by("path")[:CLIENTS]
        )
        return edition.pk, [s.pk for s in sections]


# The marker makes pytest-django create the test database; the test itself reads only the copy.
@pytest.mark.django_db
def test_concurrent_saves_are_all_stored_and_never_mixed_up(server, database_copy, scopes):
    edition_pk, section_pks = scopes
    problems = []
    clients = [Client(server, problems) for _ in range(CLIENTS)]

    # Every client starts its own one-section assessment, all at once, plus one for the
    # whole edition whose link they all share (as a coordinator on several devices).
    tokens = [None] * CLIENTS

    def start(i):
        tokens[i] = clients[i].start(section_pks[i % len(section_pks)])

    run_all(start)
    shared_token = clients[0].start(edition_pk)
    assert len(set(tokens)) == CLIENTS

    shared_steps = read_steps(clients[0], shared_token)
    assert len(shared_steps) > CLIENTS
    own_steps = [read_steps(clients[i], tokens[i]) for i in range(CLIENTS)]
    assert all(len(steps) == 1 and steps[0].uids for steps in own_steps)
    seen, in_several = set(), set()
    for step in shared_steps:
        in_several |= seen & set(step.uids)
        seen |= set(step.uids)
    assert in_several  # competencies shown in more than one step: one answer each

    # Step 1 of the shared assessment: every client saves it in every round (the same
    # answers saved from everywhere at once). The other steps each belong to one client.
    rest = shared_steps[1:]
    saves = {i: [] for i in range(CLIENTS)}
    for round_ in range(ROUNDS):
        for i in range(CLIENTS):
            mine = [shared_steps[0]] + rest[i::CLIENTS]
            batch = [
                Save(shared_token, step, answers_for(shared_token, step, in_several, i, round_))
                for step in mine
            ]
            batch.append(
                Save(
                    tokens[i],
                    own_steps[i][0],
                    answers_for(tokens[i], own_steps[i][0], (), i, round_),
                )
            )
            random.Random(f"{i}-{round_}").shuffle(batch)
            saves[i].extend(batch)

    def work(i):
        client = clients[i]
        for n, save in enumerate(saves[i]):
            path = f"/zelfscan/{save.token}/stap/{save.step.number}/"
            if n % 2:  # autosave, as the page's script sends it
                response = client.post(path, save.data(), fetch=True)
                save.ok = response.status_code == 200 and response.json()["saved"] is True
            else:  # the "Opslaan" button
                response = client.post(path, save.data())
                save.ok = response.status_code == 302
            # Someone reading while others write.
            client.get(f"/zelfscan/{save.token}/")

    run_all(work)

    assert problems == []
    all_saves = [save for i in range(CLIENTS) for save in saves[i]]
    failed = [(s.token[:6], s.step.number) for s in all_saves if not s.ok]
    assert failed == [], "saves that got no success answer"
    assert len(all_saves) == 2 * CLIENTS * ROUNDS + ROUNDS * len(rest)

    # Each client's own assessment: exactly its last save, nothing from anyone else.
    for i in range(CLIENTS):
        last = [s for s in saves[i] if s.token == tokens[i]][-1]
        stored, revisions = stored_answers(database_copy, tokens[i])
        assert stored == last.answers
        assert shown_answers(server, tokens[i], own_steps[i]) == last.answers
        assert len(revisions) == 1

    # The shared assessment: the last save of every step that one client owns...
    stored, revisions = stored_answers(database_copy, shared_token)
    expected = {}
    for i in range(CLIENTS):
        for step in rest[i::CLIENTS]:
            expected.update([s for s in saves[i] if s.step is step][-1].answers)
    # ...and for step 1, exactly one complete save of one client, not a mix of several.
    first = shared_steps[0]
    candidates = [s.answers for s in all_saves if s.step is first]
    winners = [
        answers
        for answers in candidates
        if all(stored[uid] == value for uid, value in answers.items())
    ]
    assert winners, "step 1 holds a mix of several saves"
    expected.update(winners[0])
    assert set(stored) == {uid for step in shared_steps for uid in step.uids}
    assert stored == expected
    assert shown_answers(server, shared_token, shared_steps) == expected
    # No save's step was lost from the assessment's progress (a read-modify-write of one field).
    assert len(revisions) == len(shared_steps)


@pytest.mark.django_db
def test_steps_saved_all_at_once_each_count_in_the_progress(server, database_copy, scopes):
    """Each save adds its step to the assessment's progress (one JSON field, read and written
    back): saved at the same moment from everywhere, no step may be dropped."""
    edition_pk, _sections = scopes
    problems = []
    clients = [Client(server, problems) for _ in range(CLIENTS)]
    token = clients[0].start(edition_pk)
    steps = read_steps(clients[0], token)
    for client in clients[1:]:
        client.get("/zelfscan/")  # a CSRF token of its own
    ok = {}

    def save(i):
        for step in steps[i::CLIENTS]:
            answers = {uid: (True, False) for uid in step.uids}
            path = f"/zelfscan/{token}/stap/{step.number}/"
            response = clients[i].post(path, Save(token, step, answers).data(), fetch=True)
            ok[step.number] = response.status_code == 200 and response.json()["saved"] is True

    run_all(save)

    assert problems == []
    assert ok == {step.number: True for step in steps}
    stored, revisions = stored_answers(database_copy, token)
    assert len(revisions) == len(steps)
    assert stored == {uid: (True, False) for step in steps for uid in step.uids}
    overview = clients[0].get(f"/zelfscan/{token}/").text
    assert f"{len(steps)} van {len(steps)} onderdelen ingevuld" in overview


def run_all(target):
    """Run target(i) for every client in its own thread, all released at the same moment."""
    barrier = threading.Barrier(CLIENTS)
    errors = []

    def run(i):
        try:
            barrier.wait(timeout=60)
            target(i)
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a client hangs"
    if errors:
        raise errors[0]


# --- SQLite settings -------------------------------------------------------------------------


SETTINGS_CHECK = """
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    found = {}
    for pragma in ("journal_mode", "busy_timeout", "synchronous"):
        cursor.execute(f"PRAGMA {pragma}")
        found[pragma] = cursor.fetchone()[0]
found["transaction_mode"] = connection.transaction_mode
found["vendor"] = connection.vendor
print(json.dumps(found))
"""


def test_sqlite_connections_use_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    """The settings as a fresh process applies them to a SQLite file database.

    In a process of its own: the in-memory test database cannot be in WAL mode, and on
    PostgreSQL this process's settings hold no SQLite options.
    """
    path = tmp_path / "wal.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DATABASE_URL=f"sqlite:///{path}")
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {
        "journal_mode": "wal",  # readers never wait for a writer, nor a writer for readers
        "busy_timeout": 20_000,  # a writer waits up to 20 s for another, not "database is locked"
        "synchronous": 1,  # NORMAL: safe with WAL
        "transaction_mode": "IMMEDIATE",  # the write lock is taken when a transaction starts
        "vendor": "sqlite",
    }
    # WAL mode is a property of the file: it stays after the process ends.
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
