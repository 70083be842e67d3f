"""Build the self-assessment form of one section from its items (cf. wagtail.contrib.forms).

Field names carry the item's uid, never a label or position: ``i-<uid>-c`` is the tick
(van toepassing / beheers ik), ``i-<uid>-o`` the ontwikkelpunt. What the two checkboxes say
is a ``Labels``: the coordinator's, the manager's (about the coordinator), or another use of
the same builder (a role profile: "hoort bij deze functie").

A step page renders many rows on every request, so each item's row is rendered once per
published content and labels (``item_rows``) with markers where a person's ticks go, and
filled in per request (``fill_row``).
"""

import re
from dataclasses import dataclass

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from framework_pages.vocabulary import COMPETENTIE

ITEM_FIELD = re.compile(r"^i-(?P<uid>[0-9a-f-]{36})-(?P<what>[co])$")
ROW_TEMPLATE = "checklists/_item_row.html"
# Where a row's ticks go: HTML comments, which no escaped item text can contain.
TICK_MARK, DEVELOPMENT_MARK = "<!--c-->", "<!--o-->"


@dataclass(frozen=True)
class Labels:
    """What the two checkboxes of an item say, and how the step addresses the person."""

    task: str  # the tick of a task or kerntaak
    competency: str  # the tick of a competency
    development: str

    def tick(self, item):
        return self.competency if item.type == COMPETENTIE else self.task


COORDINATOR_LABELS = Labels(_("Van toepassing"), _("Beheers ik"), _("Ontwikkelpunt"))
# The manager fills in the same scan about the coordinator.
MANAGER_LABELS = Labels(_("Van toepassing"), _("Beheerst de coördinator"), _("Ontwikkelpunt"))


# A role profile asks one thing per item, what the position asks: no development point.
PROFILE_LABELS = Labels(_("Hoort bij deze functie"), _("Nodig voor deze functie"), "")


def labels_for(role):
    return {"manager": MANAGER_LABELS, "profile": PROFILE_LABELS}.get(role, COORDINATOR_LABELS)


def field_names(item):
    return f"i-{item.uid}-c", f"i-{item.uid}-o"


def item_rows(items, labels):
    """{uid: the row's HTML with TICK_MARK and DEVELOPMENT_MARK where the ticks go}."""
    return {
        item.uid: render_to_string(
            ROW_TEMPLATE,
            {
                "item": item,
                "index": index,  # its place in ``encode_state``
                "tick_label": labels.tick(item),
                "development_label": labels.development,
                "tick_mark": mark_safe(TICK_MARK),
                "development_mark": mark_safe(DEVELOPMENT_MARK),
            },
        )
        for index, item in enumerate(items)
    }


def fill_row(row, checked, development):
    """A row from ``item_rows`` with this person's ticks."""
    return mark_safe(
        row.replace(TICK_MARK, " checked" if checked else "", 1).replace(
            DEVELOPMENT_MARK, " checked" if development else "", 1
        )
    )


def encode_state(items, answers):
    """The ticks a form shows, one digit per item (checked + 2 × development), in item order:
    sent back with the form so that a save writes only what the person changed."""
    return "".join(str(int(c) + 2 * int(d)) for c, d in (answers[item.uid] for item in items))


