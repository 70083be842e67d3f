"""Read an uploaded edition document: bytes → JSON, within limits, or a readable refusal.

Sizes are checked before anything is parsed (``portal.uploads``), and the parsed structure
may not grow far beyond its bytes, so a small file cannot become a huge structure in memory.
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.uploads import TooLarge, check_size

from .problems import DocumentError, Problem

# A parsed document may not grow far beyond its bytes: the 2025 edition has 748 arrays and
# objects, nests 11 deep and has some 170 kB. Counted on the text before parsing, so an upper bound.
MAX_DOCUMENT_CONTAINERS = 100_000
MAX_DOCUMENT_VALUES = 500_000
MAX_DOCUMENT_DEPTH = 32


# Python's JSON decoder says what it expected in English; by the start of its message, in Dutch.
DECODER_MESSAGES = (
    (
        "Expecting value",
        gettext_lazy("hier wordt een waarde verwacht (tekst, getal, lijst of object)"),
    ),
    (
        "Expecting property name enclosed in double quotes",
        gettext_lazy(
            "hier wordt een veldnaam tussen dubbele aanhalingstekens verwacht "
            "(staat er een komma te veel voor een ‘}’?)"
        ),
    ),
    ("Expecting ':' delimiter", gettext_lazy("hier wordt een dubbele punt (:) verwacht")),
    (
        "Expecting ',' delimiter",
        gettext_lazy("hier wordt een komma verwacht, of het einde van de lijst of het object"),
    ),
    (
        "Unterminated string",
        gettext_lazy('een tekst die hier begint, wordt niet afgesloten met ‘"’'),
    ),
    (
        "Invalid control character",
        gettext_lazy(
            "een tekst bevat hier een teken dat niet mag, zoals een tab of een regeleinde"
        ),
    ),
    (
        "Invalid \\uXXXX escape",
        gettext_lazy("een ‘\\u’ moet door vier hexadecimale cijfers gevolgd worden"),
    ),
    (
        "Invalid \\escape",
        gettext_lazy("een ‘\\’ in een tekst wordt hier gevolgd door een ongeldig teken"),
    ),
    ("Extra data", gettext_lazy("na het einde van het document staat nog meer")),
    ("Illegal trailing comma", gettext_lazy("hier staat een komma te veel voor het einde")),
)


def decoder_message(msg):
    """Python's JSONDecodeError.msg in Dutch."""
    for start, dutch in DECODER_MESSAGES:
        if msg.startswith(start):
            return str(dutch)
    return _("de tekst is hier geen JSON")


def _refused(message, where=None):
    return DocumentError([Problem(where or _("bestand"), message)])


def _too_deep():
    return _refused(
        _("Het document is dieper genest dan %(max)s niveaus.") % {"max": MAX_DOCUMENT_DEPTH}
    )


def _check_shape(document):
    """DocumentError when the parsed document nests deeper than MAX_DOCUMENT_DEPTH."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DOCUMENT_DEPTH:
                raise _too_deep()
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return document


def parse(data):
    """bytes or str → document, or DocumentError with a readable reason."""
    try:
        check_size(len(data))
    except TooLarge as exc:
        raise _refused(str(exc)) from exc
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _refused(
                _("Het bestand is geen UTF-8-tekst (byte %(pos)s).") % {"pos": exc.start}
            ) from exc
    if data.count("[") + data.count("{") > MAX_DOCUMENT_CONTAINERS or (
        data.count(",") > MAX_DOCUMENT_VALUES
    ):
        raise _refused(
            _(
                "Het document bevat veel meer lijsten, objecten of waarden dan een editie "
                "kan hebben; het wordt niet gelezen."
            )
        )
    try:
        return _check_shape(json.loads(data))
    except RecursionError as exc:
        raise _too_deep() from exc
    except json.JSONDecodeError as exc:
        raise _refused(
            _("Dit is geen geldige JSON: %(msg)s.") % {"msg": decoder_message(exc.msg)},
            _("regel %(line)s, kolom %(col)s") % {"line": exc.lineno, "col": exc.colno},
        ) from exc
    except ValueError as exc:
        # Python refuses integers of more than 4300 digits (int_max_str_digits).
        raise _refused(
            _("Het document bevat een getal dat te lang is om te lezen; een editie heeft er geen.")
        ) from exc
