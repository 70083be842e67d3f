"""Abuse limits: failed admin logins lock (django-axes), creating things is rate limited."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings

from checklists.models import SelfAssessment

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-2025"


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("redacteur-test", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Redacteur"))
    return user


def log_in(client, password, username="redacteur-test", ip="192.0.2.10"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_sixth_attempt_is_refused_in_dutch_even_with_the_right_password(client, editor):
    for _ in range(4):
        assert log_in(client, "fout").status_code == 200  # the login form again, with its error
    # The fifth failure locks: the answer is already the lockout page.
    assert log_in(client, "fout").status_code == 429
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "te vaak een verkeerd wachtwoord" in html
    assert "15 minuten geblokkeerd" in html
    assert client.get("/admin/").status_code == 302  # not logged in
    # From another address the username stays locked: the lock is on the account too.
    assert log_in(client, PASSWORD, ip="198.51.100.7").status_code == 429


def test_right_password_before_the_limit_logs_in(client, editor):
    for _ in range(4):
        log_in(client, "fout")
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_lock_ends_after_the_cool_off(client, editor):
    from axes.models import AccessAttempt, AccessAttemptExpiration

    for _ in range(5):
        log_in(client, "fout")
    assert log_in(client, PASSWORD).status_code == 429
    # 16 minutes later.
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=16)
        )
    for expiration in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=expiration.pk).update(
            expires_at=expiration.expires_at - timedelta(minutes=16)
        )
    assert log_in(client, PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_locked(client, editor):
    for number in range(5):
        log_in(client, "fout", username=f"gok{number}", ip="203.0.113.5")
    assert log_in(client, PASSWORD, ip="203.0.113.5").status_code == 429
    assert log_in(client, PASSWORD, ip="203.0.113.6").status_code == 302


@override_settings(RATE_LIMITS={"assessment": (3, 3600), "invite": (2, 3600)})
def test_creating_self_assessments_is_limited_per_client(client, edition):
    for _ in range(3):
        assert (
            client.post("/zelfscan/", {"scope": edition.pk}, REMOTE_ADDR="192.0.2.1").status_code
            == 302
        )
    before = SelfAssessment.objects.count()
    response = client.post("/zelfscan/", {"scope": edition.pk}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert "al heel vaak een zelfscan aangemaakt" in response.content.decode()
    assert "Er is niets aangemaakt" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert SelfAssessment.objects.count() == before
    # Reading the start page is not limited; another client can still start.
    assert client.get("/zelfscan/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert (
        client.post("/zelfscan/", {"scope": edition.pk}, REMOTE_ADDR="192.0.2.2").status_code == 302
    )
    assert SelfAssessment.objects.count() == before + 1


@override_settings(RATE_LIMITS={"assessment": (20, 3600), "invite": (2, 3600)})
def test_invites_and_manager_copies_are_limited_per_client(client, edition):
    token = client.post("/zelfscan/", {"scope": edition.pk})["Location"].split("/")[2]
    first = client.post(f"/zelfscan/{token}/uitnodigen/", REMOTE_ADDR="192.0.2.1")
    invite = first.context["link"].rstrip("/").rsplit("/", 1)[-1]
    assert (
        client.post(f"/zelfscan/uitnodiging/{invite}/", REMOTE_ADDR="192.0.2.1").status_code == 302
    )
    before = SelfAssessment.objects.filter(role=SelfAssessment.Role.MANAGER).count()
    refused = client.post(f"/zelfscan/uitnodiging/{invite}/", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert "uitnodiging" in refused.content.decode()
    assert SelfAssessment.objects.filter(role=SelfAssessment.Role.MANAGER).count() == before
    assert client.post(f"/zelfscan/{token}/uitnodigen/", REMOTE_ADDR="192.0.2.1").status_code == 429
    fresh = client.post(f"/zelfscan/{token}/uitnodigen/", REMOTE_ADDR="192.0.2.9")
    assert fresh.status_code == 200
    # Opening a (new, unused) invitation is still possible; the limit is only on creating.
    fresh_invite = fresh.context["link"].rstrip("/").rsplit("/", 1)[-1]
    assert (
        client.get(f"/zelfscan/uitnodiging/{fresh_invite}/", REMOTE_ADDR="192.0.2.1").status_code
        == 200
    )


@override_settings(
    AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    RATE_LIMITS={"assessment": (1, 3600), "invite": (1, 3600)},
)
def test_behind_a_proxy_clients_are_told_apart_by_forwarded_address(client, edition):
    def start(forwarded):
        return client.post(
            "/zelfscan/",
            {"scope": edition.pk},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert start("198.51.100.1") == 302
    assert start("198.51.100.1") == 429
    assert start("198.51.100.2") == 302
