"""Property-based tests: arbitrary POST bodies for a self-assessment step never cause a 500,
and never a partial write (the answers are unchanged, or exactly the posted ticks are stored).
"""

import json
from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from hypothesis import event, given, settings
from hypothesis import strategies as st

from checklists.forms import field_names
from checklists.models import Answer, SelfAssessment, hash_token
from framework_pages.items import section_items

from .conftest import tick_data

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=50)  # the rest: the profile in tests/conftest.py
# Unknown uid of the right shape, and a malformed one.
UNKNOWN_UID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def filled(client, section, start_assessment):
    """An assessment of 2.3 with some answers already saved: (token, assessment, item names)."""
    token = start_assessment(section)
    items = section_items(section)
    data = tick_data(
        section,
        checked={i.uid for i in items[::3]},
        development={i.uid for i in items[1::4]},
    )
    assert client.post(f"/zelfscan/{token}/stap/1/", {**data, "save": ""}).status_code == 302
    assessment = SelfAssessment.objects.get(token_hash=hash_token(token))
    names = [name for item in items for name in field_names(item)]
    return token, assessment, names


def snapshot(assessment):
    return sorted(
        Answer.objects.filter(assessment=assessment).values_list(
            "item_uid", "checked", "development", "text", "section_uid"
        )
    )


def posted_bool(query, name):
    """How a checkbox reads: absent, empty or 'false' is off, anything else is on."""
    if name not in query:
        return False
    value = query[name]  # the last value when a key is repeated
    return value != "" and value.lower() != "false"


# --- strategies ----------------------------------------------------------------------------

junk_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10).map(lambda s: s + "\x00"),
    st.just("x" * 20_000),
    st.sampled_from(["", "on", "off", "0", "false", "FALSE", "true", "1", "\x00", " "]),
)


@st.composite
def revision_values(draw, section):
    other = section.get_prev_sibling().specific
    live = section.live_revision_id
    return draw(
        st.one_of(
            st.sampled_from(
                [
                    str(live),
                    f" {live} ",
                    str(other.live_revision_id),
                    "0",
                    "-1",
                    "9" * 30,
                    "9" * 5000,
                    f"{live}\x00",
                    f"{live}.5",
                    "",
                    "null",
                ]
            ),
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            junk_text,
        )
    )


@st.composite
def step_bodies(draw, section, names):
    """A list of (key, value) pairs: valid keys, tampered keys, junk, a revision or none."""
    valid_key = st.sampled_from(names)
    tampered_key = st.one_of(
        valid_key.map(lambda n: n.upper()),
        valid_key.map(lambda n: n[:-1] + "x"),
        valid_key.map(lambda n: n + " "),
        valid_key.map(lambda n: n.replace("-", "", 1)),
        st.sampled_from([f"i-{UNKNOWN_UID}-c", f"i-{UNKNOWN_UID}-o", "i-", "i-\x00", "i-x-c"]),
    )
    key = st.one_of(
        valid_key,
        valid_key,
        tampered_key,
        st.text(max_size=20),
        st.sampled_from(["save", "next", "csrfmiddlewaretoken", "revision"]),
    )
    value = st.one_of(st.just("on"), junk_text)
    pairs = draw(st.lists(st.tuples(key, value), max_size=25))
    if draw(st.booleans()):
        pairs.insert(0, ("revision", draw(revision_values(section))))
    return pairs


def encode(pairs, raw_tail):
    """An application/x-www-form-urlencoded body, possibly with bytes that are not UTF-8."""
    parts = [
        f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}="
        f"{quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in pairs
    ]
    body = "&".join(parts).encode("ascii")
    if raw_tail:
        body += b"&" + raw_tail
    return body


raw_tails = st.one_of(
    st.just(b""),
    st.binary(max_size=40),
    st.sampled_from([b"%FF%FE=on", b"i-%FF=on", b"revision=%C0%AF", b"\xff\xfe=\x80"]),
)


