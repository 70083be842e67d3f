"""Property-based tests of the edition import: a mutated edition document is either refused
with problems that each say where and why, or imported; never another exception, and a
refused import changes nothing.
"""

import copy
import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from wagtail.models import Page

from framework_pages.exchange.document import dumps, export_edition, without_timestamp
from framework_pages.exchange.importing import import_edition
from framework_pages.exchange.parsing import parse
from framework_pages.exchange.problems import DocumentError

from ..framework_pages.factories import import_state

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=30)  # the rest: the profile in tests/conftest.py


# Storable text: not blank, no NUL (PostgreSQL stores none; validation refuses it).
VALID_TEXT = st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=200).filter(
    str.strip
)


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def exported(edition):
    """The 2025 edition as its document (as export_edition writes it)."""
    return export_edition(edition)


# --- mutations -----------------------------------------------------------------------------


def paths(node, prefix=()):
    """Every path (tuple of keys/indexes) into a JSON value, the root excluded."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*prefix, index))
            found.extend(paths(value, (*prefix, index)))
    return found


def uids(node):
    return [
        value
        for path in paths(node)
        if path[-1] in ("uid", "id", "area", "competentie")
        and isinstance(value := get(node, path), str)
    ]


def get(node, path):
    for key in path:
        node = node[key]
    return node


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def other_type(value):
    """The same content as another JSON type."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return ""


@st.composite
def mutation(draw, document):
    """Change the document in place at one random place; returns a description."""
    path = draw(st.sampled_from(paths(document)))
    parent, key = get(document, path[:-1]), path[-1]
    value = parent[key]
    how = draw(
        st.sampled_from(
            [
                "drop",
                "retype",
                "random",
                "duplicate uid",
                "unknown uid",
                "bad uid",
                "extra key",
                "long",
                "swap uids",
            ]
        )
    )
    if how == "drop":
        del parent[key]
    elif how == "retype":
        parent[key] = other_type(value)
    elif how == "random":
        parent[key] = draw(json_values)
    elif how == "duplicate uid":
        parent[key] = draw(st.sampled_from(uids(document)))
    elif how == "unknown uid":
        parent[key] = str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1))))
    elif how == "bad uid":
        good = draw(st.sampled_from(uids(document)))
        parent[key] = draw(
            st.sampled_from(
                [good.upper(), good[:-1], good + " ", f"{{{good}}}", good.replace("-", "")]
            )
        )
    elif how == "swap uids":  # two identities trade places: pages of another type, moves
        places = [p for p in paths(document) if p[-1] in ("uid", "id")]
        first, second = draw(st.sampled_from(places)), draw(st.sampled_from(places))
        a, b = get(document, first[:-1]), get(document, second[:-1])
        a[first[-1]], b[second[-1]] = b[second[-1]], a[first[-1]]
    elif how == "long":
        parent[key] = draw(st.sampled_from(["x", "ü", " ", "-"])) * draw(st.integers(1, 300))
    else:  # an unknown key next to the value
        container = parent if isinstance(parent, dict) else value
        if isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return f"{how} at {path}"


@st.composite
def mutated_documents(draw, exported):
    document = copy.deepcopy(exported)
    for _ in range(draw(st.integers(1, 3))):
        event(draw(mutation(document)).split(" at ")[0])
    return document


def outcome(name):
    if currently_in_test_context():
        event(name)


def assert_clear_refusal(exc):
    assert exc.problems, "a DocumentError without problems"
    for problem in exc.problems:
        assert isinstance(problem.where, str) and problem.where.strip(), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem


def import_or_refusal(document, **kwargs):
    """The ImportResult, or None after checking the refusal is clear and changed nothing."""
    before = import_state()
    try:
        result = import_edition(document, **kwargs)
    except DocumentError as exc:
        assert_clear_refusal(exc)
        assert import_state() == before, "a refused import changed the database"
        outcome("refused")
        return None
    outcome("imported")
    return result


# --- properties ----------------------------------------------------------------------------


@FAST
@given(data=st.data())
def test_a_mutated_document_is_refused_clearly_or_imported(exported, data):
    document = data.draw(mutated_documents(exported))
    before = import_state()
    with transaction.atomic():
        # A dry run never writes, whatever the outcome.
        import_or_refusal(document, dry_run=True)
        assert import_state() == before
        result = import_or_refusal(document, publish=data.draw(st.booleans()))
        if result is not None:
            # Exactly the document was written: importing it again changes nothing.
            again = import_edition(document)
            assert again.changes == [], again.changes
        transaction.set_rollback(True)


