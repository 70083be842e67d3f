import pytest

pytestmark = pytest.mark.e2e


def test_explore(browser_context, demo_accounts):
    from framework_pages.models import TaakgebiedPage

    page_id = TaakgebiedPage.objects.get(number="2.3").id
    page = browser_context().new_page()
    page.goto("/admin/login/")
    page.screenshot(path="/tmp/e2e-login.png")
    print(page.locator("form").first.inner_html()[:3000])
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill("demo-redacteur-2025")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/pages/{page_id}/edit/")
    page.screenshot(path="/tmp/e2e-edit.png")
    print(page.locator("footer").inner_html()[:6000])
    ta = page.locator("textarea").filter(has_text="Aanspreekpunt voor vrijwilligers zijn.")
    print(ta.count())
    print([t.get_attribute("name") for t in page.locator("textarea").all()][:40])
