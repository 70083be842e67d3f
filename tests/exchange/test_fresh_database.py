"""An edition document imported into a freshly migrated database, nothing else run first.

``migrate`` then ``import_framework FILE`` makes the site and its home page (as
``load_initial_data`` does) and the edition under it; exporting it again gives the same
document. Runs the commands as an operator would, in their own processes, on a throwaway
SQLite file (or PostgreSQL database when the suite runs against PostgreSQL).
"""

import json
import os
import secrets
from contextlib import ExitStack

import pytest

from bench import scaleout
from bench.server import manage
from framework_pages.exchange.document import dumps, export_edition, without_timestamp


def fresh_env(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="portal.settings")
    env.pop("REDIS_URL", None)  # a cache of its own: nothing shared with the suite
    return env


@pytest.fixture
def fresh_database(tmp_path):
    with ExitStack() as stack:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            name = f"portal_fresh_{secrets.token_hex(4)}"
            scaleout.create_database(name)
            stack.callback(scaleout.drop_database, name)
            yield fresh_env(scaleout.database_urls(name))
        else:
            yield fresh_env(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


def test_export_fresh_database_import_export_gives_the_same_document(
    edition, tmp_path, fresh_database
):
    exported = export_edition(edition)
    source = tmp_path / "editie.json"
    source.write_text(dumps(exported), encoding="utf-8")

    manage(fresh_database, "migrate", "--noinput", "-v0")
    manage(fresh_database, "import_framework", str(source), "--publish")
    again = tmp_path / "opnieuw.json"
    manage(
        fresh_database, "export_framework", "--edition", exported["edition"]["label"],
        "--output", str(again),
    )  # fmt: skip

    assert without_timestamp(json.loads(again.read_text(encoding="utf-8"))) == without_timestamp(
        exported
    )
    # The site answers with the home page above the edition, as after load_initial_data.
    pages = manage(
        fresh_database,
        "shell",
        "-v0",
        "-c",
        "from wagtail.models import Site; s = Site.objects.get(is_default_site=True); "
        "print(type(s.root_page.specific).__name__, s.root_page.get_children().count())",
    )
    assert pages.split() == ["HomePage", "1"]
