"""Who may do what: every URL of the portal × every role, with the status each role gets.

How to read the table
---------------------
Each row is one URL (with the HTTP method) and the expected status per role:

    anon   anonymous visitor, no link, no account
    coA    coordinator A: holds A's private link, and has an account without admin access
           (the "mijn zelfscans" feature), logged in
    coB    coordinator B: holds B's private link, no account
    manA   the manager invited by A: holds the invite link and the manager's own private link
    red    editor, group Redacteur only
    hoofd  moderator, group Hoofdredacteur only

A private link is the only key to a self-assessment, so a URL with ``{own}`` is requested with
*the link the role holds*: A's for coA, B's for coB, the manager's copy for manA, and for roles
that hold no link a well-formed but made-up one (what guessing gets you). Nobody can build
another person's link, so "B requests A's URL" is not a cell here: ``test_links_only_open_their_own
_assessment`` shows that B's link gives B's data and nothing of A's. ``{invite}`` is A's invite
link, held by A and by the manager. ``{profile}`` is the owner link of a role profile the
manager made, held by the manager; ``{share}`` is its share code, held by the manager and by A
(whose scan is connected to it).

Statuses: 200 shown; LOGIN sent to the login page; DENIED logged in but refused (Wagtail sends
the user back to the dashboard with "Sorry, you do not have permission"); REFUSED logged in,
sent back to the page tree with a Dutch reason (copying a framework page); 404 not found (also
for a link that does not exist); 405 wrong method.

To add a URL: add a row. Rows whose URL name does not resolve (a feature not built yet) are
skipped with the name in the reason.
"""

import secrets
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from checklists.models import SelfAssessment, hash_token, new_token
from checklists.profiles import begin_profile, connect

pytestmark = pytest.mark.django_db

ROLES = ("anon", "coA", "coB", "manA", "red", "hoofd")
LOGIN, DENIED, REFUSED = "login", "denied", "refused"


@dataclass(frozen=True)
class Row:
    label: str
    url: str  # a path with {placeholders}, or "name:<url name>" (+ args) reversed at test time
    expected: tuple  # one status per role, in ROLES order
    method: str = "get"
    args: tuple = ()


def row(label, url, anon, coA, coB, manA, red, hoofd, method="get", args=()):
    return Row(label, url, (anon, coA, coB, manA, red, hoofd), method, args)


