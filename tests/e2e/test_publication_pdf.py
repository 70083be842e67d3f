"""A reader downloads a task area as a PDF from its page, and then sees the file's size."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from portal import pdf

from .conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not pdf.available(), reason="Pango ontbreekt: make pdf-libs"),
]

MATCHEN = "/editie-2025/vrijwilligers-begeleiden/matchen/"
MATCHEN_TASK = "Aanspreekpunt voor vrijwilligers zijn."
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_a_reader_downloads_the_task_area_as_a_pdf(
    browser_context, audit, screenshot, viewport, tmp_path
):
    page = browser_context(viewport=viewport, accept_downloads=True).new_page()
    page.goto(MATCHEN)
    link = page.get_by_role("link", name="Download dit onderdeel als PDF")
    expect(link).to_be_visible()
    expect(page.get_by_role("link", name="Download de publicatie als PDF")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"]
    audit(page)

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "beroepsprofiel-2025-23-matchen.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "2.3 Taakgebied: Matchen" in text and MATCHEN_TASK in text

    # Now that it is made, the page says how big it is.
    page.reload()
    size = page.locator(".downloads li", has=link).locator(".download-size")
    expect(size).to_have_text(re.compile(r"^\(PDF, \d+,\d\s*KB\)$"))
    screenshot(page, f"publicatie-download-{viewport['width']}")
    audit(page)
