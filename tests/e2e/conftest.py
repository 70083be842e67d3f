"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Every page a test visits can be checked with ``audit(page)``: axe-core (WCAG 2.1 A/AA), no
console errors and no request to another host than the live server.
"""

import contextlib
import io
import json
import os
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run next to
# a running loop unless told that this is intended. Set before any test (or fixture) runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")

# Assertions wait for the page; 5 s (Playwright's default) is too short for the admin's preview
# (a form post and a reload) on a 2-core CI machine under load.
try:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
except ImportError:  # the browser tests skip themselves without Playwright
    pass
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Schemes that never leave the browser: not network requests to any host.
LOCAL_SCHEMES = {"data", "blob", "about"}


class SerialWSGIServer(WSGIServer):
    """The live server, answering one request at a time.

    With SQLite the test database lives in memory and the server shares the test's one connection;
    Django's default threaded live server then runs queries of parallel requests (the Wagtail
    editor pings its editing session while it saves or previews) on that connection at the same
    time, which fails with "database table is locked". One request at a time is how Django tests
    its own live server; the browser is told to close each connection (no keep-alive).
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server():
    """Before pytest-django starts live_server (once, for the first browser test)."""
    from django.test.testcases import LiveServerThread

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialWSGIServer)
        yield


@pytest.fixture(scope="session")
def migrated_state(django_db_setup):
    """The database as the migrations left it, per alias, taken before Playwright starts.

    pytest-django serializes it when the test database is created, because site_content asks for
    django_db_serialized_rollback. Django keeps it on the connection object, and Django's
    connections are thread-local only while no asyncio loop runs in the thread: once Playwright's
    sync API runs its loop, `connections` hands out other connection objects (to the same
    database) without it. So read it now, before the browser starts.
    """
    from django.db import connections

    return {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }


@pytest.fixture(scope="session")
def browser(migrated_state):
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} ontbreekt: de browsertests worden overgeslagen "
            "(installeer Debian's chromium-pakket, bijvoorbeeld met `make browser` als root)."
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is niet geïnstalleerd")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def _restore_migrated_state(snapshots):
    """Flush the database and put back what the migrations created.

    The first browser test starts with the content the session loaded, later ones with the
    database that the previous test's flush emptied. Restore the migrations' own data (root page,
    default site, Wagtail's groups and their permissions, the moderation workflow) so that every
    browser test starts from the same state as `make run`.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    for alias, contents in snapshots.items():
        if contents is None:
            continue
        # As Django's own serialized rollback: sequences keep counting past the restored ids.
        call_command(
            "flush",
            database=alias,
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )
        # The previous flush may have recreated the content types under other ids (post_migrate).
        ContentType.objects.clear_cache()
        # Content types first: building a Wagtail Page or Task object looks its content type up
        # and would otherwise create it, before the restored row with the same name arrives.
        objects = json.loads(contents)
        content_types = [o for o in objects if o["model"] == "contenttypes.contenttype"]
        others = [o for o in objects if o["model"] != "contenttypes.contenttype"]
        creation = connections[alias].creation
        creation.deserialize_db_from_string(json.dumps(content_types))
        creation.deserialize_db_from_string(json.dumps(others))
        ContentType.objects.clear_cache()


@pytest.fixture
def site_content(migrated_state, live_server, transactional_db, django_db_serialized_rollback):
    """The portal as `make run` sets it up: home page, privacy page and the 2025 framework.

    live_server needs transactional_db, which flushes the database after each test: load the
    content again for every browser test.
    """
    if not any(migrated_state.values()):
        pytest.fail("Geen momentopname van de gemigreerde database (serialized rollback).")
    _restore_migrated_state(migrated_state)
    call_command("load_initial_data", stdout=io.StringIO())
    return live_server


@pytest.fixture
def demo_accounts(site_content):
    call_command("create_demo_accounts", stdout=io.StringIO())


class BrowserMonitor:
    """Console errors, uncaught exceptions and requests of one browser context."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.origin = urlsplit(base_url)
        self.console_errors = []
        self.requests = []
        self.in_flight = set()

    def attach(self, context):
        context.on("console", self._on_console)
        context.on("weberror", self._on_weberror)
        context.on("request", self._on_request)
        context.on("requestfinished", self._on_request_done)
        context.on("requestfailed", self._on_request_done)

    def _on_console(self, message):
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        self.console_errors.append(f"console.error: {message.text} ({where})")

    def _on_weberror(self, web_error):
        page_url = web_error.page.url if web_error.page else ""
        self.console_errors.append(f"pageerror: {web_error.error} ({page_url})")

    def _on_request(self, request):
        self.requests.append(request.url)
        self.in_flight.add(request)

    def _on_request_done(self, request):
        self.in_flight.discard(request)

    def foreign_requests(self):
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if (parts.scheme, parts.hostname, parts.port) != (
                self.origin.scheme,
                self.origin.hostname,
                self.origin.port,
            ):
                foreign.append(url)
        return foreign

    def assert_no_console_errors(self):
        errors = list(self.console_errors)
        self.console_errors.clear()
        if errors:
            pytest.fail("Fouten in de browserconsole:\n" + "\n".join(errors))

    def assert_only_own_host(self):
        foreign = self.foreign_requests()
        self.requests.clear()
        if foreign:
            pytest.fail(
                f"Verzoeken naar een andere host dan {self.base_url}:\n" + "\n".join(foreign)
            )


