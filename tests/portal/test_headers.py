"""Security headers on a public page, a checklist page and the admin login page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_page_has_the_strict_policy(client, section):
    response = client.get(section.url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # And the page keeps to it: no inline script, no style attributes.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


def test_checklist_page_is_private_and_strict(client, edition):
    response = client.post("/zelfscan/", {"scope": edition.pk})
    step = client.get(response["Location"] + "stap/1/")
    assert step.status_code == 200
    csp = policy(step)
    assert csp["script-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert step["Cache-Control"] == "private, no-store"
    # same-origin, not no-referrer: see docs/security.md (CSRF and Origin: null).
    assert step["Referrer-Policy"] == "same-origin"
    assert step["X-Content-Type-Options"] == "nosniff"
    assert '<script src="/static/js/checklist.js"' in step.content.decode()


def test_admin_login_has_its_own_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = policy(response)
    # Wagtail's admin needs inline scripts and styles, and frames its own previews.
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_page_preview_may_be_framed_by_the_admin_only(rf, section):
    # Wagtail renders a preview through the middleware with a dummy request for the public URL;
    # the admin shows it in a same-origin frame, so it must not carry frame-ancestors 'none'.
    response = section.make_preview_request(rf.get("/admin/"))
    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert policy(response)["script-src"] == ["'self'"]  # otherwise the public policy
    # A real request for the same page keeps the strict policy.
    from django.test import Client

    assert policy(Client().get(section.url))["frame-ancestors"] == ["'none'"]
