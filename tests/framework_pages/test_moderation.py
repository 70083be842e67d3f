"""Moderation covers competencies and their areas as it covers pages.

Before, a Redacteur's competency edit was only "Bewaar concept": no workflow, nothing on the
moderator's dashboard, and the list showed the live text with no sign of a draft; an area
had no drafts at all, so renaming it (or moving it to another edition, reordering it) went
public at once.
"""

import re

import pytest
from django.urls import reverse

from framework_pages.exchange.document import published_document
from framework_pages.items import section_items
from framework_pages.models import Competentie, Competentiegebied, FrameworkPage

from .factories import user_in

pytestmark = pytest.mark.django_db

NEW_TEXT = "Kan vrijwilligers uitnodigen voor een kennismakingsgesprek op maat"
NEW_AREA = "Hernoemd gebied dat nog moet worden goedgekeurd"


@pytest.fixture
def redacteur():
    return user_in("red", "Redacteur", "Editors")


@pytest.fixture
def hoofdredacteur():
    return user_in("hoofd", "Hoofdredacteur", "Moderators")


def chosen_competency(section):
    """A live competency that the live task area 2.3 shows."""
    uid = next(i.uid for i in section_items(section) if i.type == "competentie")
    return Competentie.objects.get(edition=section.edition, uid=uid)


def competency_form(competentie, **changes):
    data = {
        "edition": competentie.edition_id,
        "area": competentie.area_id,
        "text": competentie.text,
        "note": competentie.note,
    }
    return {**data, **changes}


def edit_url(obj):
    name = type(obj)._meta.model_name
    return reverse(f"wagtailsnippets_framework_pages_{name}:edit", args=[obj.pk])