def format_violations(violations):
    lines = [f"{len(violations)} axe-overtreding(en) (WCAG 2.1 A/AA):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node.get('html', '')[:200]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    sync_axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="axe-playwright-python is niet geïnstalleerd",
    )
    return sync_axe.Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page (WCAG 2.1 A and AA only); fail listing every violation."""

    def check(page, context=None):
        options = {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        }
        results = axe.run(page, context=context, options=options)
        violations = results.response["violations"]
        if violations:
            pytest.fail(f"{page.url}\n{format_violations(violations)}")

    return check


def _settle(contexts, monitor, base_url, timeout=5.0):
    """Leave every page and let the server answer the last requests before the database is flushed.

    Leaving a Wagtail edit view sends a beacon that releases its editing session; answered after
    the test it would hit a database that is being flushed.
    """
    from playwright.sync_api import Error as PlaywrightError

    pages = [page for context in contexts for page in context.pages if not page.is_closed()]
    for page in pages:
        # A page that refuses to leave (a beforeunload prompt) is closed below anyway.
        with contextlib.suppress(PlaywrightError):
            page.goto("about:blank", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while monitor.in_flight and pages and time.monotonic() < deadline:
        pages[0].wait_for_timeout(50)  # lets Playwright deliver the request events
    for context in contexts:
        context.close()
    # The server answers one request at a time: this one is answered after everything before it.
    with urllib.request.urlopen(f"{base_url}/static/css/portal.css", timeout=timeout) as response:
        response.read()


@pytest.fixture
def browser_context(browser, site_content):
    """A fresh browser context (no cookies) at desktop size whose traffic is monitored."""
    contexts = []
    monitor = BrowserMonitor(site_content.url)

    def new_context(**kwargs):
        kwargs.setdefault("viewport", DESKTOP)
        kwargs.setdefault("locale", "nl-NL")
        context = browser.new_context(base_url=site_content.url, **kwargs)
        context.set_default_timeout(15_000)
        monitor.attach(context)
        contexts.append(context)
        return context

    new_context.monitor = monitor
    yield new_context
    _settle(contexts, monitor, site_content.url)
    # A test that forgot to look still fails on errors and foreign requests.
    monitor.assert_no_console_errors()
    monitor.assert_only_own_host()


@pytest.fixture
def monitor(browser_context):
    return browser_context.monitor


@pytest.fixture
def page(browser_context):
    return browser_context().new_page()


@pytest.fixture
def audit(assert_accessible, monitor):
    """Check the page a user sees now: accessible, no console errors, only own-host requests."""

    def check(page):
        page.wait_for_load_state("load")
        assert_accessible(page)
        monitor.assert_no_console_errors()
        monitor.assert_only_own_host()

    return check


@pytest.fixture
def screenshot():
    def take(page, name):
        path = f"/tmp/e2e-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
