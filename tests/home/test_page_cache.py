"""Public pages come from the cache, and never stale: every publish is visible on the next request."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from framework_pages.models import Competentie
from framework_pages.usage import sections_using

pytestmark = pytest.mark.django_db


def get(client, url):
    response, queries = get_with_queries(client, url)
    return response, len(queries)


def get_with_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_second_request_is_served_from_the_cache_with_one_small_query(client, section):
    """A hit reads nothing but the shared content version: one row of the cache table without
    Redis, no query at all with it (the version comes with the page from Redis)."""
    first, _ = get(client, section.url)
    second, queries = get_with_queries(client, section.url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    if settings.REDIS_URL:
        assert queries == []
    else:
        assert len(queries) == 1 and "portal_shared_cache" in queries[0]


def test_publishing_a_page_shows_on_the_very_next_request(client, section):
    get(client, section.url)
    page = section.get_latest_revision_as_object()
    page.title = "Matchen (herzien)"
    page.save_revision().publish()
    response, _ = get(client, section.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Matchen (herzien)" in response.content.decode()


def test_unpublishing_removes_the_page_at_once(client, section):
    get(client, section.url)
    section.unpublish()
    assert client.get(section.url).status_code == 404


def test_publishing_a_competency_refreshes_every_page_showing_it(client, edition, section):
    competentie = Competentie.objects.filter(
        edition=edition, text__startswith="Kan privacy bewaken"
    ).first()
    get(client, section.url)
    get(client, edition.url)
    competentie.text = "Kan privacy bewaken (nieuwe tekst)"
    competentie.save_revision().publish()
    pages_showing_it = sections_using(edition, competentie)
    assert pages_showing_it
    for page in pages_showing_it:
        assert "Kan privacy bewaken (nieuwe tekst)" in client.get(page.url).content.decode()


def test_a_draft_is_not_shown(client, section):
    get(client, section.url)
    page = section.get_latest_revision_as_object()
    page.title = "Nog niet gepubliceerd"
    page.save_revision()
    assert "Nog niet gepubliceerd" not in client.get(section.url).content.decode()


def test_logged_in_users_query_strings_and_private_pages_bypass_the_cache(client, section, edition):
    get(client, section.url)
    assert "X-Page-Cache" not in client.get(f"{section.url}?ongecachet=1")
    user = get_user_model().objects.create_user("lezer", password="x")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(section.url)


def test_a_hit_carries_the_same_headers_as_the_page_it_replays(client, section):
    """The cache sits outside the header middleware: a hit replays what they set."""
    first, _ = get(client, section.url)
    second, _ = get(client, section.url)
    assert second["X-Page-Cache"] == "hit"
    for name in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Content-Language",
    ):
        assert second.get(name) == first.get(name), name
        assert second.get(name), name
    assert "Set-Cookie" not in second


def test_search_is_cached_per_query_and_never_stale(client, section, edition):
    """Search answers from the query string alone: each query is a page of its own in the
    cache, with its parameters in any order, refreshed by every publish like any page."""
    search = f"{edition.url}zoeken/"
    first, _ = get(client, f"{search}?q=werving")
    second, queries = get(client, f"{search}?q=werving")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert queries <= 1 and second.content == first.content
    other, _ = get(client, f"{search}?q=startpakket")
    assert other["X-Page-Cache"] == "miss" and "Startpakket" in other.content.decode()
    assert (
        get(client, f"{search}?pagina=1&q=werving")[0].content
        == get(client, f"{search}?q=werving&pagina=1")[0].content
    )
    assert get(client, f"{search}?q=werving&pagina=1")[0]["X-Page-Cache"] == "hit"

    page = section.get_latest_revision_as_object()
    page.title = "Matchen en werven"
    page.save_revision().publish()
    fresh, _ = get(client, f"{search}?q=werving")
    assert fresh["X-Page-Cache"] == "miss" and "Matchen en werven" in fresh.content.decode()


def test_the_navigation_follows_a_new_current_edition_at_once(client, edition, section):
    from wagtail.models import Site

    from framework_pages.exchange.editions import copy_edition, publish_edition
    from home.models import PortalSettings

    started = client.post("/zelfscan/", {"scope": section.pk})
    private_page = started["Location"]  # never cached whole; its navigation is kept as a URL
    old_link = f'<a href="{edition.url}zoeken/">'
    assert old_link in client.get(private_page).content.decode()
    assert old_link in client.get(private_page).content.decode()

    copy = copy_edition(edition, "2026").edition
    publish_edition(copy)
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.current_edition = copy
    portal_settings.save()

    html = client.get(private_page).content.decode()
    assert f'<a href="{copy.specific.url}zoeken/">' in html
    assert old_link not in html
