"""Requests that carry a number too long to read are refused with the Dutch 400 answer.

Python refuses to convert a string of more than ``sys.get_int_max_str_digits()`` (4300)
digits to an integer (a ``ValueError``, against a denial of service), and so does every
``int()`` and ``json.loads`` behind a form, a JSON field (the page editor's rich text is
JSON), a query string or a URL: deep inside Wagtail and Django that surfaced as a 500. This
middleware looks once, before any view, at the path, the query string, the form fields (not
uploaded files: the edition document's parser refuses such a number with its own message) and
a JSON body, and refuses a request with a run of digits longer than Python reads. No text of
the portal has one.
"""

import re
import sys

from django.utils.translation import gettext as _

from .bad_request import refused

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
JSON_TYPES = ("application/json",)


def _too_long():
    return re.compile(rf"\d{{{sys.get_int_max_str_digits() + 1},}}")


def carries_long_number(request):
    """True when the path, query, form fields or JSON body hold a run of digits that
    Python would refuse to read as an integer."""
    pattern = _too_long()
    if pattern.search(request.path) or pattern.search(request.META.get("QUERY_STRING", "")):
        return True
    if request.method != "POST":
        return False
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        # Reading POST here is what CSRF protection does next anyway; limits still apply.
        return any(pattern.search(value) for values in request.POST.lists() for value in values[1])
    if content_type in JSON_TYPES:
        return bool(pattern.search(request.body.decode("utf-8", "replace")))
    return False


class LongNumberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_long_number(request):
            reason = _(
                "Er stond een getal in van meer dan %(max)s cijfers; zo'n getal kan het portaal "
                "niet lezen, en geen tekst of invoer van het portaal heeft er een."
            ) % {"max": sys.get_int_max_str_digits()}
            return refused(request, reason)
        return self.get_response(request)