# fmt: off
MATRIX = [
    #    what                              URL                                   anon coA  coB  manA red  hoofd
    # Public pages: the same for everyone.
    row("home page",                       "/",                                   200, 200, 200, 200, 200, 200),
    row("edition 2025",                    "{edition}",                           200, 200, 200, 200, 200, 200),
    row("hoofdtaak",                       "{hoofdtaak}",                         200, 200, 200, 200, 200, 200),
    row("task area 2.3",                   "{section}",                           200, 200, 200, 200, 200, 200),
    row("competency page",                 "{competentie}",                       200, 200, 200, 200, 200, 200),
    row("search",                          "{edition}zoeken/?q=vrijwilligers",    200, 200, 200, 200, 200, 200),
    row("privacy page",                    "/privacy/",                           200, 200, 200, 200, 200, 200),
    row("unknown page",                    "/bestaat-niet/",                      404, 404, 404, 404, 404, 404),
    row("publication PDF of 2.3",          "/publicatie/{edition_slug}/2.3.pdf",  200, 200, 200, 200, 200, 200),
    # Self-assessment: start is open; everything else needs the private link.
    row("checklist start",                 "/zelfscan/",                          200, 200, 200, 200, 200, 200),
    row("overview",                        "/zelfscan/{own}/",                    404, 200, 200, 200, 404, 404),
    row("step 1",                          "/zelfscan/{own}/stap/1/",             404, 200, 200, 200, 404, 404),
    row("step that does not exist",        "/zelfscan/{own}/stap/99/",            404, 404, 404, 404, 404, 404),
    row("finish (GET)",                    "/zelfscan/{own}/afronden/",           405, 405, 405, 405, 405, 405),
    row("result",                          "/zelfscan/{own}/resultaat/",          404, 200, 200, 200, 404, 404),
    row("development plan",                "/zelfscan/{own}/ontwikkelplan/",      404, 200, 200, 200, 404, 404),
    row("result PDF",                      "/zelfscan/{own}/resultaat.pdf",       404, 200, 200, 200, 404, 404),
    row("development plan PDF",            "/zelfscan/{own}/ontwikkelplan.pdf",   404, 200, 200, 200, 404, 404),
    row("export CSV",                      "/zelfscan/{own}/export.csv",          404, 200, 200, 200, 404, 404),
    row("export JSON",                     "/zelfscan/{own}/export.json",         404, 200, 200, 200, 404, 404),
    row("delete (confirmation)",           "/zelfscan/{own}/verwijderen/",        404, 200, 200, 200, 404, 404),
    # Only a coordinator invites; a manager's link cannot invite another manager.
    row("invite a manager",                "/zelfscan/{own}/uitnodigen/",         404, 200, 200, 404, 404, 404, method="post"),
    # A has a manager's copy to compare with, B has none yet.
    row("compare with manager",            "/zelfscan/{own}/vergelijking/",       404, 200, 404, 200, 404, 404),
    row("agenda PDF with the manager",     "/zelfscan/{own}/vergelijking/agenda.pdf", 404, 200, 404, 200, 404, 404),
    row("compare with earlier",            "/zelfscan/{own}/vergelijk-eerder/",   404, 200, 200, 200, 404, 404),
    row("accept A's invite",               "/zelfscan/uitnodiging/{invite}/",     404, 200, 404, 200, 404, 404),
    # Role profiles: A's manager made one ({profile}, the owner link) and gave its share
    # code ({share}) to A, who connected A's scan. The share code only shows the position and
    # connects a scan; every owner view needs the owner link.
    row("new role profile",                "/zelfscan/functieprofiel/",           200, 200, 200, 200, 200, 200),
    row("role profile: share page",        "/zelfscan/functieprofiel/{share}/",   404, 200, 404, 200, 404, 404),
    row("role profile: owner overview",    "/zelfscan/{profile}/",                404, 404, 404, 200, 404, 404),
    row("role profile: a step",            "/zelfscan/{profile}/stap/1/",         404, 404, 404, 200, 404, 404),
    row("role profile: team coverage",     "/zelfscan/{profile}/team/",           404, 404, 404, 200, 404, 404),
    row("role profile: job description",   "/zelfscan/{profile}/functieomschrijving/", 404, 404, 404, 200, 404, 404),
    row("role profile: description DOCX",  "/zelfscan/{profile}/functieomschrijving.docx", 404, 404, 404, 200, 404, 404),
    row("role profile: description PDF",   "/zelfscan/{profile}/functieomschrijving.pdf", 404, 404, 404, 200, 404, 404),
    row("role profile: new share link",    "/zelfscan/{profile}/delen/",          404, 404, 404, 200, 404, 404, method="post"),
    row("role profile: revoke share link", "/zelfscan/{profile}/delen-intrekken/", 404, 404, 404, "/zelfscan/{profile}/", 404, 404, method="post"),
    row("share code as an owner link",     "/zelfscan/{share}/team/",             404, 404, 404, 404, 404, 404),
    row("share code opens no overview",    "/zelfscan/{share}/",                  404, 404, 404, 404, 404, 404),
    # Only a coordinator's own scan connects to a profile and has a gap to put on the plan.
    row("connect scan to a role profile",  "/zelfscan/{own}/functieprofiel/",     404, 200, 200, 404, 404, 404),
    row("disconnect from a role profile",  "/zelfscan/{own}/functieprofiel/loskoppelen/", 404, "/zelfscan/{own}/", "/zelfscan/{own}/", 404, 404, 404, method="post"),
    row("gap item onto the plan",          "/zelfscan/{own}/op-ontwikkelplan/",   404, "/zelfscan/{own}/resultaat/", "/zelfscan/{own}/resultaat/", 404, 404, 404, method="post"),
    row("profile views with a scan link",  "/zelfscan/{own}/team/",               404, 404, 404, 404, 404, 404),
    # Account holders only: coA has an account; coB, manA and anon have none.
    row("my self-assessments",             "/zelfscan/mijn/",                     LOGIN, 200, LOGIN, LOGIN, 200, 200),
    # Wagtail admin: editors and moderators only. coA's account has no admin access.
    row("admin dashboard",                 "/admin/",                             LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: edit task area",           "/admin/pages/{section_pk}/edit/",     LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: add hoofdtaak to edition", "/admin/pages/add/framework_pages/hoofdtaakpage/{edition_pk}/", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    # Publishing is the Hoofdredacteur's: unpublishing and deleting pages need it.
    row("admin: unpublish task area",      "/admin/pages/{section_pk}/unpublish/", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: delete task area",         "/admin/pages/{section_pk}/delete/",   LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    # Deleting or moving is the Hoofdredacteur's, also for pages that are not live: a draft
    # edition takes its competencies and areas with it.
    row("admin: delete draft task area",   "/admin/pages/{draft_section_pk}/delete/", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: delete draft edition",     "/admin/pages/{draft_edition_pk}/delete/", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: move draft task area",     "/admin/pages/{draft_section_pk}/move/", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    # A copy would keep the uid and every item id: refused for everyone, with the reason.
    row("admin: copy task area",           "/admin/pages/{section_pk}/copy/",     LOGIN, LOGIN, LOGIN, LOGIN, REFUSED, REFUSED),
    row("admin: copy edition",             "/admin/pages/{edition_pk}/copy/",     LOGIN, LOGIN, LOGIN, LOGIN, REFUSED, REFUSED),
    row("admin: competency list",          "name:wagtailsnippets_framework_pages_competentie:list", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: competency delete",        "name:wagtailsnippets_framework_pages_competentie:delete", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200, args=("{competentie_pk}",)),
    row("admin: draft competency delete",  "name:wagtailsnippets_framework_pages_competentie:delete", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200, args=("{draft_competentie_pk}",)),
    # Competency areas: edited by both (a Redacteur's change is a draft), deleted by the
    # Hoofdredacteur only.
    row("admin: area list",                "name:wagtailsnippets_framework_pages_competentiegebied:list", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: area edit",                "name:wagtailsnippets_framework_pages_competentiegebied:edit", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200, args=("{area_pk}",)),
    row("admin: draft area delete",        "name:wagtailsnippets_framework_pages_competentiegebied:delete", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200, args=("{draft_area_pk}",)),
    # Accounts and roles are the administrators' (superusers), not the editors'.
    row("admin: users",                    "name:wagtailusers_users:index",       LOGIN, LOGIN, LOGIN, LOGIN, DENIED, DENIED),
    row("admin: groups",                   "name:wagtailusers_groups:index",      LOGIN, LOGIN, LOGIN, LOGIN, DENIED, DENIED),
    row("admin: possible duplicates",      "name:mogelijke-dubbelingen:index",    LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    # Synonyms change public search at once, without moderation: only who publishes keeps them.
    row("admin: search synonyms",          "name:wagtailsnippets_framework_pages_synoniem:list", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: add search synonym",       "name:wagtailsnippets_framework_pages_synoniem:add", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    # Editions: editors compare, download and work in spreadsheets; only the Hoofdredacteur
    # copies, publishes at once or imports a whole edition.
    row("admin: new edition",              "name:edities-nieuw:index",    LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: publish whole edition",    "name:edities-publiceren:index", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: publish edition (POST)",   "name:edities-publiceren:index", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 400, method="post"),
    # The current edition (site settings) is chosen by the Hoofdredacteur.
    row("admin: current edition setting",  "name:wagtailsettings:edit",   LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200, args=("home", "portalsettings", "{site_pk}")),
    row("admin: compare editions",         "name:edities-vergelijken:index", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: edition download",         "name:edities-downloaden:index", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: edition import",           "name:edities-importeren:index", LOGIN, LOGIN, LOGIN, LOGIN, DENIED, 200),
    row("admin: competency spreadsheet",   "name:spreadsheets-competenties:index", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    row("admin: task spreadsheet",         "name:spreadsheets-taken:index", LOGIN, LOGIN, LOGIN, LOGIN, 200, 200),
    # Search and its suggestions: public.
    row("search",                          "/editie-2025/zoeken/?q=werving",      200, 200, 200, 200, 200, 200),
    row("search suggestions",              "/editie-2025/zoeken/suggesties/?q=wer", 200, 200, 200, 200, 200, 200),
    # Read-only JSON of published editions: public.
    row("API: editions",                   "name:framework_api:edition-list",     200, 200, 200, 200, 200, 200),
    row("API: edition 2025",               "name:framework_api:edition-detail",   200, 200, 200, 200, 200, 200, args=("2025",)),
    row("API: unknown edition",            "name:framework_api:edition-detail",   404, 404, 404, 404, 404, 404, args=("1999",)),
]
# fmt: on

CELLS = [
    pytest.param(r, role, r.expected[i], id=f"{r.label}-{role}")
    for r in MATRIX
    for i, role in enumerate(ROLES)
]


def make_assessment(edition, owner=None, **kwargs):
    assessment = SelfAssessment(
        edition=edition,
        edition_label=edition.edition_label,
        scope_page=kwargs.pop("scope_page", edition),
        scope_title=edition.title,
        owner=owner,
        **kwargs,
    )
    token = assessment.set_token()
    assessment.save()
    return assessment, token


def make_user(username, group=None):
    # No password: hashing one costs more than the rest of a cell.
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(edition, section):
    """Two coordinators, A's manager, an editor and a moderator; what each one holds."""
    from wagtail.models import Site

    from framework_pages.models import Competentie, HoofdtaakPage

    account_a = make_user("coordinator-a")
    a, token_a = make_assessment(edition, owner=account_a)
    _, token_b = make_assessment(edition)
    invite = new_token()
    SelfAssessment.objects.filter(pk=a.pk).update(invite_token_hash=hash_token(invite))
    _, token_manager = make_assessment(
        edition, role=SelfAssessment.Role.MANAGER, coordinator_assessment=a
    )
    made_up = secrets.token_urlsafe(32)
    profile, token_profile = begin_profile(edition, edition, "Coördinator vrijwilligers")
    share = profile.set_share_token()
    profile.save()
    connect(a, profile, consent=True, name="A")
    competentie = Competentie.objects.filter(edition=edition, live=True).first()
    no_profile = {"profile": made_up, "share": made_up}
    places = {
        "edition": edition.url,
        "edition_slug": edition.slug,
        "edition_pk": edition.pk,
        "hoofdtaak": HoofdtaakPage.objects.descendant_of(edition).live().first().url,
        "section": section.url,
        "section_pk": section.pk,
        "competentie": f"{edition.url}competenties/{competentie.uid}/",
        "competentie_pk": competentie.pk,
        "area_pk": competentie.area_id,
        "site_pk": Site.objects.get(is_default_site=True).pk,
        **draft_content(edition),
    }
    return {
        "places": places,
        "anon": {"own": made_up, "invite": made_up, "user": None, **no_profile},
        "coA": {"own": token_a, "invite": invite, "user": account_a, **no_profile, "share": share},
        "coB": {"own": token_b, "invite": made_up, "user": None, **no_profile},
        "manA": {
            "own": token_manager,
            "invite": invite,
            "user": None,
            "profile": token_profile,
            "share": share,
        },
        "red": {
            "own": made_up,
            "invite": made_up,
            "user": make_user("red", "Redacteur"),
            **no_profile,
        },
        "hoofd": {
            "own": made_up,
            "invite": made_up,
            "user": make_user("hoofd", "Hoofdredacteur"),
            **no_profile,
        },
    }


def draft_content(edition):
    """A task area that was never published, and a draft edition (no pages yet) holding a
    competency area and a competency: what a Redacteur must not be able to delete."""
    from framework_pages.models import (
        Competentie,
        Competentiegebied,
        FrameworkPage,
        HoofdtaakPage,
        TaakgebiedPage,
    )

    hoofdtaak = HoofdtaakPage.objects.descendant_of(edition).first()
    draft_section = hoofdtaak.add_child(
        instance=TaakgebiedPage(title="Nog in voorbereiding", number="2.9", live=False)
    )
    draft_edition = edition.get_parent().add_child(
        instance=FrameworkPage(
            title="Concepteditie", slug="editie-concept", edition_label="2099", live=False
        )
    )
    area = Competentiegebied.objects.create(edition=draft_edition, name="Concept", live=False)
    competentie = Competentie.objects.create(
        edition=draft_edition, area=area, text="Nog niet gepubliceerd", live=False
    )
    return {
        "draft_section_pk": draft_section.pk,
        "draft_edition_pk": draft_edition.pk,
        "draft_area_pk": area.pk,
        "draft_competentie_pk": competentie.pk,
    }


def resolve(r, values):
    if r.url.startswith("name:"):
        name = r.url.removeprefix("name:")
        try:
            return reverse(name, args=[str(a).format(**values) for a in r.args])
        except NoReverseMatch:
            pytest.skip(f"URL name {name!r} does not exist (yet): add it when the feature lands")
    return r.url.format(**values)


@pytest.mark.parametrize(("r", "role", "expected"), CELLS)
def test_permission_matrix(client, world, r, role, expected):
    holds = world[role]
    if holds["user"] is not None:
        client.force_login(holds["user"])
    url = resolve(r, {**world["places"], **holds})
    response = getattr(client, r.method)(url)
    status = response.status_code
    if isinstance(expected, str) and expected.startswith("/"):  # a redirect to a held link
        expected = expected.format(**holds)
    if status == 302:
        location = response["Location"]
        status = LOGIN if location.startswith("/admin/login/") else location
        if location == "/admin/" and holds["user"] is not None:
            status = DENIED
        elif location.startswith("/admin/pages/") and holds["user"] is not None:
            status = REFUSED
    assert status == expected, f"{r.method.upper()} {url} as {role}: {status}, expected {expected}"


def test_links_only_open_their_own_assessment(client, edition, section):
    from framework_pages.items import section_items

    a, token_a = make_assessment(edition)
    _, token_b = make_assessment(edition)
    item = section_items(section)[0]
    a.answers.create(
        item_uid=item.uid,
        item_type=item.type,
        section_uid=section.uid,
        section_number=section.number,
        section_title=section.title,
        text="Alleen in de zelfscan van A",
        checked=True,
    )
    export_b = client.get(f"/zelfscan/{token_b}/export.json").json()
    export_a = client.get(f"/zelfscan/{token_a}/export.json").json()
    assert [x["tekst"] for x in export_a["antwoorden"]] == ["Alleen in de zelfscan van A"]
    assert export_b["antwoorden"] == []
    # A link that differs in one character, or is made up, opens nothing.
    altered = token_a[:-1] + ("A" if token_a[-1] != "A" else "B")
    for token in (altered, secrets.token_urlsafe(32), "x" * 500):
        assert client.get(f"/zelfscan/{token}/").status_code == 404


def test_manager_link_cannot_change_the_coordinators_answers(client, edition, section):
    from tests.checklists.conftest import tick_data

    a, _ = make_assessment(edition, scope_page=section)
    manager, token_manager = make_assessment(
        edition,
        scope_page=section,
        role=SelfAssessment.Role.MANAGER,
        coordinator_assessment=a,
    )
    from framework_pages.items import section_items

    uids = [i.uid for i in section_items(section)[:3]]
    response = client.post(f"/zelfscan/{token_manager}/stap/1/", tick_data(section, uids))
    assert response.status_code == 302
    assert manager.answers.filter(checked=True).count() == 3
    assert a.answers.count() == 0
    # And the manager's link cannot invite or be used as the coordinator's.
    assert client.post(f"/zelfscan/{token_manager}/uitnodigen/").status_code == 404


def test_revoked_invite_link_opens_nothing(client, edition):
    a, token_a = make_assessment(edition)
    response = client.post(f"/zelfscan/{token_a}/uitnodigen/")
    invite = response.context["link"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/zelfscan/uitnodiging/{invite}/").status_code == 200
    client.post(f"/zelfscan/{token_a}/uitnodiging-intrekken/")
    assert client.get(f"/zelfscan/uitnodiging/{invite}/").status_code == 404


def test_roles_publish_and_import_as_designed(edition, section):
    from wagtail.models import GroupApprovalTask

    editor = make_user("red", "Redacteur")
    moderator = make_user("hoofd", "Hoofdredacteur")
    editor_perms = section.permissions_for_user(editor)
    moderator_perms = section.permissions_for_user(moderator)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert moderator_perms.can_edit() and moderator_perms.can_publish()
    assert not editor.has_perm("framework_pages.import_edition")
    assert moderator.has_perm("framework_pages.import_edition")
    assert editor.has_perm("framework_pages.change_competentie")
    assert not editor.has_perm("framework_pages.publish_competentie")
    assert moderator.has_perm("framework_pages.publish_competentie")
    # The moderation workflow's approval task is the Hoofdredacteur's too.
    task = GroupApprovalTask.objects.get(groups__name="Moderators")
    assert task.groups.filter(name="Hoofdredacteur").exists()
    assert task.specific.user_can_access_editor(section, moderator)


def test_an_account_without_a_role_never_reaches_the_admin(client):
    client.force_login(make_user("coordinator"))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert (
        not get_user_model()
        .objects.get(username="coordinator")
        .has_perm("wagtailadmin.access_admin")
    )


@pytest.fixture
def drafts(edition):
    return draft_content(edition)


def test_a_redacteur_deletes_no_page_by_any_route(client, drafts):
    """Delete view, bulk delete and moving away: the draft task area and the draft edition
    (with its competency area and competency) all survive a Redacteur."""
    from wagtail.models import Page

    from framework_pages.models import Competentie, Competentiegebied, HoofdtaakPage

    client.force_login(make_user("red", "Redacteur"))
    section, edition = drafts["draft_section_pk"], drafts["draft_edition_pk"]
    client.post(f"/admin/pages/{section}/delete/")
    client.post(f"/admin/pages/{edition}/delete/")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={section}&id={edition}")
    # A move Wagtail allows (another main task), refused to the Redacteur.
    parent = Page.objects.get(pk=section).get_parent()
    other = HoofdtaakPage.objects.exclude(pk=parent.pk).first()
    client.post(f"/admin/pages/{section}/move/{other.pk}/confirm/")
    assert Page.objects.filter(pk__in=[section, edition]).count() == 2
    assert Page.objects.get(pk=section).get_parent().pk == parent.pk
    assert Competentie.objects.filter(pk=drafts["draft_competentie_pk"]).exists()
    assert Competentiegebied.objects.filter(pk=drafts["draft_area_pk"]).exists()
    # Nor snippets, one by one or in bulk.
    comp, area = drafts["draft_competentie_pk"], drafts["draft_area_pk"]
    client.post(reverse("wagtailsnippets_framework_pages_competentie:delete", args=[comp]))
    client.post(reverse("wagtailsnippets_framework_pages_competentiegebied:delete", args=[area]))
    client.post(f"/admin/bulk/framework_pages/competentie/delete/?id={comp}")
    client.post(f"/admin/bulk/framework_pages/competentiegebied/delete/?id={area}")
    assert Competentie.objects.filter(pk=comp).exists()
    assert Competentiegebied.objects.filter(pk=area).exists()


def test_the_hoofdredacteur_deletes_a_draft_edition_with_its_competencies(client, drafts):
    from wagtail.models import Page

    from framework_pages.models import Competentie, HoofdtaakPage

    client.force_login(make_user("hoofd", "Hoofdredacteur"))
    # The move the Redacteur was refused (test above) is the Hoofdredacteur's to make.
    section = Page.objects.get(pk=drafts["draft_section_pk"])
    other = HoofdtaakPage.objects.exclude(pk=section.get_parent().pk).first()
    response = client.post(f"/admin/pages/{section.pk}/move/{other.pk}/confirm/")
    assert response.status_code == 302
    assert Page.objects.get(pk=section.pk).get_parent().pk == other.pk
    response = client.post(f"/admin/pages/{drafts['draft_edition_pk']}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=drafts["draft_edition_pk"]).exists()
    assert not Competentie.objects.filter(pk=drafts["draft_competentie_pk"]).exists()


@pytest.mark.parametrize("alias", [False, True], ids=["copy", "alias"])
def test_copying_a_framework_page_is_refused_with_the_reason(client, section, alias):
    """A copy kept the uid and every item id; answers of two items would merge."""
    from framework_pages.models import TaakgebiedPage

    client.force_login(make_user("hoofd", "Hoofdredacteur"))
    before = TaakgebiedPage.objects.count()
    data = {
        "new_title": "Matchen (kopie)",
        "new_slug": "matchen-kopie",
        "new_parent_page": section.get_parent().pk,
        "alias": "on" if alias else "",
    }
    response = client.post(f"/admin/pages/{section.pk}/copy/", data, follow=True)
    assert TaakgebiedPage.objects.count() == before
    messages = [str(m) for m in response.context["messages"]]
    assert any("niet gekopieerd" in m and "Nieuwe editie maken" in m for m in messages)


def test_the_current_edition_is_a_published_one(client, edition):
    from wagtail.models import Site

    from framework_pages.models import FrameworkPage
    from home.models import PortalSettings

    draft = edition.get_parent().add_child(
        instance=FrameworkPage(title="Concept", slug="c", edition_label="2098", live=False)
    )
    site = Site.objects.get(is_default_site=True)
    client.force_login(make_user("hoofd", "Hoofdredacteur"))
    url = reverse("wagtailsettings:edit", args=["home", "portalsettings", site.pk])
    response = client.post(url, {"current_edition": draft.pk})
    assert "nog niet gepubliceerd" in response.content.decode()
    assert PortalSettings.for_site(site).current_edition_id != draft.pk
    # Another published edition becomes current (2025 already is, since load_framework).
    from framework_pages.exchange.editions import copy_edition, publish_edition

    copy = copy_edition(edition, "2026").edition
    publish_edition(copy)
    assert PortalSettings.for_site(site).current_edition_id == edition.pk
    response = client.post(url, {"current_edition": copy.pk})
    assert response.status_code == 302
    assert PortalSettings.for_site(site).current_edition_id == copy.pk
