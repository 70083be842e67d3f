"""Build the self-assessment form of one section from its items (cf. wagtail.contrib.forms).

Field names carry the item's uid, never a label or position: ``i-<uid>-c`` is the tick
(van toepassing / beheers ik), ``i-<uid>-o`` the ontwikkelpunt.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from framework_pages.vocabulary import COMPETENTIE

ITEM_FIELD = re.compile(r"^i-(?P<uid>[0-9a-f-]{36})-(?P<what>[co])$")


def field_names(item):
    return f"i-{item.uid}-c", f"i-{item.uid}-o"


def check_known_items(data, known):
    """Refuse a POST that names items this step does not show (tampered or outdated)."""
    unknown = [key for key in data if key.startswith("i-") and key not in known]
    if unknown:
        raise forms.ValidationError(
            _(
                "Dit formulier bevat %(count)s onderdeel/onderdelen die niet in deze stap "
                "van de zelfscan staan. Er is niets opgeslagen. Laad de pagina opnieuw en "
                "vink opnieuw aan."
            ),
            code="unknown_items",
            params={"count": len(unknown)},
        )


def posted_answers(items, data):
    """{uid: (checked, development)} straight from POST data, as ChecklistForm would clean
    it, without building a form field per item: the autosave runs this on every tick.
    Raises ValidationError like the form does."""
    names = {name: item for item in items for name in field_names(item)}
    check_known_items(data, names)
    widget, tick = forms.CheckboxInput(), forms.BooleanField(required=False)
    return {
        item.uid: tuple(
            tick.clean(widget.value_from_datadict(data, None, name)) for name in field_names(item)
        )
        for item in items
    }


class ChecklistForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, items, *args, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        answers = answers or {}
        for item in items:
            checked, development = field_names(item)
            answer = answers.get(item.uid)
            label = _("Beheers ik") if item.type == COMPETENTIE else _("Van toepassing")
            self.fields[checked] = forms.BooleanField(
                required=False, label=label, initial=bool(answer and answer.checked)
            )
            self.fields[development] = forms.BooleanField(
                required=False,
                label=_("Ontwikkelpunt"),
                initial=bool(answer and answer.development),
            )

    def clean(self):
        cleaned = super().clean()
        check_known_items(self.data, self.fields)
        return cleaned

    def rows(self):
        """(item, tick field, development field) per item, for the template."""
        for item in self.items:
            checked, development = field_names(item)
            yield item, self[checked], self[development]

    def answers(self):
        """{uid: (checked, development)} from valid data."""
        return {
            item.uid: (
                self.cleaned_data[field_names(item)[0]],
                self.cleaned_data[field_names(item)[1]],
            )
            for item in self.items
        }


class StartForm(forms.Form):
    scope = forms.IntegerField(
        label=_("Wat wil je invullen?"),
        error_messages={
            "required": _("Kies wat je wilt invullen."),
            "invalid": _("Kies een onderdeel uit de lijst."),
        },
    )


class PlanItemForm(forms.Form):
    note = forms.CharField(
        label=_("Eigen notitie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date = forms.DateField(
        label=_("Streefdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-06-30.")},
    )


class CompareForm(forms.Form):
    link = forms.CharField(
        label=_("Link of code van je eerdere zelfscan"),
        max_length=300,
        error_messages={"required": _("Plak de link van je eerdere zelfscan.")},
    )

    def token(self):
        value = self.cleaned_data["link"].strip().rstrip("/")
        return value.rsplit("/", 1)[-1]
