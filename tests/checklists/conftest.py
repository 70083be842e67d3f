import re

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
