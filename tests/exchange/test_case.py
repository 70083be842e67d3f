"""The CASE 1.1 export: valid against the schema, every item once, one parent each."""

import copy
import json
from collections import Counter
from functools import cache

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from framework_pages.exchange.case import SCHEMA_PATH, export_case

from ..framework_pages.factories import document_sections, fixture_document, sections_using

pytestmark = pytest.mark.django_db


@cache
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(package):
    return list(validator().iter_errors(package))


@pytest.fixture
def package(edition):
    return export_case(edition)


def expected_parents(document):
    """{item uid: parent uid} for every item of the edition document, the CASE tree."""
    root = document["edition"]["uid"]
    parents = {}
    for area in document["competentiegebieden"]:
        parents[area["uid"]] = root
    for competency in document["competenties"]:
        parents[competency["uid"]] = competency["area"]
    for section in document["sections"]:
        parents[section["uid"]] = root
        for sub in section.get("taakgebieden", []):
            parents[sub["uid"]] = section["uid"]
    for section in document_sections(document):
        for block in section["body"]:
            if block["type"] == "kerntaken":
                for kerntaak in block["items"]:
                    parents[kerntaak["id"]] = section["uid"]
                    for child in kerntaak.get("children", []):
                        parents[child["id"]] = kerntaak["id"]
            elif block["type"] == "task_matrix":
                for level in ("uitvoerend", "tactisch_strategisch"):
                    for kind in ("basis", "aanvullend"):
                        for task in block[level][kind]:
                            parents[task["id"]] = section["uid"]
    return parents


def test_the_export_is_a_valid_case_package(package):
    assert errors(package) == []
    assert package["CFDocument"]["title"] == "Beroepsprofiel coördinator vrijwilligerswerk 2025"
    assert package["CFDocument"]["creator"] == "Brancheorganisatie coördinatoren vrijwilligerswerk"
    assert package["CFDocument"]["adoptionStatus"] == "Adopted"  # status vastgesteld
    assert package["CFDocument"]["language"] == "nl"


def test_every_item_of_the_edition_is_one_cf_item_with_its_own_uuid(package):
    document = fixture_document()
    identifiers = [item["identifier"] for item in package["CFItems"]]
    assert len(identifiers) == len(set(identifiers))
    assert set(identifiers) == set(expected_parents(document))
    # 17 pages, 174 tasks, 24 kerntaken and sub-items, 5 areas, 56 competencies.
    types = Counter(item["CFItemType"] for item in package["CFItems"])
    assert types["Taak"] == 174
    assert types["Competentie"] == len(document["competenties"]) == 56
    assert types["Competentiegebied"] == 5
    assert types["Taakgebied"] + types["Grondhouding"] == len(document_sections(document))


def test_every_item_has_exactly_one_is_child_of_to_its_parent(package):
    parents = expected_parents(fixture_document())
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    origins = Counter(a["originNodeURI"]["identifier"] for a in children)
    assert set(origins) == set(parents)
    assert set(origins.values()) == {1}
    for association in children:
        origin = association["originNodeURI"]["identifier"]
        assert association["destinationNodeURI"]["identifier"] == parents[origin]


def test_tasks_carry_their_level_and_kind_and_pages_their_number(package, section):
    by_id = {item["identifier"]: item for item in package["CFItems"]}
    page = by_id[str(section.uid)]
    assert page["humanCodingScheme"] == "2.3" and page["fullStatement"] == "Matchen"
    task_id = section.body.raw_data[
        next(i for i, b in enumerate(section.body.raw_data) if b["type"] == "task_matrix")
    ]["value"]["tactisch_strategisch"]["aanvullend"][0]["id"]
    task = by_id[task_id]
    assert task["conceptKeywords"] == ["niveau:tactisch_strategisch", "soort:aanvullend"]


