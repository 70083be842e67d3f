"""The framework's own words for where an item stands: levels, kinds, item types, quadrants.

One place for the keys the content, the self-assessment and every export use, and for their
Dutch labels (translatable). Blocks, items, results, statistics, comparison, CASE and the
edition document all read them from here.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

UITVOEREND, TACTISCH_STRATEGISCH = "uitvoerend", "tactisch_strategisch"
BASIS, AANVULLEND = "basis", "aanvullend"

# Rows and columns of the task matrix, in the source's order.
LEVELS = (
    (UITVOEREND, _("Uitvoerend niveau")),
    (TACTISCH_STRATEGISCH, _("Tactisch en strategisch niveau")),
)
KINDS = (
    (BASIS, _("Basistaken")),
    (AANVULLEND, _("Aanvullende taken")),
)
LEVEL_KEYS = tuple(key for key, _label in LEVELS)
KIND_KEYS = tuple(key for key, _label in KINDS)
LEVEL_LABELS = dict(LEVELS)
KIND_LABELS = dict(KINDS)

TASK, KERNTAAK, COMPETENTIE = "task", "kerntaak", "competentie"
ITEM_TYPES = (
    (TASK, _("Taak")),
    (KERNTAAK, _("Kerntaak")),
    (COMPETENTIE, _("Competentie")),
)
ITEM_TYPE_LABELS = dict(ITEM_TYPES)


def quadrant_key(level, kind):
    return f"{level}:{kind}"


def quadrant_label(level, kind):
    """ "Uitvoerend niveau — Basistaken"; unknown keys are shown as they are."""
    return format_lazy("{} — {}", LEVEL_LABELS.get(level, level), KIND_LABELS.get(kind, kind))


# The four cells of the matrix in reading order: (key, "Uitvoerend niveau — Basistaken").
QUADRANTS = tuple(
    (quadrant_key(level, kind), quadrant_label(level, kind))
    for level in LEVEL_KEYS
    for kind in KIND_KEYS
)
