"""Why an edition document cannot be imported: problems, each with its place.

A problem's ``where`` is a JSON path (``$.sections[1].taakgebieden[2].body[2].uitvoerend.basis[2]``)
or, for a file that could not be read, words (``regel 3, kolom 23``). ``place_in_words`` says
the same place as an editor knows it: "Taakgebied 2.3 Matchen › Uitvoerend niveau — Basistaken
› taak 3".
"""

import re
from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..vocabulary import KIND_LABELS, LEVEL_LABELS, quadrant_label


class DocumentError(Exception):
    """The document cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems):
        problems = unique(problems)
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


def unique(problems):
    """The problems in their order, each (place and message) once."""
    seen = set()
    result = []
    for problem in problems:
        if (problem.where, problem.message) not in seen:
            seen.add((problem.where, problem.message))
            result.append(problem)
    return result


# --------------------------------------------------------------------------------------------
# A JSON path in words

SECTION_KINDS = {
    "grondhouding": gettext_lazy("Grondhouding"),
    "hoofdtaak": gettext_lazy("Hoofdtaak"),
    "taakgebied": gettext_lazy("Taakgebied"),
}
BLOCK_LABELS = {
    "intro": gettext_lazy("Inleiding"),
    "kerntaken": gettext_lazy("Kerntaken"),
    "task_matrix": gettext_lazy("Takenmatrix"),
    "competenties": gettext_lazy("Bijbehorende competenties"),
}
# What an item in a list is called, by the list's key and the block it is in.
ITEM_WORDS = {
    ("kerntaken", "items"): gettext_lazy("kerntaak %(n)s"),
    ("kerntaken", "children"): gettext_lazy("onderdeel %(n)s"),
    ("competenties", "items"): gettext_lazy("competentie %(n)s"),
    ("competenties", "children"): gettext_lazy("subcompetentie %(n)s"),
    ("task_matrix", "cell"): gettext_lazy("taak %(n)s"),
    ("task_matrix", "items"): gettext_lazy("taak %(n)s"),
}
FIELD_WORDS = {
    "uid": gettext_lazy("identificatie"),
    "id": gettext_lazy("identificatie"),
    "text": gettext_lazy("tekst"),
    "title": gettext_lazy("titel"),
    "number": gettext_lazy("nummer"),
    "slug": gettext_lazy("webadres (slug)"),
    "label": gettext_lazy("label"),
    "status": gettext_lazy("status"),
    "intro": gettext_lazy("inleiding"),
    "outro": gettext_lazy("slottekst"),
    "html": gettext_lazy("tekst"),
    "note": gettext_lazy("redactionele notitie"),
    "notes": gettext_lazy("redactionele notities"),
    "name": gettext_lazy("naam"),
    "area": gettext_lazy("competentiegebied"),
    "competentie": gettext_lazy("gekozen competentie"),
    "assessable": gettext_lazy("aanvinkbaar"),
    "type": gettext_lazy("soort"),
    "body": gettext_lazy("inhoud"),
    "level": gettext_lazy("niveau"),
    "kind": gettext_lazy("soort taak"),
    "format": gettext_lazy("formaat"),
    "format_version": gettext_lazy("formaatversie"),
    "exported_at": gettext_lazy("exportdatum"),
    "sections": gettext_lazy("onderdelen"),
    "taakgebieden": gettext_lazy("taakgebieden"),
    "competenties": gettext_lazy("competenties"),
    "competentiegebieden": gettext_lazy("competentiegebieden"),
}
LISTS = ("sections", "taakgebieden", "body", "items", "children", "competenties")
LISTS += ("competentiegebieden",)
STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _steps(where):
    """'$.a[1].b' → ['a', 1, 'b'], or None when ``where`` is no JSON path."""
    if not where.startswith("$"):
        return None
    steps, pos = [], 1
    while pos < len(where):
        match = STEP.match(where, pos)
        if match is None:
            return None
        steps.append(match[1] if match[1] is not None else int(match[2]))
        pos = match.end()
    return steps


def _get(value, key):
    try:
        return value[key]
    except (KeyError, IndexError, TypeError):
        return None


def _short(text):
    return Truncator(" ".join(str(text).split())).chars(60) if text else ""


def _section_words(section, fallback):
    if not isinstance(section, dict):
        return fallback
    kind = SECTION_KINDS.get(section.get("type"), _("Onderdeel"))
    name = " ".join(str(section.get(k, "")) for k in ("number", "title") if section.get(k))
    return f"{kind} {name}".strip() if name else fallback


def place_in_words(document, where):
    """Where ``where`` points in ``document``, in words an editor knows; "" when it is no
    JSON path or names only the whole document. Works on any document, however broken."""
    steps = _steps(where)
    if not steps:
        return ""
    words = []  # the words so far; a section replaces the one it is in
    value, parent_key, block_type = document, None, None
    for i, step in enumerate(steps):
        child = _get(value, step)
        if isinstance(step, int):
            n = step + 1
            if parent_key in ("sections", "taakgebieden"):
                words = [_section_words(child, _("onderdeel %(n)s") % {"n": n})]
            elif parent_key == "body":
                block_type = _get(child, "type")
                words.append(BLOCK_LABELS.get(block_type) or _("blok %(n)s") % {"n": n})
            elif parent_key == "competenties" and block_type is None:
                text = _short(_get(child, "text"))
                label = _("Competentie %(n)s") % {"n": n}
                words = [f"{label} ‘{text}’" if text else label]
            elif parent_key == "competentiegebieden":
                name = _short(_get(child, "name"))
                label = _("Competentiegebied %(n)s") % {"n": n}
                words = [f"{label} ‘{name}’" if name else label]
            else:
                in_cell = block_type == "task_matrix" and parent_key in KIND_LABELS
                template = ITEM_WORDS.get((block_type, "cell" if in_cell else parent_key))
                if block_type == "task_matrix" and {"level", "kind"} <= set(child or ()):
                    words.append(str(quadrant_label(child["level"], child["kind"])))
                words.append(str(template or _("onderdeel %(n)s")) % {"n": n})
        elif step == "edition" and i == 0:
            words = [_("Editie")]
        elif block_type == "task_matrix" and step in LEVEL_LABELS:
            kind = steps[i + 1] if i + 1 < len(steps) and isinstance(steps[i + 1], str) else None
            if kind is None:
                words.append(str(LEVEL_LABELS[step]))
        elif block_type == "task_matrix" and parent_key in LEVEL_LABELS:
            if words and words[-1] == BLOCK_LABELS["task_matrix"]:
                words.pop()  # the cell says it is the matrix
            words.append(str(quadrant_label(parent_key, step)))
        elif step in LISTS and i < len(steps) - 1:
            pass  # the next step names the item in the list
        else:
            words.append(str(FIELD_WORDS.get(step, step)))
        parent_key, value = step, child
    return " › ".join(str(w) for w in words)