@settings(FAST, max_examples=8)
@given(data=st.data())
def test_a_document_with_valid_text_edits_is_imported_exactly(edition, exported, data):
    """Edits that stay valid: after the import, the export is the edited document."""
    document = copy.deepcopy(exported)
    texts = [
        p
        for p in paths(document)
        if p[-1] in ("text", "title", "name") and isinstance(get(document, p), str)
    ]
    for path in data.draw(st.lists(st.sampled_from(texts), min_size=1, max_size=5, unique=True)):
        new = data.draw(VALID_TEXT)
        get(document, path[:-1])[path[-1]] = new
    with transaction.atomic():
        result = import_edition(document)
        assert not result.created and result.changes
        assert without_timestamp(export_edition(fresh(edition))) == without_timestamp(document)
        transaction.set_rollback(True)


def test_a_taakgebied_moved_to_another_hoofdtaak_changes_nothing(edition, exported):
    """Documented: an import never moves a page. The moved taakgebied stays where it was,
    and nothing else is written either (no half-done move)."""
    document = copy.deepcopy(exported)
    hoofdtaken = [s for s in document["sections"] if s["type"] == "hoofdtaak"]
    moved = hoofdtaken[0]["taakgebieden"].pop()
    hoofdtaken[1]["taakgebieden"].append(moved)
    before = import_state()
    with transaction.atomic():
        result = import_or_refusal(document)
        if result is not None:
            assert import_state() == before
            assert without_timestamp(export_edition(fresh(edition))) == without_timestamp(exported)
        transaction.set_rollback(True)


def test_a_new_edition_reusing_page_uids_of_another_edition(exported):
    """A new edition (new uid, label, slug) that keeps the 2025 page uids: imported or refused."""
    document = copy.deepcopy(exported)
    document["edition"].update(uid=str(uuid.uuid4()), label="2099", slug="editie-2099")
    document["edition"]["status"] = "concept"  # imported as a draft, not yet published
    with transaction.atomic():
        result = import_or_refusal(document)
        if result is not None:
            assert result.created
            assert without_timestamp(export_edition(result.edition)) == without_timestamp(document)
        transaction.set_rollback(True)


@FAST
@given(
    content=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"", b"null", b"[]", b"{}", b"\xef\xbb\xbf{}", b'"x"', b"1e999"]),
    )
)
def test_random_bytes_are_refused_clearly(content):
    before = import_state()
    try:
        document = parse(content)
    except DocumentError as exc:
        assert_clear_refusal(exc)
    else:
        with pytest.raises(DocumentError) as refused:
            import_edition(document, dry_run=True)
        assert_clear_refusal(refused.value)
    assert import_state() == before


@settings(FAST, max_examples=15)
@given(data=st.data())
def test_the_command_refuses_with_a_command_error_or_imports(exported, tmp_path, data):
    document = data.draw(mutated_documents(exported))
    text = dumps(document).encode("utf-8")
    content = data.draw(
        st.one_of(
            st.just(text),
            st.integers(0, len(text)).map(lambda n: text[:n]),  # a cut-off file
            st.binary(max_size=50).map(lambda junk: text[:100] + junk + text[100:]),
        )
    )
    path = tmp_path / "editie.json"
    path.write_bytes(content)
    before = import_state()
    out = io.StringIO()
    try:
        call_command("import_framework", str(path), "--dry-run", stdout=out)
    except CommandError as exc:
        assert "er is niets gewijzigd" in str(exc)
        event("refused")
    else:
        assert "Proefimport" in out.getvalue()
        event("imported")
    assert import_state() == before


def test_the_unchanged_export_imports_with_no_changes(exported):
    """The baseline the mutations start from is itself valid and changes nothing."""
    before = import_state()
    result = import_edition(json.loads(dumps(exported)))
    assert result.changes == []
    assert import_state() == before


# --- documents the schema accepts but the database may not ------------------------------------


def _hoofdtaak(document, number):
    return next(s for s in document["sections"] if s["number"] == number)


def edited(exported, change):
    document = copy.deepcopy(exported)
    change(document)
    return document


LONG_LINE_CASES = {
    "$.edition.label": lambda d: d["edition"].update(label="L" * 51),
    "$.competentiegebieden[0].name": lambda d: d["competentiegebieden"][0].update(name="N" * 201),
}


