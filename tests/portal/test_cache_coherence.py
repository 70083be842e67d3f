"""The default production settings, without Redis, with two app server processes.

A cache per process may hold rendered pages, but it may never serve what is gone: every
change of public content, made on either server or by a management command in a process of
its own, shows on both servers at the very next request, and the rate limits count across
processes. This runs gunicorn twice on the production settings as the deployment docs give
them, with no REDIS_URL: what a small installation runs.
"""

import os
import re
import secrets
import textwrap
from contextlib import ExitStack

import pytest

from bench import scaleout
from bench.__main__ import worker
from bench.server import Gunicorn, manage, production_env
from bench.web import Session, csrf_input

pytestmark = pytest.mark.scale_out

RATE_LIMIT = 4


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    name = f"portal_coherence_{secrets.token_hex(4)}"
    with ExitStack() as stack:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            scaleout.create_database(name)
            stack.callback(scaleout.drop_database, name)
            database_url = scaleout.database_urls(name)
        else:
            database_url = f"sqlite:///{tmp_path_factory.mktemp('coherence') / 'portal.sqlite3'}"
        env = production_env(database_url, redis_url="", cache_prefix=f"test-{name}")
        env["RATE_LIMIT_ASSESSMENTS_PER_HOUR"] = str(RATE_LIMIT)
        manage(env, "collectstatic", "--noinput", "-v0", timeout=300)
        manage(env, "migrate", "--noinput", "-v0", timeout=300)
        manage(env, "load_initial_data", timeout=300)
        editor = ("coherence-hoofdredacteur", secrets.token_urlsafe(16))
        worker(env, "editor", timeout=120, username=editor[0], password=editor[1])
        pages = worker(env, "pages", timeout=120)
        a = stack.enter_context(Gunicorn(env, workers=1))
        b = stack.enter_context(Gunicorn(env, workers=1))
        yield env, a.base_url, b.base_url, editor, pages


def run_python(env, code):
    """Django code in a process of its own, as a cron job or an operator's shell would run it."""
    return manage(env, "shell", "-v0", "-c", textwrap.dedent(code))


def warm(*urls_and_paths):
    """Both servers render (and cache) these pages now."""
    for base_url, path in urls_and_paths:
        status, headers, _ = Session(base_url).get(path)
        assert status == 200, (base_url, path, status)


def test_a_publish_on_one_server_shows_on_the_other_at_the_next_request(servers):
    _env, a, b, editor, pages = servers
    ok, detail = scaleout.check_publish(
        a, b, *editor, pages["hoofdtaak_id"], pages["hoofdtaak_path"], pages["edition_path"]
    )
    assert ok, detail


def test_a_publish_by_a_management_command_shows_on_both_servers(servers):
    env, a, b, _editor, pages = servers
    path = pages["hoofdtaak_path"]
    warm((a, path), (b, path))
    title = f"Titel van een commando {secrets.token_hex(3)}"
    run_python(
        env,
        f"""
        from framework_pages.models import HoofdtaakPage
        page = HoofdtaakPage.objects.get(pk={pages["hoofdtaak_id"]})
        page.title = {title!r}
        page.save_revision().publish()
        """,
    )
    for base_url in (a, b):
        assert title in Session(base_url).get(path)[2], base_url


def test_an_unpublish_by_publish_scheduled_is_gone_from_both_servers(servers):
    env, a, b, _editor, pages = servers
    edition_path = pages["edition_path"]
    html = Session(a).get(edition_path)[2]
    path = re.search(r'href="([^"]+)"><span class="section-number">4\.4<', html).group(1)
    warm((a, path), (b, path))
    # Wagtail's own scheduled unpublishing, from cron: an expiry in the past.
    run_python(
        env,
        f"""
        from django.utils import timezone
        from wagtail.models import Page
        page = Page.objects.get(url_path__endswith={path!r})
        Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timezone.timedelta(minutes=1))
        """,
    )
    manage(env, "publish_scheduled")
    for base_url in (a, b):
        assert Session(base_url).get(path)[0] == 404, base_url


def test_a_view_restriction_ends_public_serving_on_both_servers(servers):
    env, a, b, _editor, pages = servers
    html = Session(a).get(pages["edition_path"])[2]
    path = re.search(r'href="([^"]+)"><span class="section-number">3\.1<', html).group(1)
    warm((a, path), (b, path))
    run_python(
        env,
        f"""
        from wagtail.models import Page, PageViewRestriction
        page = Page.objects.get(url_path__endswith={path!r})
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        """,
    )
    for base_url in (a, b):
        status, headers, _ = Session(base_url).get(path)
        assert status == 302 and "login" in headers.get("Location", ""), (base_url, status)


def test_a_deleted_competency_is_gone_from_cached_pages_on_both_servers(servers):
    env, a, b, _editor, pages = servers
    html = Session(a).get(pages["edition_path"])[2]
    path = re.search(r'href="([^"]+)"><span class="section-number">2\.1<', html).group(1)
    warm((a, path), (b, path))
    text = run_python(
        env,
        f"""
        from wagtail.models import Page
        from framework_pages.items import section_competencies
        from framework_pages.models import Competentie
        page = Page.objects.get(url_path__endswith={path!r}).specific
        item = section_competencies(page)[-1]
        Competentie.objects.filter(uid=item.uid, edition=page.edition).delete()
        print(item.text)
        """,
    ).strip()
    assert text
    for base_url in (a, b):
        assert text not in Session(base_url).get(path)[2], base_url


def test_rate_limits_count_across_processes(servers):
    _env, a, b, _editor, pages = servers
    statuses = []
    for base_url in [a, b] * RATE_LIMIT:
        browser = Session(base_url)
        html = browser.get("/zelfscan/")[2]
        status, _, _ = browser.post(
            "/zelfscan/",
            [("csrfmiddlewaretoken", csrf_input(html)), ("scope", pages["hoofdtaak_id"])],
        )
        statuses.append(status)
    # One client address: RATE_LIMIT assessments per hour in all, whichever server answers.
    assert statuses[:RATE_LIMIT] == [302] * RATE_LIMIT
    assert set(statuses[RATE_LIMIT:]) == {429}
