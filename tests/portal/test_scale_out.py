"""Two app servers, one portal: gunicorn processes sharing the database, Redis and sessions.

What the issue calls "scale-out, for real": a self-assessment started on server A is resumed on
server B, an editor's publish on A shows on B at the very next request (B had the old page in
the shared cache), and a login on A is valid on B. The database is a SQLite file (PostgreSQL,
a throwaway database, when the suite runs with DATABASE_URL pointing there); Redis on
127.0.0.1:6379 is the shared cache. Without Redis the test is skipped on a workstation and fails
in CI (CI=true), where .ci/run starts it.
"""

import os
import re
import secrets
import socket
from contextlib import ExitStack

import pytest

from bench import scaleout
from bench.__main__ import worker
from bench.server import Gunicorn, manage, production_env
from bench.web import Session

REDIS_URL = "redis://127.0.0.1:6379/13"

pytestmark = pytest.mark.scale_out


def redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not redis_available():
        if os.environ.get("CI"):
            pytest.fail("Redis op 127.0.0.1:6379 is nodig voor de scale-out-test in CI.")
        pytest.skip("geen Redis op 127.0.0.1:6379")
    name = f"portal_scaleout_{secrets.token_hex(4)}"
    with ExitStack() as stack:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            scaleout.create_database(name)
            stack.callback(scaleout.drop_database, name)
            database_url = scaleout.database_urls(name)
        else:
            database_url = f"sqlite:///{tmp_path_factory.mktemp('scaleout') / 'portal.sqlite3'}"
        prefix = f"test-{name}"
        stack.callback(scaleout.flush_redis_prefix, REDIS_URL, prefix)
        env = production_env(database_url, REDIS_URL, prefix)
        manage(env, "collectstatic", "--noinput", "-v0", timeout=300)
        manage(env, "migrate", "--noinput", "-v0", timeout=300)
        manage(env, "load_initial_data", timeout=300)
        editor = ("scaleout-hoofdredacteur", secrets.token_urlsafe(16))
        worker(env, "editor", timeout=120, username=editor[0], password=editor[1])
        pages = worker(env, "pages", timeout=120)
        a = stack.enter_context(Gunicorn(env, workers=1))
        b = stack.enter_context(Gunicorn(env, workers=1))
        yield a.base_url, b.base_url, editor, pages


def section_id(base_url, edition_path):
    """The id of task area 2.3, as a visitor finds it (its "Zelfscan" button)."""
    status, _, html = Session(base_url).get(edition_path)
    path = re.search(r'href="([^"]+)"><span class="section-number">2\.3<', html).group(1)
    status, _, html = Session(base_url).get(path)
    return re.search(r"/zelfscan/\?onderdeel=(\d+)", html).group(1)


def test_an_assessment_started_on_one_server_is_resumed_on_the_other(servers):
    a, b, _, pages = servers
    ok, detail = scaleout.check_resume(a, b, section_id(a, pages["edition_path"]))
    assert ok, detail


def test_a_publish_on_one_server_shows_on_the_other_at_the_next_request(servers):
    a, b, editor, pages = servers
    ok, detail = scaleout.check_publish(
        a, b, *editor, pages["hoofdtaak_id"], pages["hoofdtaak_path"], pages["edition_path"]
    )
    assert ok, detail
