import re
from html.parser import HTMLParser

import pytest

from checklists.forms import field_names
from framework_pages.items import section_items


@pytest.fixture
def start_assessment(client, edition):
    """Start a self-assessment for a scope page; returns its private token."""

    def start(scope_page, http=client):
        response = http.post("/zelfscan/", {"scope": scope_page.pk})
        assert response.status_code == 302, response.content.decode()[:500]
        return re.match(r"^/zelfscan/([^/]+)/$", response["Location"]).group(1)

    return start


def tick_data(page, checked=(), development=()):
    """POST data for a step: the live revision and the given items ticked."""
    data = {"revision": page.live_revision_id}
    for item in section_items(page):
        tick, dev = field_names(item)
        if item.uid in checked:
            data[tick] = "on"
        if item.uid in development:
            data[dev] = "on"
    return data


def publish_matrix_change(section, change):
    """Let an editor change every matrix cell of the section (``change(cell) -> cell``) and publish."""
    page = section.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    for block in raw:
        if block["type"] == "task_matrix":
            for level in ("uitvoerend", "tactisch_strategisch"):
                for kind in ("basis", "aanvullend"):
                    block["value"][level][kind] = change(block["value"][level][kind])
    page.body = raw
    page.save_revision().publish()


def multiply_matrix(section, multiplier):
    """Publish ``multiplier`` times the section's matrix tasks (new ids), for query budgets."""
    import uuid

    if multiplier > 1:
        publish_matrix_change(
            section,
            lambda cell: (
                cell + [{**e, "id": str(uuid.uuid4())} for e in cell for _ in range(multiplier - 1)]
            ),
        )
        section.refresh_from_db()


class _FormReader(HTMLParser):
    """The fields of a page's POST forms as a browser would send them (no button)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.current = {"fields": [], "checkboxes": []}
            self.forms.append(self.current)
        elif tag == "textarea" and self.current is not None:
            self.textarea = [attrs.get("name"), ""]
        elif tag == "input" and self.current is not None:
            kind, name = attrs.get("type", "text"), attrs.get("name")
            if not name or kind in ("submit", "button"):
                return
            if kind == "checkbox":
                self.current["checkboxes"].append(name)
                if "checked" in attrs:
                    self.current["fields"].append((name, attrs.get("value") or "on"))
            else:
                self.current["fields"].append((name, attrs.get("value") or ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.current["fields"].append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.current = None


def page_form(html):
    """(fields, checkbox names) of the page's main POST form (the one with checkboxes, else
    the first), as loaded in a browser."""
    reader = _FormReader()
    reader.feed(html)
    form = next((f for f in reader.forms if f["checkboxes"]), reader.forms[0])
    return dict(form["fields"]), form["checkboxes"]