@pytest.mark.parametrize("where", LONG_LINE_CASES)
def test_a_line_longer_than_its_database_field_is_refused_at_its_place(exported, where):
    """The schema allows 255 characters; the edition label (50) and area name (200) less."""
    document = edited(exported, LONG_LINE_CASES[where])
    before = import_state()
    with pytest.raises(DocumentError) as refused:
        import_edition(document)
    assert_clear_refusal(refused.value)
    assert [p.where for p in refused.value.problems] == [where]
    assert "Te lang" in refused.value.problems[0].message
    assert import_state() == before


def _slug_of_a_left_out_sibling(document):
    """Leave taakgebied 2.6 out of the document and give 2.5 its slug."""
    taakgebieden = _hoofdtaak(document, "2")["taakgebieden"]
    left_out = taakgebieden.pop()
    taakgebieden[-1]["slug"] = left_out["slug"]


def _new_page_with_a_taken_slug(document):
    """A new taakgebied (new uid) under hoofdtaak 2 with the slug of a page left out."""
    taakgebieden = _hoofdtaak(document, "2")["taakgebieden"]
    left_out = taakgebieden.pop()
    copied = copy.deepcopy(left_out)
    copied["uid"] = str(uuid.uuid4())
    copied["number"] = "2.9"
    for path in paths(copied["body"]):
        if path[-1] == "id":
            get(copied["body"], path[:-1])["id"] = str(uuid.uuid4())
    taakgebieden.append(copied)


SLUG_CASES = {
    "existing page takes a left-out sibling's slug": _slug_of_a_left_out_sibling,
    "new page takes a left-out sibling's slug": _new_page_with_a_taken_slug,
}


@pytest.mark.parametrize("case", SLUG_CASES)
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_slug_taken_by_a_page_outside_the_document_is_refused_clearly(exported, case, dry_run):
    """Validation sees only the document; the taken slug is found on saving, and refused."""
    document = edited(exported, SLUG_CASES[case])
    before = import_state()
    with pytest.raises(DocumentError) as refused:
        import_edition(document, dry_run=dry_run)
    assert_clear_refusal(refused.value)
    assert "volgende-stap-helpen-zetten" in str(refused.value)
    assert "Taakgebied" in refused.value.problems[0].where
    assert import_state() == before


FREE_TEXT = {"text", "title", "name", "note", "notes", "html", "intro", "outro", "label"}


@FAST
@given(data=st.data())
def test_a_nul_character_in_any_text_is_refused_at_its_place(exported, data):
    """PostgreSQL stores no NUL in text or JSON: refused by validation, at the right place."""
    document = copy.deepcopy(exported)
    texts = [p for p in paths(document) if isinstance(get(document, p), str)]
    path = data.draw(st.sampled_from(texts))
    parent = get(document, path[:-1])
    parent[path[-1]] = data.draw(st.sampled_from(["\x00", "a\x00b", parent[path[-1]] + "\x00"]))
    before = import_state()
    with pytest.raises(DocumentError) as refused:
        import_edition(document, dry_run=True)
    assert_clear_refusal(refused.value)
    if path[-1] in FREE_TEXT:  # elsewhere the schema refuses first (pattern, type)
        place = "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
        assert place in [p.where for p in refused.value.problems]
    assert import_state() == before


def _swap_uids(first, second):
    first["uid"], second["uid"] = second["uid"], first["uid"]


PAGE_TYPE_CASES = {
    "hoofdtaak and taakgebied swap uids": lambda d: _swap_uids(
        _hoofdtaak(d, "2"), _hoofdtaak(d, "2")["taakgebieden"][0]
    ),
    "grondhouding and taakgebied swap uids": lambda d: _swap_uids(
        _hoofdtaak(d, "1"), _hoofdtaak(d, "2")["taakgebieden"][0]
    ),
    "edition uid given to a hoofdtaak": lambda d: _hoofdtaak(d, "3").update(
        uid=d["edition"]["uid"]
    ),
}


@pytest.mark.parametrize("case", PAGE_TYPE_CASES)
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_uid_of_a_page_of_another_type_is_refused(exported, case, dry_run):
    """Found by the properties: a taakgebied's uid on a hoofdtaak raised AttributeError."""
    document = edited(exported, PAGE_TYPE_CASES[case])
    before = import_state()
    with pytest.raises(DocumentError) as refused:
        import_edition(document, dry_run=dry_run)
    assert_clear_refusal(refused.value)
    assert all(p.where.startswith("$.sections[") for p in refused.value.problems)
    assert import_state() == before
