"""Issue 6's page-weight budget: a task-area page with its CSS and JS under 100 KB uncompressed."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
BUDGET = 100 * 1024


def test_task_area_page_with_its_assets_stays_under_100_kb(client, section):
    html = client.get(section.url).content.decode()
    assets = re.findall(r'<(?:link[^>]+href|script[^>]+src)="/static/([^"]+)"', html)
    assert any(a.endswith(".css") for a in assets)
    sizes = {"page": len(html.encode())}
    for asset in assets:
        path = finders.find(asset)
        assert path, f"{asset} is linked but not found"
        with open(path, "rb") as file:
            sizes[asset] = len(file.read())
    print(f"page weight of {section.url}: {sizes} = {sum(sizes.values())} bytes")
    assert sum(sizes.values()) < BUDGET
