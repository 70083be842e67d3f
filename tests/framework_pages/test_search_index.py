import pytest

from framework_pages.items import section_competencies
from framework_pages.models import Competentie, TaakgebiedPage

pytestmark = pytest.mark.django_db


def test_publishing_a_competency_updates_the_search_of_task_areas_using_it(client, edition):
    competentie = Competentie.objects.get(edition=edition, text__startswith="Kan privacy bewaken")
    users = [
        page
        for page in TaakgebiedPage.objects.descendant_of(edition).live()
        if str(competentie.uid) in {c.uid for c in section_competencies(page)}
    ]
    assert users, "the fixture chooses this competency on at least one task area"
    search = f"{edition.url}zoeken/?q=zeldzaamwoord"
    assert not any(p.title in client.get(search).content.decode() for p in users)

    competentie.text += " en zeldzaamwoord"
    competentie.save_revision().publish()

    html = client.get(search).content.decode()
    for page in users:
        assert page.title in html