def test_a_shared_competency_is_related_to_every_task_area_that_uses_it(package):
    document = fixture_document()
    number_by_uid = {s["uid"]: s["number"] for s in document_sections(document)}
    competency = max(
        document["competenties"], key=lambda c: len(sections_using(document, c["uid"]))
    )
    related = [
        number_by_uid[a["destinationNodeURI"]["identifier"]]
        for a in package["CFAssociations"]
        if a["associationType"] == "isRelatedTo"
        and a["originNodeURI"]["identifier"] == competency["uid"]
    ]
    assert len(related) > 1
    assert related == sections_using(document, competency["uid"])


def test_item_types_and_associations_have_stable_uuids(edition, package):
    again = export_case(edition)
    assert again == package
    identifiers = (
        [a["identifier"] for a in package["CFAssociations"]]
        + [t["identifier"] for t in package["CFDefinitions"]["CFItemTypes"]]
        + [i["identifier"] for i in package["CFItems"]]
    )
    assert len(identifiers) == len(set(identifiers))
    type_keys = {t["typeCode"] for t in package["CFDefinitions"]["CFItemTypes"]}
    assert {"hoofdtaak", "taakgebied", "grondhouding", "taak", "kerntaak", "competentie"} <= (
        type_keys
    )


def _break(package, how):
    package = copy.deepcopy(package)
    if how == "document without creator":
        del package["CFDocument"]["creator"]
    elif how == "item without fullStatement":
        del package["CFItems"][0]["fullStatement"]
    elif how == "identifier not a uuid":
        package["CFItems"][0]["identifier"] = "taak-1"
    elif how == "unknown association type":
        package["CFAssociations"][0]["associationType"] = "isParentOf"
    elif how == "association without destination":
        del package["CFAssociations"][0]["destinationNodeURI"]
    elif how == "date without time zone":
        package["CFItems"][0]["lastChangeDateTime"] = "2025-06-02 10:15"
    return package


@pytest.mark.parametrize(
    "how",
    [
        "document without creator",
        "item without fullStatement",
        "identifier not a uuid",
        "unknown association type",
        "association without destination",
        "date without time zone",
    ],
)
def test_a_broken_package_fails_validation(package, how):
    assert errors(_break(package, how))


# --------------------------------------------------------------------------------------------
# The edition's lifecycle and the site's address


def _make_current(edition):
    from wagtail.models import Site

    from home.models import PortalSettings

    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.current_edition = edition
    portal_settings.save()


def test_status_follows_the_lifecycle_into_the_case_package(edition):
    from framework_pages.exchange.editions import copy_edition, publish_edition
    from framework_pages.models import FrameworkPage

    def adoption(page):
        page = FrameworkPage.objects.get(pk=page.pk)
        return page.status, export_case(page)["CFDocument"]["adoptionStatus"]

    _make_current(edition)
    copy = copy_edition(edition, "2026").edition
    assert adoption(copy) == ("concept", "Draft")
    publish_edition(copy)
    # Published, not yet current: adopted, and so is the current edition.
    assert adoption(copy) == ("vastgesteld", "Adopted")
    assert adoption(edition) == ("vastgesteld", "Adopted")
    _make_current(copy)
    assert adoption(copy) == ("vastgesteld", "Adopted")
    assert adoption(edition) == ("vervallen", "Deprecated")
    # Nobody sets the status by hand: the edition's edit form has no such field.
    assert "status" not in FrameworkPage.get_edit_handler().get_form_class()._meta.fields


def test_case_uris_come_from_the_configured_site(edition, settings):
    from wagtail.models import Site

    settings.WAGTAILADMIN_BASE_URL = "https://beheer.example.nl"
    # Wagtail's unconfigured site (localhost): the configured base URL.
    document = export_case(edition)["CFDocument"]
    assert document["uri"] == "https://beheer.example.nl/api/edities/2025/case/"
    # The site's own address once it is configured.
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "beroepsprofiel.example.nl", 443
    site.save()
    package = export_case(edition)
    base = "https://beroepsprofiel.example.nl/api/edities/2025/case/"
    assert package["CFDocument"]["uri"] == base
    uris = [item["uri"] for item in package["CFItems"]] + [
        a["uri"] for a in package["CFAssociations"]
    ]
    assert all(uri.startswith(base + "#") for uri in uris)
    assert "127.0.0.1" not in json.dumps(package)