def decode_state(items, text):
    """{uid: (checked, development)} from ``encode_state``; None when it does not fit."""
    if not isinstance(text, str) or len(text) != len(items) or text.strip("0123"):
        return None
    return {
        item.uid: (int(code) & 1 == 1, int(code) & 2 == 2)
        for item, code in zip(items, text, strict=True)
    }


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
    """The same fields as a Django form (one field per checkbox), for code that wants bound
    fields; the step page itself renders ``item_rows`` and reads ``posted_answers``."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, items, *args, answers=None, labels=COORDINATOR_LABELS, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        answers = answers or {}
        for item in items:
            checked, development = field_names(item)
            answer = answers.get(item.uid)
            self.fields[checked] = forms.BooleanField(
                required=False, label=labels.tick(item), initial=bool(answer and answer.checked)
            )
            self.fields[development] = forms.BooleanField(
                required=False,
                label=labels.development,
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
    """One development point of the plan: what, how, who helps, by when.

    ``loaded`` carries what the page showed (JSON), so that a save writes only what was
    changed here and a change made meanwhile in another tab is not overwritten
    (``plans.save_plan``).
    """

    note = forms.CharField(
        label=_("Wat wil je bereiken?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    how = forms.CharField(
        label=_("Hoe ga je dat doen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support = forms.CharField(label=_("Wie helpt je daarbij?"), required=False, max_length=500)
    date = forms.DateField(
        label=_("Streefdatum"),
        required=False,
        # A date input shows only ISO dates (2026-06-30); the Dutch default format 30-06-2026
        # would show it empty, and the next save would erase the date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-06-30.")},
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)


class CompareForm(forms.Form):
    link = forms.CharField(
        label=_("Link van je eerdere zelfscan"),
        max_length=300,
        error_messages={
            "required": _("Plak de link van je eerdere zelfscan."),
            "max_length": _("Dit is langer dan een link van een zelfscan. Plak alleen de link."),
        },
    )

    def path_parts(self):
        """The link's path segments after /zelfscan/ (a bare token is one segment)."""
        value = self.cleaned_data["link"].strip()
        path = value.split("?", 1)[0].split("#", 1)[0]
        if "/zelfscan/" in path:
            path = path.split("/zelfscan/", 1)[1]
        return [part for part in path.split("/") if part]

    def is_invitation(self):
        parts = self.path_parts()
        return len(parts) >= 2 and parts[0] == "uitnodiging"

    def token(self):
        parts = self.path_parts()
        return parts[0] if parts else ""


# Characters a Word document cannot hold (XML 1.0 allows tab, newline and return only).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(
            _(
                "Deze tekst bevat een onzichtbaar stuurteken. Typ hem opnieuw in plaats van te plakken."
            ),
            code="control_character",
        )


class ProfileForm(StartForm):
    """A new role profile: the position's title, an optional organisation, and its scope."""

    field_order = ["title", "organisation", "scope"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].label = _("Welk deel van het beroepsprofiel beschrijft de functie?")
        for name in ("title", "organisation"):  # they go into the .docx job description
            self.fields[name].validators.append(no_control_characters)

    title = forms.CharField(
        label=_("Titel van de functie"),
        widget=forms.TextInput(attrs={"class": "text-input"}),
        max_length=150,
        help_text=_("Bijvoorbeeld ‘Coördinator vrijwilligers zorg en welzijn’."),
        error_messages={
            "required": _("Geef de functie een titel, zodat coördinatoren weten welke het is."),
            "max_length": _("Een functietitel is ten hoogste 150 tekens lang."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisatie (niet verplicht)"),
        widget=forms.TextInput(attrs={"class": "text-input"}),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Een organisatienaam is ten hoogste 150 tekens lang.")},
    )


class ConsentForm(forms.Form):
    """Whether a connected scan counts in the profile owner's team view, and under what name."""

    consent = forms.BooleanField(
        label=_("Ja, tel mijn zelfscan mee in het teamoverzicht van dit functieprofiel"),
        required=False,
        help_text=_(
            "De eigenaar van het functieprofiel ziet dan per taak en per competentie of je die "
            "doet of beheerst, onder de naam die je hieronder kiest; verder niets. Je kunt dit "
            "altijd intrekken. Zonder toestemming telt je zelfscan nergens mee."
        ),
    )
    name = forms.CharField(
        label=_("Naam in het teamoverzicht"),
        widget=forms.TextInput(attrs={"class": "text-input"}),
        max_length=50,
        required=False,
        help_text=_("Een voornaam of bijnaam is genoeg."),
        error_messages={"max_length": _("Een naam is ten hoogste 50 tekens lang.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") and not cleaned.get("name", "").strip():
            self.add_error(
                "name", _("Kies een naam waaronder je meetelt, of vink de toestemming uit.")
            )
        return cleaned


class ConnectForm(ConsentForm):
    """Connecting a scan to a role profile later, by its share code or link."""

    code = forms.CharField(
        label=_("Code of link van het functieprofiel"),
        widget=forms.TextInput(attrs={"class": "text-input"}),
        max_length=300,
        error_messages={
            "required": _("Plak de code of de link van het functieprofiel."),
            "max_length": _(
                "Dit is langer dan een code van een functieprofiel. Plak alleen de code of de link."
            ),
        },
    )
    field_order = ["code", "consent", "name"]

    def share_token(self):
        """The code itself, or the last path segment of a pasted share link."""
        value = self.cleaned_data["code"].strip().split("?", 1)[0].split("#", 1)[0]
        parts = [part for part in value.split("/") if part]
        return parts[-1] if parts else ""
