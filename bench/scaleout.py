"""PostgreSQL + Redis: a throwaway database, and the checks that two app servers share state."""

import re
import secrets
from html.parser import HTMLParser

from .measure_django import step_form
from .server import BenchError
from .web import Session, csrf_input

ADMIN_DB_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def database_urls(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def create_database(name):
    import psycopg

    try:
        with psycopg.connect(ADMIN_DB_URL, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise BenchError(
            f"Geen PostgreSQL op 127.0.0.1:5432 voor --scale-out (gebruiker postgres): {exc}"
        ) from exc


def drop_database(name):
    import psycopg

    with psycopg.connect(ADMIN_DB_URL, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis_prefix(redis_url, prefix):
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=10)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    return len(keys)


class FormFields(HTMLParser):
    """The fields a browser would submit from one form (by id): inputs, textareas, selects."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select, self._selected = attrs["name"], False
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
            self._selected = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def check_resume(a, b, section_id):
    """Start on server A, save step 1 on server B, see the ticks when reopening on A."""
    browser_a, browser_b = Session(a), Session(b)
    browser_b.cookies = browser_a.cookies  # one browser; the proxy sends it to either server
    status, _, html = browser_a.get("/zelfscan/")
    status, headers, _ = browser_a.post(
        "/zelfscan/", [("csrfmiddlewaretoken", csrf_input(html)), ("scope", section_id)]
    )
    location = headers.get("Location", "")
    if status != 302 or "/zelfscan/" not in location:
        return False, f"starten op A gaf status {status}"
    overview = "/" + location.split("://", 1)[-1].split("/", 1)[-1].lstrip("/")
    step = overview + "stap/1/"
    status, _, html = browser_b.get(step)
    if status != 200:
        return False, f"stap 1 op B gaf status {status}"
    fields = step_form(html, csrf_input(html), ticks=3)
    ticked = [name for name, _ in fields if name.startswith("i-")]
    status, _, body = browser_b.post(step, fields, {"X-Requested-With": "fetch"})
    if status != 200 or '"saved": true' not in body:
        return False, f"opslaan op B gaf status {status}"
    status, _, html = browser_a.get(step)
    missing = [n for n in ticked if not re.search(rf'name="{n}"\s+checked', html)]
    if status != 200 or missing:
        return False, f"op A ontbreken {len(missing)} van {len(ticked)} vinkjes"
    return True, f"gestart op A, {len(ticked)} vinkjes opgeslagen op B, teruggezien op A"


def check_publish(a, b, username, password, page_id, page_path, edition_path):
    """An editor publishes a new title on A; B serves it on the page and the edition overview."""
    reader = Session(b)
    for path in (page_path, edition_path):  # B has served (and cached) the old version
        reader.get(path)
    editor = Session(a)
    status, _, html = editor.get("/admin/login/")
    status, _, _ = editor.post(
        "/admin/login/",
        [
            ("csrfmiddlewaretoken", csrf_input(html)),
            ("username", username),
            ("password", password),
            ("next", "/admin/"),
        ],
    )
    if status != 302:
        return False, f"inloggen op A gaf status {status}"
    edit = f"/admin/pages/{page_id}/edit/"
    status, _, html = editor.get(edit)
    if status != 200:
        return False, f"bewerkpagina op A gaf status {status}"
    fields = form_fields(html, "page-edit-form")
    title = next((v for k, v in fields if k == "title"), None)
    if title is None:
        return False, "geen titelveld in het bewerkformulier"
    new_title = f"{title} (bench {secrets.token_hex(3)})"
    fields = [(k, new_title if k == "title" else v) for k, v in fields]
    status, _, _ = editor.post(edit, [*fields, ("action-publish", "action-publish")])
    if status != 302:
        return False, f"publiceren op A gaf status {status}"
    # The very next request on B, no retries: a stale cache would show the old title.
    seen = [new_title in reader.get(p)[2] for p in (page_path, edition_path)]
    if not all(seen):
        return False, "B toont de nieuwe titel niet (pagina, overzicht): " + str(seen)
    shared = Session(b)
    shared.cookies = editor.cookies
    status, _, _ = shared.get("/admin/")
    if status != 200:
        return False, f"de sessie van A geldt niet op B (beheer gaf status {status})"
    return True, (
        "titel gepubliceerd op A, bij het eerstvolgende verzoek zichtbaar op B (pagina en "
        "editie-overzicht); de inlogsessie van A geldt op B"
    )
