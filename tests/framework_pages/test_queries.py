"""The public pages need a fixed number of SQL queries, however much content they hold.

Each test measures a GET, makes the content five times bigger (every list of items five times
as long, more competencies chosen, published as a new revision), clears the cache and measures
again. Run with ``-s`` to read the numbers.
"""

import re
from collections import Counter

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from framework_pages.models import Competentie, TaakgebiedPage
from portal.page_cache import current_version

from .factories import count_items, enlarged_body, publish_body

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def clear_caches():
    """Every cache of the process empty (rendered pages, derived values, Wagtail's site root
    cache); the shared content version exists, as it does on a running site."""
    current_version()  # the process has seen the current version: nothing more to drop
    caches["default"].clear()


def measure(client, url):
    """(number of queries, response) of a GET with an empty cache."""
    count, response, _ = measure_queries(client, url)
    return count, response


def measure_queries(client, url):
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response, [q["sql"] for q in queries.captured_queries]


def tables(sql_list):
    """Which table each query reads first, counted: where the queries go."""
    counts = Counter(re.search(r'(?:FROM|INTO|UPDATE) "?(\w+)"?', sql).group(1) for sql in sql_list)
    return ", ".join(f"{table} ×{n}" for table, n in counts.most_common())


def enlarge(page, edition, factor=5):
    pks = list(Competentie.objects.filter(edition=edition).values_list("pk", flat=True))
    raw = list(page.body.raw_data)
    bigger = enlarged_body(raw, pks, factor)
    assert count_items(bigger) == factor * count_items(raw)
    return publish_body(page, bigger)


def report(name, before, after, size_before, size_after):
    print(
        f"\n[SQL] {name}: {before} queries with {size_before} bytes of HTML, "
        f"{after} queries with 5× content ({size_after} bytes)"
    )


def test_task_area_queries_do_not_grow_with_its_items(client, edition, section):
    before, response = measure(client, section.url)
    size_before = len(response.content)
    tasks_before = response.content.decode().count("<li data-uid=")
    competencies_before = response.content.decode().count("/competenties/")

    page = enlarge(section, edition)
    after, response = measure(client, page.url)
    html = response.content.decode()
    # The bigger body is really shown: five times the tasks and kerntaken, more competencies.
    assert html.count("<li data-uid=") >= 5 * tasks_before - 5
    assert "(extra 4)" in html
    assert html.count("/competenties/") >= 5 * competencies_before

    report("task area 2.3", before, after, size_before, len(response.content))
    assert after == before


def test_task_area_with_many_more_competencies(client, edition, section, django_assert_num_queries):
    before, _ = measure(client, section.url)
    page = enlarge(section, edition, factor=10)
    url = page.url
    clear_caches()
    with django_assert_num_queries(before):
        response = client.get(url)
    assert response.status_code == 200
    print(f"\n[SQL] task area 2.3 with 10× content: {before} queries")


def test_edition_overview_queries_do_not_grow(client, edition):
    before, response = measure(client, edition.url)
    size_before = len(response.content)

    for page in TaakgebiedPage.objects.descendant_of(edition).live().specific():
        enlarge(page, edition)
    after, response = measure(client, edition.url)
    assert response.content.decode().count('class="section-number"') == 17

    report("edition overview", before, after, size_before, len(response.content))
    assert after == before


def test_competency_page_queries_do_not_grow(client, edition):
    # A competency chosen on a few task areas; afterwards it is chosen on every one of them,
    # each with a five times bigger body.
    comp = Competentie.objects.get(edition=edition, text__startswith="Kan privacy bewaken")
    url = f"{edition.url}competenties/{comp.uid}/"
    before, response = measure(client, url)
    size_before = len(response.content)
    listed_before = response.content.decode().count('class="section-number"')
    sections = list(TaakgebiedPage.objects.descendant_of(edition).live().specific())
    assert 0 < listed_before < len(sections)

    for page in sections:
        enlarge(page, edition)  # cycles through all competencies, so this one is chosen too
    after, response = measure(client, url)
    assert response.content.decode().count('class="section-number"') == len(sections)

    report("competency page", before, after, size_before, len(response.content))
    assert after == before


PUBLIC_PAGES = [
    "home",
    "edition overview",
    "hoofdtaak",
    "task area",
    "grondhouding",
    "competency page",
    "privacy",
]


@pytest.mark.parametrize("which", PUBLIC_PAGES)
def test_pages_stay_within_the_query_budget(client, edition, section, which):
    """Fully cold: the page cache and Wagtail's own caches (site root paths) are empty."""
    comp = Competentie.objects.get(edition=edition, text__startswith="Kan privacy bewaken")
    url = {
        "home": "/",
        "edition overview": edition.url,
        "hoofdtaak": section.get_parent().url,
        "task area": section.url,
        "grondhouding": TaakgebiedPage.objects.descendant_of(edition).get(number="1").url,
        "competency page": f"{edition.url}competenties/{comp.uid}/",
        "privacy": "/privacy/",
    }[which]
    count, _, sql = measure_queries(client, url)
    print(f"\n[SQL] {which}: {count} queries ({tables(sql)})")
    assert count <= MAX_QUERIES, f"{which}: {count} queries: {tables(sql)}"


def test_a_new_search_stays_within_the_query_budget(client, edition):
    """Search reads the query against the edition's lexicon and the synonyms, derived once
    per publish (cached under the content version); a query not asked before fits the budget
    then, and the fully cold search does not grow with the content
    (tests/framework_pages/test_search.py)."""
    from framework_pages.searching import edition_terms, synonym_groups

    url = f"{edition.url}zoeken/?q=vrijwilligers"
    cold, _, cold_sql = measure_queries(client, url)
    clear_caches()
    edition_terms(edition), synonym_groups()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    print(f"\n[SQL] search: {cold} queries fully cold ({tables(cold_sql)}), {len(sql)} new query")
    assert len(sql) <= MAX_QUERIES, tables(sql)


def test_what_changed_page_stays_within_the_query_budget(client, edition):
    """The page compares two whole published editions. Their documents are built once per
    publish (cached under the content version, shared by all app servers); a page-cache miss
    after that fits the budget, and the fully cold render does not grow with the content."""
    from framework_pages.exchange.document import published_document
    from framework_pages.exchange.editions import copy_edition, publish_edition

    new = copy_edition(edition, "2026").edition
    pks = list(Competentie.objects.filter(edition=new).values_list("pk", flat=True))
    section = TaakgebiedPage.objects.descendant_of(new).get(number="2.3")
    publish_body(section, enlarged_body(list(section.body.raw_data), pks, 2))
    publish_edition(new)
    url = f"{new.url}wat-is-er-veranderd/"

    cold, response, _ = measure_queries(client, url)
    assert "Toegevoegd" in response.content.decode()

    def warm_documents_only():
        clear_caches()
        published_document(edition), published_document(new)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries), [q["sql"] for q in queries.captured_queries]

    warm, sql = warm_documents_only()
    print(f"\n[SQL] what changed: {cold} queries fully cold, {warm} with the documents built")
    assert warm <= MAX_QUERIES, tables(sql)

    # Five times the content: the fully cold render costs the same.
    for page in TaakgebiedPage.objects.descendant_of(new).live().specific():
        publish_body(page, enlarged_body(list(page.body.raw_data), pks, 5))
    cold_bigger, _, _ = measure_queries(client, url)
    assert cold_bigger == cold
