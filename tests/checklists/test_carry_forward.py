"""Carrying a self-assessment's answers to a new edition: by item uid, the old one untouched."""

import re

import pytest
from wagtail.models import Site

from checklists.carry_forward import carry_forward
from checklists.models import SelfAssessment
from framework_pages.exchange.document import export_edition
from framework_pages.exchange.editions import copy_edition, publish_edition
from framework_pages.exchange.importing import import_edition
from framework_pages.items import section_items
from framework_pages.models import FrameworkPage, TaakgebiedPage
from home.models import PortalSettings

from ..framework_pages.factories import body_block, new_id, section_doc, soup, text
from .conftest import tick_data

pytestmark = pytest.mark.django_db

NEW_TEXT = "Heet nieuwe vrijwilligers persoonlijk welkom op hun eerste dag."
ADDED_TEXT = "Zorgt voor een warm welkom bij de eerste kennismaking."


def tasks(page):
    return [item for item in section_items(page) if item.type == "task"]


@pytest.fixture
def answered(client, section, start_assessment):
    """An assessment of 2.3 in 2025 with three tasks and a competency ticked."""
    token = start_assessment(section)
    first, second, third = (item.uid for item in tasks(section)[:3])
    competency = next(i.uid for i in section_items(section) if i.type == "competentie")
    data = tick_data(section, checked={first, second, third, competency}, development={third})
    assert client.post(f"/zelfscan/{token}/stap/1/", data).status_code == 302
    return token, (first, second, third, competency)


@pytest.fixture
def edition_2026(edition):
    """A published copy of 2025, made current: first task of 2.3 reworded, second removed, one
    task added."""
    copy = copy_edition(edition, "2026").edition
    document = export_edition(copy)
    cell = body_block(section_doc(document, "2.3"), "task_matrix")["uitvoerend"]["basis"]
    cell[0]["text"] = NEW_TEXT
    cell.pop(1)
    cell.append({"id": new_id(), "text": ADDED_TEXT})
    import_edition(document)
    publish_edition(copy)
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.current_edition = copy
    settings.save()
    return FrameworkPage.objects.get(pk=copy.pk)


def snapshot(assessment):
    return (
        assessment.edition_id,
        assessment.scope_page_id,
        sorted(assessment.answers.values_list("item_uid", "text", "checked", "development")),
    )


def test_answers_move_by_uid_and_removed_items_are_reported(
    client, section, answered, edition_2026
):
    token, (first, second, third, competency) = answered
    old = SelfAssessment.objects.by_token(token).get()
    before = snapshot(old)
    old_texts = {str(a.item_uid): a.text for a in old.answers.all()}

    # The old edition's overview offers to carry the answers to the current edition.
    overview = soup(client.get(f"/zelfscan/{token}/"))
    assert "Neem je antwoorden mee naar editie 2026" in text(overview)

    response = client.post(f"/zelfscan/{token}/meenemen/")
    assert response.status_code == 302
    new_token = re.match(r"^/zelfscan/([^/]+)/meegenomen/$", response["Location"]).group(1)
    assert new_token != token
    new = SelfAssessment.objects.by_token(new_token).get()
    assert new.edition_id == edition_2026.pk and new.edition_label == "2026"
    new_section = TaakgebiedPage.objects.descendant_of(edition_2026).get(number="2.3")
    assert new.scope_page_id == new_section.pk
    assert (new.role, new.owner_id) == (old.role, old.owner_id)

    answers = {str(a.item_uid): a for a in new.answers.all()}
    assert second not in answers  # the removed task
    assert set(answers) == set(old_texts) - {second}
    assert answers[first].text == NEW_TEXT and answers[first].checked
    assert answers[third].checked and answers[third].development
    assert answers[competency].checked
    assert str(answers[first].section_uid) == str(new_section.uid)

    # "Wat is er veranderd voor jou": reworded, not carried, new.
    page = soup(client.get(response["Location"]))
    assert new_token in page.find("input", class_="link-field")["value"]
    body = text(page)
    assert NEW_TEXT in body and old_texts[first] in body
    assert old_texts[second] in body
    assert ADDED_TEXT in body
    # The new assessment is on the current edition: no offer to carry it again.
    assert "Neem je antwoorden mee" not in text(soup(client.get(f"/zelfscan/{new_token}/")))
    # Its step shows the carried ticks.
    step = soup(client.get(f"/zelfscan/{new_token}/stap/1/"))
    assert step.find("input", attrs={"name": re.compile(first), "checked": True})

    # The old assessment is unchanged.
    assert snapshot(SelfAssessment.objects.get(pk=old.pk)) == before


def test_carry_forward_reports_what_could_not_be_carried(section, answered, edition_2026):
    token, (first, second, third, competency) = answered
    old = SelfAssessment.objects.by_token(token).get()
    result = carry_forward(old, edition_2026)
    assert [str(a.item_uid) for a in result.dropped] == [second]
    assert [c.old.text for c in result.reworded] != [] and result.reworded[0].new_text == NEW_TEXT
    assert [item.text for _, item in result.new_items] == [ADDED_TEXT]
    assert len(result.carried) == old.answers.count() - 1


def test_a_token_cannot_carry_another_assessment(client, section, answered, edition_2026):
    token, _ = answered
    count = SelfAssessment.objects.count()
    # A made-up or altered token finds nothing and creates nothing.
    for bad in ("x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert client.post(f"/zelfscan/{bad}/meenemen/").status_code == 404
    assert SelfAssessment.objects.count() == count
    # Another person's token carries only that person's own (empty) assessment.
    scope = TaakgebiedPage.objects.descendant_of(section.edition).get(number="2.1")
    someone_else = SelfAssessment(
        edition=section.edition, edition_label="2025", scope_page=scope, scope_title="2.1 x"
    )
    other = someone_else.set_token()
    someone_else.save()
    response = client.post(f"/zelfscan/{other}/meenemen/")
    new = SelfAssessment.objects.by_token(response["Location"].split("/")[2]).get()
    assert new.answers.count() == 0 and new.scope_title.startswith("2.1")
    # Carrying needs a POST (no link can do it), and not to the edition it already has.
    assert client.get(f"/zelfscan/{token}/meenemen/").status_code == 405
    new_token = response["Location"].split("/")[2]
    assert client.post(f"/zelfscan/{new_token}/meenemen/").status_code == 404
