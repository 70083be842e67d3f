"""A Hoofdredacteur prepares a new edition and rewords a competency through a spreadsheet.

The flow as a user clicks it: make edition 2026 as a draft copy of 2025 (Edities › Nieuwe
editie maken), download the competencies of 2026 as CSV (Spreadsheets › Competenties als
spreadsheet), change one competency's text in the file, upload it, check the preview (exactly
that row changed, no errors), apply it, and find the rewording word by word in Edities ›
Edities vergelijken (2025 → 2026).
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_editor_flow import log_in

pytestmark = pytest.mark.e2e

MODERATOR = ("moderator", "demo-moderator-2025")  # groups Hoofdredacteur and Moderators
NEW_LABEL = "2026"
OLD_TEXT = "Hanteert een houding vanuit visie op, belang en waarde van vrijwilligerswerk"
NEW_TEXT = "Hanteert een houding vanuit visie op, belang en betekenis van vrijwilligerswerk"
REMOVED_WORD, ADDED_WORD = "waarde", "betekenis"


def open_menu(page, menu, item):
    """An item of one of the admin sidebar's submenus, as a user opens it."""
    page.get_by_role("button", name=menu, exact=True).click()
    page.get_by_role("link", name=item, exact=True).click()
    expect(page.get_by_role("heading", name=item, level=1)).to_be_visible()


def choose_edition(select, label):
    """Choose the one edition whose title carries `label` (the options show the titles)."""
    titles = [title.strip() for title in select.locator("option").all_inner_texts()]
    matching = [title for title in titles if re.search(rf"\b{label}\b", title)]
    assert len(matching) == 1, f"Edities met ‘{label}’ in {titles}"
    select.select_option(label=matching[0])


def reworded_csv(content):
    """The downloaded CSV with OLD_TEXT replaced by NEW_TEXT in exactly one row's tekst column."""
    text = content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows, "De export bevat geen competenties."
    matches = [row for row in rows if row["tekst"] == OLD_TEXT]
    assert len(matches) == 1, f"{len(matches)} rijen met ‘{OLD_TEXT}’ in de export"
    assert {row["editie"] for row in rows} == {NEW_LABEL}
    matches[0]["tekst"] = NEW_TEXT
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), len(rows)


def test_competency_reworded_by_spreadsheet_shows_in_edition_comparison(
    browser_context, demo_accounts, assert_accessible, monitor, screenshot
):
    page = log_in(browser_context(), *MODERATOR)

    # A new edition 2026 as a draft copy of 2025.
    open_menu(page, "Edities", "Nieuwe editie maken")
    choose_edition(page.get_by_label("Bron-editie"), "2025")
    page.get_by_label("Label").fill(NEW_LABEL)
    # Copying a whole edition takes seconds, on a loaded machine more than the default 15 s
    # that a click waits for the page it leads to.
    page.get_by_role("button", name="Nieuwe editie maken").click(timeout=90_000)
    expect(page.get_by_role("status")).to_contain_text(f"Editie {NEW_LABEL} is gemaakt als concept")

    # Export the competencies of 2026 as CSV.
    open_menu(page, "Spreadsheets", "Competenties als spreadsheet")
    export = page.get_by_role("region", name="Exporteren")
    choose_edition(export.get_by_label("Editie"), NEW_LABEL)
    export.get_by_label("Formaat").select_option(label="CSV (UTF-8)")
    with page.expect_download() as download_info:
        export.get_by_role("button", name="Downloaden").click()
    download = download_info.value
    assert download.suggested_filename == f"competenties-{NEW_LABEL}.csv"
    with open(download.path(), "rb") as f:
        content, row_count = reworded_csv(f.read())

    # Upload the changed file: the preview shows exactly that one row as changed.
    upload = page.get_by_role("region", name="Importeren")
    choose_edition(upload.get_by_label("Editie"), NEW_LABEL)
    upload.get_by_label("Formaat").select_option(label="CSV (UTF-8)")
    upload.get_by_label("Bestand").set_input_files(
        {"name": f"competenties-{NEW_LABEL}.csv", "mimeType": "text/csv", "buffer": content}
    )
    upload.get_by_role("button", name="Voorbeeld").click()
    preview = page.get_by_role("region", name=f"Voorbeeld voor editie {NEW_LABEL}")
    expect(preview).to_contain_text(
        f"0 nieuw, 1 gewijzigd, {row_count - 1} ongewijzigd, 0 met fouten."
    )
    expect(preview.get_by_role("alert")).to_have_count(0)
    rows = preview.get_by_role("table").locator("tbody tr")
    changed = rows.filter(has=page.get_by_role("cell", name="gewijzigd", exact=True))
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text(NEW_TEXT)
    expect(changed.get_by_role("cell").last).to_have_text("tekst")
    expect(page).to_have_title(re.compile(r"^Competenties als spreadsheet"))
    preview.get_by_role("heading").scroll_into_view_if_needed()
    screenshot(page, "spreadsheet-preview")
    assert_accessible(page)

    # Apply: saved, with the counts in the success message.
    preview.get_by_role("button", name="Toepassen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Import voltooid: 0 nieuw, 1 gewijzigd, {row_count - 1} ongewijzigd."
    )
    expect(page.get_by_role("region", name=re.compile("^Voorbeeld voor editie"))).to_have_count(0)

    # The comparison 2025 → 2026 lists the competency as reworded, word by word.
    open_menu(page, "Edities", "Edities vergelijken")
    choose_edition(page.get_by_label("Oude editie"), "2025")
    choose_edition(page.get_by_label("Nieuwe editie"), NEW_LABEL)
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", name=f"Editie 2025 → editie {NEW_LABEL}")).to_be_visible()
    main = page.get_by_role("main")
    for count in (
        "0 onderdelen toegevoegd",
        "0 onderdelen verwijderd",
        "1 onderdeel anders geformuleerd",
        "0 onderdelen verplaatst",
    ):
        expect(main.get_by_role("listitem").filter(has_text=count)).to_have_count(1)
    competencies = main.locator("section").filter(
        has=page.get_by_role("heading", name="Competenties", level=3)
    )
    change = competencies.get_by_role("listitem")
    expect(change).to_have_count(1)
    expect(change.locator("strong")).to_have_text("Anders geformuleerd")
    expect(change).to_contain_text("Hanteert een houding vanuit visie op, belang en")
    expect(change).to_contain_text("van vrijwilligerswerk")
    # Only the one word is marked, removed and added (with a hidden prefix for screen readers).
    expect(change.locator("del")).to_have_count(1)
    expect(change.locator("del")).to_have_text(f"verwijderd: {REMOVED_WORD}")
    expect(change.locator("ins")).to_have_count(1)
    expect(change.locator("ins")).to_have_text(f"toegevoegd: {ADDED_WORD}")
    competencies.scroll_into_view_if_needed()
    screenshot(page, "spreadsheet-comparison")
    assert_accessible(page)
    monitor.assert_no_console_errors()
    monitor.assert_only_own_host()


def test_import_fields_are_labelled(browser_context, demo_accounts):
    """Each field of the import form has its own label, as a screen reader or a click finds it."""
    page = log_in(browser_context(), *MODERATOR)
    open_menu(page, "Spreadsheets", "Competenties als spreadsheet")
    upload = page.get_by_role("region", name="Importeren")
    expect(upload.get_by_label("Bestand")).to_be_visible()
    for label in ("Editie", "Formaat"):
        assert upload.get_by_role("combobox", name=label).count() == 1, label