def post_step(http, token, body, fetch):
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    return http.post(
        f"/zelfscan/{token}/stap/1/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def check_outcome(response, before, assessment, section, body, fetch):
    status = response.status_code
    assert status < 500, response.content[:500]
    after = snapshot(assessment)
    success = (fetch and status == 200) or (not fetch and status == 302)
    event(f"status {status}")
    if not success:
        assert 400 <= status < 500, status
        assert after == before, "a refused post changed the stored answers"
        if fetch:
            data = json.loads(response.content)
            assert data["saved"] is False
            assert data["errors"] and all(data["errors"]), data
        else:
            html = response.content.decode()
            # The step names what is wrong; a number too long to read ("9" * 5000) is refused
            # before the step reads anything, with the Dutch 400 page and its reason.
            refused_early = "Het formulier is niet verwerkt" in html and "cijfers" in html
            assert "message--error" in html or refused_early, "no error shown"
        return
    if fetch:
        assert json.loads(response.content)["saved"] is True
    query = QueryDict(body, encoding="utf-8")
    items = section_items(section)
    expected = {
        (
            item.uid,
            posted_bool(query, field_names(item)[0]),
            posted_bool(query, field_names(item)[1]),
        )
        for item in items
    }
    stored = {(str(uid), checked, dev) for uid, checked, dev, _text, _s in after}
    # Every item of the step stored exactly as posted; nothing else of this step changed.
    assert expected <= stored
    assert len(after) == len(before)  # the fixture already stored a row per item
    untouched_before = {row for row in before if str(row[0]) not in {i.uid for i in items}}
    untouched_after = {row for row in after if str(row[0]) not in {i.uid for i in items}}
    assert untouched_before == untouched_after


@FAST
@given(data=st.data(), raw_tail=raw_tails, fetch=st.booleans())
def test_arbitrary_step_posts_never_fail_nor_write_partly(
    client, section, filled, data, raw_tail, fetch
):
    token, assessment, names = filled
    pairs = data.draw(step_bodies(section, names))
    body = encode(pairs, raw_tail)
    with transaction.atomic():
        before = snapshot(assessment)
        response = post_step(client, token, body, fetch)
        check_outcome(response, before, assessment, section, body, fetch)
        transaction.set_rollback(True)


@pytest.mark.parametrize("fetch", [False, True])
def test_a_revision_too_long_to_read_is_refused_with_its_reason(client, filled, fetch):
    # The example Hypothesis found in a CI run: the Dutch 400 page, or JSON for the script.
    token, assessment, _names = filled
    body = encode([("revision", "9" * 5000)], b"")
    before = snapshot(assessment)
    response = post_step(client, token, body, fetch)
    assert response.status_code == 400
    assert snapshot(assessment) == before
    if fetch:
        assert "cijfers" in json.loads(response.content)["errors"][0]
    else:
        html = response.content.decode()
        assert "Het formulier is niet verwerkt" in html and "cijfers" in html


@FAST
@given(data=st.data(), fetch=st.booleans())
def test_posts_with_the_live_revision_store_exactly_the_valid_ticks(
    client, section, filled, data, fetch
):
    """Only valid keys and the right revision: always a success, stored exactly as posted."""
    token, assessment, names = filled
    pairs = [("revision", str(section.live_revision_id))] + data.draw(
        st.lists(st.tuples(st.sampled_from(names), junk_text), max_size=40)
    )
    body = encode(pairs, b"")
    with transaction.atomic():
        before = snapshot(assessment)
        response = post_step(client, token, body, fetch)
        assert response.status_code == (200 if fetch else 302), response.content[:300]
        check_outcome(response, before, assessment, section, body, fetch)
        transaction.set_rollback(True)


def test_a_huge_body_or_too_many_fields_is_refused_cleanly(client, section, filled):
    token, assessment, names = filled
    before = snapshot(assessment)
    many = encode([("revision", str(section.live_revision_id))], b"")
    many += b"".join(b"&k%d=on" % n for n in range(10_050))
    response = post_step(client, token, many, fetch=False)
    assert 400 <= response.status_code < 500
    huge = encode([("revision", str(section.live_revision_id)), (names[0], "x" * 3_000_000)], b"")
    response = post_step(client, token, huge, fetch=True)
    assert 400 <= response.status_code < 500
    assert snapshot(assessment) == before


def test_a_post_without_csrf_token_is_refused_and_nothing_saved(section, filled):
    token, assessment, names = filled
    before = snapshot(assessment)
    strict = Client(enforce_csrf_checks=True)
    data = tick_data(section, checked={i.uid for i in section_items(section)})
    response = strict.post(f"/zelfscan/{token}/stap/1/", {**data, "save": ""})
    assert response.status_code == 403
    response = strict.post(
        f"/zelfscan/{token}/stap/1/", data, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 403
    assert snapshot(assessment) == before