def test_a_redacteurs_competency_edit_goes_live_only_on_approval(
    client, section, redacteur, hoofdredacteur
):
    competentie = chosen_competency(section)
    old_text = competentie.text
    client.force_login(redacteur)
    response = client.post(
        edit_url(competentie), competency_form(competentie, text=NEW_TEXT, **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    competentie.refresh_from_db()
    assert competentie.text == old_text
    assert competentie.workflow_in_progress
    # Visitors still read the live text: the page, the self-assessment's items, the API.
    client.logout()
    html = client.get(section.url).content.decode()
    assert old_text in html and NEW_TEXT not in html
    assert NEW_TEXT not in {i.text for i in section_items(section)}
    assert NEW_TEXT not in str(published_document(section.edition))

    # The moderator finds it on the dashboard and in the list, marked as in moderation.
    client.force_login(hoofdredacteur)
    dashboard = client.get("/admin/").content.decode()
    assert NEW_TEXT in dashboard or old_text in dashboard
    assert edit_url(competentie) in dashboard
    listing = client.get(
        reverse("wagtailsnippets_framework_pages_competentie:list"),
        {"q": old_text.split()[1]},
    ).content.decode()
    assert "ter goedkeuring" in listing

    # Approving publishes it.
    response = client.post(
        edit_url(competentie),
        competency_form(
            competentie,
            text=NEW_TEXT,
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    competentie.refresh_from_db()
    assert competentie.text == NEW_TEXT and not competentie.workflow_in_progress
    client.logout()
    assert NEW_TEXT in client.get(section.url).content.decode()


def test_the_competency_list_shows_which_have_drafts(admin_client, section, redacteur):
    competentie = chosen_competency(section)
    competentie.text = NEW_TEXT
    competentie.save_revision(user=redacteur)
    listing = admin_client.get(
        reverse("wagtailsnippets_framework_pages_competentie:list"), {"edition": section.edition.pk}
    ).content.decode()
    assert "live + concept" in listing
    # and no English True/False for the state
    assert ">True<" not in listing and ">False<" not in listing


def test_a_redacteur_renames_moves_or_reorders_an_area_only_as_a_draft(
    client, section, redacteur, hoofdredacteur
):
    competentie = chosen_competency(section)
    area = competentie.area
    old_name, old_order, edition = area.name, area.sort_order, area.edition
    other = FrameworkPage(title="Andere", slug="andere", edition_label="2097", live=False)
    edition.get_parent().add_child(instance=other)
    client.force_login(redacteur)
    for changes in (
        {"name": NEW_AREA, "sort_order": old_order},
        {"name": old_name, "sort_order": old_order + 50},
        {"name": old_name, "sort_order": old_order, "edition": other.pk},
    ):
        data = {"edition": edition.pk, **changes}
        response = client.post(edit_url(area), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        area.refresh_from_db()
        assert (area.name, area.sort_order, area.edition_id) == (old_name, old_order, edition.pk)
    assert area.has_unpublished_changes
    client.logout()
    html = client.get(section.url).content.decode()
    assert old_name in html and NEW_AREA not in html
    document = published_document(edition)
    assert old_name in [a["name"] for a in document["competentiegebieden"]]

    # The Hoofdredacteur publishes the rename: then it is public.
    client.force_login(hoofdredacteur)
    client.post(
        edit_url(area),
        {"edition": edition.pk, "name": NEW_AREA, "sort_order": old_order, "action-publish": "1"},
    )
    area.refresh_from_db()
    assert area.name == NEW_AREA
    client.logout()
    assert NEW_AREA in client.get(section.url).content.decode()


def test_a_competency_in_an_unpublished_area_is_not_shown(client, section, redacteur):
    competentie = chosen_competency(section)
    area = Competentiegebied.objects.create(
        edition=section.edition, name=NEW_AREA, sort_order=99, live=False
    )
    Competentie.objects.filter(pk=competentie.pk).update(area=area)
    html = client.get(section.url).content.decode()
    assert NEW_AREA not in html and competentie.text not in html
    assert str(competentie.uid) not in {i.uid for i in section_items(section)}
    assert NEW_AREA not in str(published_document(section.edition))
    edition = section.edition
    assert client.get(f"{edition.url}competenties/{competentie.uid}/").status_code == 404
    search = client.get(f"{edition.url}zoeken/", {"q": competentie.text.split()[-1]})
    assert competentie.text not in search.content.decode()


def test_competencies_and_areas_use_the_moderation_workflow(section):
    from wagtail.models import Workflow

    page_workflow = Workflow.objects.get(workflow_pages__page__depth=1)
    for model in (Competentie, Competentiegebied):
        assert model.get_default_workflow() == page_workflow


def test_approving_a_page_with_a_never_published_competency_is_refused_with_the_reason(
    client, section, redacteur, hoofdredacteur
):
    from wagtail.models import TaskState

    from .factories import draft_choosing

    area = Competentiegebied.objects.filter(edition=section.edition).first()
    hidden = Competentie.objects.create(
        edition=section.edition, area=area, text=NEW_TEXT, live=False
    )
    hidden.save_revision(user=redacteur)
    draft = draft_choosing(section, hidden)
    draft.save_revision(user=redacteur)
    section.refresh_from_db()
    section.get_workflow().start(section, redacteur)
    live_revision = section.live_revision_id
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(section.pk), status="in_progress"
    )
    approve = f"/admin/pages/workflow/action/{section.pk}/approve/{task_state.pk}/"

    client.force_login(hoofdredacteur)
    # The moderator sees it: a warning on the page, and no approve button on the dashboard.
    edit = client.get(f"/admin/pages/{section.pk}/edit/").content.decode()
    assert "nog niet gepubliceerd" in edit and NEW_TEXT in edit
    assert approve not in client.get("/admin/").content.decode()
    # Approving anyway (a hand-made POST) publishes nothing.
    client.post(approve)
    section.refresh_from_db()
    hidden.refresh_from_db()
    assert section.live_revision_id == live_revision and not hidden.live
    assert NEW_TEXT not in client.get(section.url).content.decode()

    # Once the competency is published, the page can be approved and shows it.
    hidden.save_revision(user=hoofdredacteur).publish(user=hoofdredacteur)
    assert approve in client.get("/admin/").content.decode()
    client.post(approve)
    section.refresh_from_db()
    assert section.live_revision_id != live_revision
    client.logout()
    assert NEW_TEXT in client.get(section.url).content.decode()


# Choosing competencies on a task area


@pytest.fixture
def other_edition(edition):
    """A second edition with one area and one competency of its own."""
    other = edition.get_parent().add_child(
        instance=FrameworkPage(title="Editie 2099", slug="editie-2099", edition_label="2099")
    )
    area = Competentiegebied.objects.create(edition=other, name="Gebied van 2099")
    competentie = Competentie.objects.create(
        edition=other, area=area, text="Alleen in editie 2099 te kiezen"
    )
    return other, competentie


def test_the_chooser_lists_the_pages_own_edition_with_area_and_edition(
    admin_client, edition, section, other_edition
):
    other, foreign = other_edition
    edit = admin_client.get(f"/admin/pages/{section.pk}/edit/").content.decode()
    assert f'<input type="hidden" id="competentie-kiezer-editie" value="{edition.pk}">' in edit
    assert "competentie-kiezer-editie" in edit.split("linkedFields", 1)[1][:200]
    choose = reverse("wagtailsnippetchoosers_framework_pages_competentie:choose")
    html = admin_client.get(choose, {"editie": edition.pk}).content.decode()
    assert foreign.text not in html
    own = chosen_competency(section)
    results = reverse("wagtailsnippetchoosers_framework_pages_competentie:choose_results")
    found = admin_client.get(results, {"editie": edition.pk, "q": own.text}).content.decode()
    # Each row with its area and edition.
    assert own.area.name in found and re.search(r"<td >\s*2025\s*</td>", found)
    assert foreign.text in admin_client.get(choose, {"editie": other.pk}).content.decode()


def test_a_duplicate_or_another_editions_choice_is_refused_on_the_choice_itself(
    section, other_edition
):
    from wagtail.blocks.struct_block import StructBlockValidationError

    from framework_pages.blocks import SectionBodyBlock, validation_edition

    _, foreign = other_edition
    own = chosen_competency(section)
    block = SectionBodyBlock().child_blocks["competenties"]

    def choice(competentie, children=()):
        return {"competentie": competentie.pk, "children": [c.pk for c in children]}

    value = block.to_python(
        {
            "items": [
                choice(own),
                choice(own),
                choice(foreign),
                choice(
                    foreign.__class__.objects.exclude(pk=own.pk)
                    .filter(edition=section.edition)
                    .first(),
                    [own],
                ),
            ]
        }
    )
    with validation_edition(section.edition), pytest.raises(StructBlockValidationError) as info:
        block.clean(value)
    errors = info.value.block_errors["items"].block_errors
    assert set(errors) == {1, 2, 3}
    assert "staat al bij competentie 1" in " ".join(errors[1].block_errors["competentie"].messages)
    assert "andere editie" in " ".join(errors[2].block_errors["competentie"].messages)
    assert "2025" in " ".join(errors[2].block_errors["competentie"].messages)
    child = errors[3].block_errors["children"].block_errors[0]
    assert "staat al bij competentie 1" in " ".join(child.messages)
    # One choice of each is accepted.
    block.clean(block.to_python({"items": [choice(own)]}))


def test_a_new_choice_comes_without_an_empty_sub_competency_chooser():
    from framework_pages.blocks import CompetentieChoiceBlock

    block = CompetentieChoiceBlock()
    assert list(block.get_default()["children"]) == []
    assert block.child_blocks["children"].child_block.label == "Deelcompetentie"


def test_a_new_area_by_a_redacteur_is_a_draft_until_published(client, section, redacteur):
    edition = section.edition
    client.force_login(redacteur)
    add = reverse("wagtailsnippets_framework_pages_competentiegebied:add")
    response = client.post(add, {"edition": edition.pk, "name": NEW_AREA, "sort_order": 9})
    assert response.status_code == 302, response.content.decode()[:2000]
    area = Competentiegebied.objects.get(name=NEW_AREA)
    assert not area.live
    assert NEW_AREA not in [a["name"] for a in published_document(edition)["competentiegebieden"]]
