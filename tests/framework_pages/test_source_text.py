"""Every checkbox of the association's source reaches the portal, in its section, word for word."""

import re
from collections import Counter

import pytest

from framework_pages.items import COMPETENTIE, section_items
from framework_pages.models import TaakgebiedPage

from .source_text import checkboxes, key, section_of

pytestmark = pytest.mark.django_db
QUOTED = re.compile(r"‘([^’]+)’")


def loaded_keys(page):
    """Keys of the page's items; a corrected item also answers to the source text in its note."""
    keys = Counter()
    for item in section_items(page):
        keys[key(item.text)] += 1
        for quoted in QUOTED.findall(item.note):
            keys[key(quoted)] += 1
    return keys


@pytest.fixture
def sections(edition):
    return {p.number: p for p in TaakgebiedPage.objects.descendant_of(edition).live().specific()}


def test_the_source_has_442_checkboxes_and_234_distinct_texts():
    items = checkboxes()
    assert len(items) == 442
    assert len({key(text).lower() for _, text in items}) == 234


def test_all_fourteen_sections_are_published(sections):
    assert sorted(sections, key=lambda n: [int(p) for p in n.split(".")]) == [
        "1", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4",
    ]  # fmt: skip


def test_every_checkbox_is_on_its_sections_page(sections):
    missing = []
    loaded = {number: loaded_keys(page) for number, page in sections.items()}
    for line, text in checkboxes():
        number = section_of(line)
        if key(text) not in loaded[number]:
            missing.append(f"{number} (regel {line}): {text}")
    assert not missing, "Niet gevonden:\n" + "\n".join(missing)


def test_each_section_holds_as_many_checkbox_items_as_the_source(sections):
    expected = Counter(section_of(line) for line, _ in checkboxes())
    actual = {number: len(section_items(page)) for number, page in sections.items()}
    # A competency chosen twice on one page counts once; the source has none twice per section.
    assert actual == dict(expected)


def test_items_keep_the_sources_order_within_a_section(sections):
    for number, page in sections.items():
        source = [key(t) for line, t in checkboxes() if section_of(line) == number]
        items = section_items(page)

        def as_in_source(item, source=source):
            candidates = [key(item.text)] + [key(q) for q in QUOTED.findall(item.note)]
            return next((c for c in candidates if c in source), candidates[0])

        competency_keys = {as_in_source(i) for i in items if i.type == COMPETENTIE}
        tasks = [as_in_source(i) for i in items if i.type != COMPETENTIE]
        assert tasks == [k for k in source if k not in competency_keys], number
