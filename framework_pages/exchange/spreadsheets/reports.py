"""What an import preview says per row: new, changed, unchanged or wrong, and why."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ...limits import ITEM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, too_long_message


@dataclass
class RowReport:
    """One row of a preview: status new / changed / unchanged / error."""

    number: int
    status: str
    identificatie: str = ""
    text: str = ""
    where: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    ORDER = {"error": 0, "new": 1, "changed": 1, "unchanged": 2}

    @property
    def sort_key(self):
        return (self.ORDER[self.status], self.number)


@dataclass
class Preview:
    rows: list

    @property
    def has_errors(self):
        return any(r.status == "error" for r in self.rows)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self):
        return {s: self.count(s) for s in ("new", "changed", "unchanged", "error")}

    @property
    def sorted_rows(self):
        """Errors first, then what will change, then the unchanged rows."""
        return sorted(self.rows, key=lambda r: r.sort_key)


def text_problems(text, note=""):
    """Why a text (and its note) cannot be stored, in Dutch; empty when it can."""
    problems = []
    if "\x00" in text or "\x00" in note:
        problems.append(_("De tekst of notitie bevat een NUL-teken; haal het weg."))
    if len(text) > ITEM_TEXT_MAX_LENGTH:
        problems.append(too_long_message(len(text), ITEM_TEXT_MAX_LENGTH))
    if len(note) > NOTE_MAX_LENGTH:
        problems.append(
            _("De notitie: %(problem)s") % {"problem": too_long_message(len(note), NOTE_MAX_LENGTH)}
        )
    return problems
