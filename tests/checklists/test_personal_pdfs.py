"""A coordinator's own documents as PDFs: the result with its quadrants, the development plan
(only the filled points) and the agenda with the manager; only through the private link,
never cached, and the print page where no PDF can be made."""

import io

import pypdf
import pytest
from django.test import Client, override_settings

from checklists.models import SelfAssessment
from framework_pages.items import section_items
from framework_pages.vocabulary import TASK
from portal import pdf

from .conftest import page_form, tick_data
from .test_trust import invite_and_accept

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf.available(), reason="Pango ontbreekt: make pdf-libs"),
]


def pdf_text(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def tasks(section):
    return [i for i in section_items(section) if i.type == TASK]


def test_the_result_pdf_shows_the_quadrants_and_the_development_points(
    client, section, start_assessment
):
    token = start_assessment(section)
    first, second, third = tasks(section)[:3]
    client.post(
        f"/zelfscan/{token}/stap/1/",
        tick_data(section, checked={first.uid, second.uid}, development={third.uid}),
    )
    page = client.get(f"/zelfscan/{token}/resultaat/").content.decode()
    assert f'href="/zelfscan/{token}/resultaat.pdf"' in page
    response = client.get(f"/zelfscan/{token}/resultaat.pdf")
    assert 'filename="zelfscan-resultaat.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    assert "De taakmatrix per onderdeel" in text
    assert "Uitvoerend niveau" in text and "Aanvullende taken" in text
    basis = [t for t in tasks(section) if t.level == "uitvoerend" and t.kind == "basis"]
    assert f"2/{len(basis)}" in text  # the quadrant Uitvoerend niveau — Basistaken
    assert " ".join(third.text.split()) in text


def test_the_plan_pdf_holds_only_the_filled_points_and_a_name_that_is_not_stored(
    client, section, start_assessment
):
    token = start_assessment(section)
    first, second = tasks(section)[:2]
    client.post(
        f"/zelfscan/{token}/stap/1/", tick_data(section, development={first.uid, second.uid})
    )
    url = f"/zelfscan/{token}/ontwikkelplan/"
    fields, _ = page_form(client.get(url).content.decode())
    answer = SelfAssessment.objects.by_token(token).get().answers.get(item_uid=first.uid)
    fields.update({f"p{answer.pk}-note": "Intake leiden", f"p{answer.pk}-how": "Meelopen"})
    assert client.post(url, fields).status_code == 302
    assert f'formaction="/zelfscan/{token}/ontwikkelplan.pdf"' in client.get(url).content.decode()
    text = pdf_text(client.get(f"/zelfscan/{token}/ontwikkelplan.pdf?naam=Sam"))
    assert "Ontwikkelplan: Sam" in text and "Intake leiden" in text and "Meelopen" in text
    assert " ".join(first.text.split()) in text
    assert " ".join(second.text.split()) not in text
    assert not SelfAssessment.objects.filter(scope_title__contains="Sam").exists()


def test_the_agenda_pdf_lists_the_differences_with_the_manager(client, section, start_assessment):
    token = start_assessment(section)
    first = tasks(section)[0]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={first.uid}))
    manager_client = Client()
    invite_and_accept(client, token, manager_client)
    text = pdf_text(client.get(f"/zelfscan/{token}/vergelijking/agenda.pdf"))
    assert "Gespreksagenda" in text and " ".join(first.text.split()) in text
    assert (
        f"/zelfscan/{token}/vergelijking/agenda.pdf"
        in client.get(f"/zelfscan/{token}/vergelijking/").content.decode()
    )


def test_no_personal_pdf_without_the_private_link(client, section, start_assessment):
    start_assessment(section)
    stranger = Client()
    for url in ("resultaat.pdf", "ontwikkelplan.pdf", "vergelijking/agenda.pdf"):
        response = stranger.get(f"/zelfscan/{'A' * 43}/{url}")
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("text/html")


@override_settings(PDF_ENABLED=False)
def test_without_the_pdf_engine_the_print_page_answers_and_says_so(
    client, section, start_assessment
):
    token = start_assessment(section)
    page = client.get(f"/zelfscan/{token}/resultaat/").content.decode()
    assert "resultaat.pdf" not in page and "Een PDF kan op deze server nu niet" in page
    response = client.get(f"/zelfscan/{token}/resultaat.pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "Een PDF kan op deze server nu niet worden gemaakt" in response.content.decode()
    assert "De taakmatrix per onderdeel" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
