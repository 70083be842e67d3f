"""StreamField blocks of a section page: intro, kerntaken, task matrix and competencies.

Every list item gets a UUID from Wagtail's ListBlock; that id is the item's stable identity,
used by the self-assessment, the edition document and the comparisons. Never reuse an id for
a different item.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import yesno
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.list_block import ListBlockAdapter, ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockAdapter, StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .limits import item_text_validators, note_validators
from .vocabulary import (
    AANVULLEND,
    BASIS,
    KIND_LABELS,
    KINDS,
    LEVEL_LABELS,
    LEVELS,
    QUADRANTS,
    TACTISCH_STRATEGISCH,
    UITVOEREND,
)

# Competencies fetched once for a whole list of CompetentieChoiceBlocks (see below).
_prefetched_competencies = ContextVar("prefetched_competencies", default=None)
# The hidden input of the page editor holding the page's edition (models.pages.SectionBodyPanel).
CHOOSER_EDITION_ID = "competentie-kiezer-editie"
# The edition of the page being validated (``validation_edition``), for CompetentiesBlock.
_validation_edition = ContextVar("validation_edition", default=None)


@contextmanager
def validation_edition(edition):
    """Validate competency choices against ``edition`` (the page form's) in this block."""
    token = _validation_edition.set(edition)
    try:
        yield
    finally:
        _validation_edition.reset(token)


def _choice_error(problems):
    """The error of one CompetentieChoiceBlock: on its chooser or on sub-competency n."""
    errors = {}
    children = {}
    for where, error in problems.items():
        if where == "competentie":
            errors["competentie"] = error
        else:
            children[where[1]] = error
    if children:
        errors["children"] = ListBlockValidationError(block_errors=children)
    return StructBlockValidationError(block_errors=errors)


NOTE_HELP = _(
    "Redactionele notitie, alleen zichtbaar voor redacteuren: waarom de tekst of de plaats "
    "afwijkt van de bron, of wat nog besloten moet worden."
)


class YesNoBlock(blocks.BooleanBlock):
    """A checkbox whose value reads "ja" or "nee" where Wagtail shows blocks as text (the
    comparison of two revisions), not "True"/"False". Stored and migrated as a BooleanBlock."""

    canonical_module_path = "wagtail.blocks.BooleanBlock"

    def render_basic(self, value, context=None):
        return yesno(value)


class WithoutNoteInSearch:
    """A block with an editorial ``note``: the note is for editors only, so it is left out of
    the block's searchable content (what Wagtail's search index holds of the body)."""

    def get_searchable_content(self, value):
        return [
            content
            for name, block in self.child_blocks.items()
            if name != "note"
            for content in block.get_searchable_content(value.get(name))
        ]


def note_block(**kwargs):
    kwargs.setdefault("label", _("Redactionele notitie"))
    kwargs.setdefault("help_text", NOTE_HELP)
    return blocks.TextBlock(required=False, validators=note_validators(), **kwargs)


class TaskItemBlock(WithoutNoteInSearch, blocks.StructBlock):
    """One task: its text is the one-line summary of the collapsed task in the editor; the
    note waits behind the task's settings button."""

    text = blocks.TextBlock(label=_("Taak"), validators=item_text_validators())
    note = note_block()

    class Meta:
        icon = "tick-inverse"
        label = _("Taak")
        label_format = "{text}"
        form_layout = blocks.BlockGroup(children=["text"], settings=["note"])
        template = "blocks/task_item.html"
        preview_value = {"text": "Geeft uitleg over wat vrijwilligers doen binnen een organisatie"}


# The editor's matrix: four cells (ListBlocks) in two rows. task-matrix.js lets a task move
# to another cell with its id (Wagtail's own arrows and drag move it within a cell), and lays
# the rows out as the grid; the cell a list is, is read from its form prefix (…-level-kind).
# Plain paths: Media resolves them with static() when rendered. Resolved at import, production's
# manifest storage refused to start (no manifest yet: django.setup() before collectstatic).
MATRIX_MEDIA = forms.Media(
    js=["framework_pages/js/task-matrix.js"],
    css={"all": ["framework_pages/css/task-matrix.css"]},
)


class TaskCellBlock(blocks.ListBlock):
    """One cell of the task matrix: its tasks, collapsed to their text in the editor."""

    def __init__(self, **kwargs):
        kwargs.setdefault("collapsed", True)
        super().__init__(TaskItemBlock(), min_num=0, **kwargs)


class TaskCellBlockAdapter(ListBlockAdapter):
    js_constructor = "framework_pages.blocks.TaskCellBlock"

    def js_args(self, block):
        name, child, child_state, meta = super().js_args(block)
        meta["cells"] = [[key.replace(":", "-"), str(label)] for key, label in QUADRANTS]
        meta["moveLabel"] = str(_("Verplaats naar een ander vak"))
        meta["moveChoose"] = str(_("Verplaats naar…"))
        meta["movedMessage"] = str(_("‘%(task)s’ is hierheen verplaatst, naar %(cell)s."))
        return [name, child, child_state, meta]

    @cached_property
    def media(self):
        return super().media + MATRIX_MEDIA


register(TaskCellBlockAdapter(), TaskCellBlock)


class MatrixRowBlock(blocks.StructBlock):
    """A row of the matrix (a level): its two cells side by side, without a panel of its own."""

    basis = TaskCellBlock(label=KIND_LABELS[BASIS])
    aanvullend = TaskCellBlock(label=KIND_LABELS[AANVULLEND])

    class Meta:
        icon = "list-ul"
        form_classname = "matrix-row"
        form_template = "framework_pages/admin/matrix_row_form.html"


class MatrixRowBlockAdapter(StructBlockAdapter):
    js_constructor = "framework_pages.blocks.MatrixRowBlock"

    @cached_property
    def media(self):
        return super().media + MATRIX_MEDIA


register(MatrixRowBlockAdapter(), MatrixRowBlock)


class TaskMatrixBlock(WithoutNoteInSearch, blocks.StructBlock):
    """The 2 × 2 matrix of checkbox tasks: level (row) × kind (column)."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context.update(levels=LEVELS, kinds=KINDS)
        return context

    def get_comparison_class(self):
        from .compare import TaskMatrixComparison

        return TaskMatrixComparison

    uitvoerend = MatrixRowBlock(label=LEVEL_LABELS[UITVOEREND])
    tactisch_strategisch = MatrixRowBlock(label=LEVEL_LABELS[TACTISCH_STRATEGISCH])
    note = note_block(
        label=_("Redactionele notitie bij de matrix"),
        help_text=_(
            "Bijvoorbeeld waarom een taak in deze kolom staat: de bron las per rij eerst de "
            "linker- en dan de rechterkolom, de grens is een redactionele keuze."
        ),
    )

    class Meta:
        icon = "table"
        label = _("Takenmatrix")
        template = "blocks/task_matrix.html"
        form_classname = "task-matrix"
        form_layout = blocks.BlockGroup(
            children=["uitvoerend", "tactisch_strategisch"], settings=["note"]
        )
        help_text = _(
            "Basistaken kan elke coördinator aanvinken, aanvullende taken vragen ervaring. "
            "Elke taak wordt in de zelfscan een vinkje ‘van toepassing’. Open een taak om haar "
            "te wijzigen of te verplaatsen: ‘Verplaats naar…’ zet haar in een ander vak, de "
            "pijlen binnen het vak. Een verplaatste taak blijft dezelfde taak, ook voor "
            "ingevulde zelfscans."
        )
        preview_value = {
            "uitvoerend": {
                "basis": [{"text": "Vertelt over de missie van de organisatie aan inwoners"}],
                "aanvullend": [
                    {"text": "Identificeert mogelijkheden om de organisatie te promoten"}
                ],
            },
            "tactisch_strategisch": {
                "basis": [{"text": "Levert een bijdrage aan promotie-activiteiten"}],
                "aanvullend": [{"text": "Analyseert en stimuleert diversiteit in beleid"}],
            },
        }


class KerntaakSubItemBlock(WithoutNoteInSearch, blocks.StructBlock):
    text = blocks.TextBlock(label=_("Onderdeel"), validators=item_text_validators())
    assessable = YesNoBlock(
        required=False,
        label=_("Aanvinkbaar in de zelfscan"),
        help_text=_("Aan als de bron hier een selectievakje heeft."),
    )
    note = note_block()

    class Meta:
        icon = "tick"
        label = _("Onderdeel")
        form_layout = blocks.BlockGroup(children=["text", "assessable"], settings=["note"])


class KerntaakBlock(WithoutNoteInSearch, blocks.StructBlock):
    text = blocks.TextBlock(label=_("Kerntaak"), validators=item_text_validators())
    assessable = YesNoBlock(
        required=False,
        label=_("Aanvinkbaar in de zelfscan"),
        help_text=_("Aan als de bron hier een selectievakje heeft; uit voor een opsommingsteken."),
    )
    note = note_block()
    children = blocks.ListBlock(
        KerntaakSubItemBlock(),
        required=False,
        label=_("Onderdelen"),
        help_text=_("Alleen als de kerntaak eindigt op een dubbele punt en onderdelen opsomt."),
    )

    class Meta:
        icon = "pick"
        label = _("Kerntaak")
        form_layout = blocks.BlockGroup(
            children=["text", "assessable", "children"], settings=["note"]
        )


class KerntakenBlock(blocks.StructBlock):
    intro = blocks.CharBlock(
        label=_("Inleidende zin"),
        default="Kerntaken zijn dan ook:",
        help_text=_("De zin boven de lijst, bijvoorbeeld ‘Kerntaken voor de coördinator zijn:’."),
    )
    items = blocks.ListBlock(KerntaakBlock(), label=_("Kerntaken"))
    outro = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic"],
        label=_("Tekst na de lijst"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Kerntaken")
        template = "blocks/kerntaken.html"
        preview_value = {
            "intro": "Kerntaken zijn dan ook:",
            "items": [{"text": "Zichtbaar maken van de waarde van de organisatie", "children": []}],
        }


class CompetentieChooserBlock(SnippetChooserBlock):
    """A competency with its area; served from the list's prefetch when there is one."""

    def __init__(self, **kwargs):
        super().__init__("framework_pages.Competentie", **kwargs)

    @cached_property
    def widget(self):
        # Lists only the page's edition: the editor form has its edition in this input.
        widget = super().widget
        widget.linked_fields = {"editie": f"#{CHOOSER_EDITION_ID}"}
        return widget

    def bulk_to_python(self, values):
        known = _prefetched_competencies.get() or {}
        missing = [pk for pk in values if pk is not None and pk not in known]
        if missing:
            known = {**known, **self.model_class.objects.select_related("area").in_bulk(missing)}
        return [known.get(pk) for pk in values]


class CompetentieChoiceBlock(blocks.StructBlock):
    competentie = CompetentieChooserBlock(
        label=_("Competentie"),
        help_text=_("Kies een competentie van deze editie; een wijziging ervan geldt overal."),
    )
    # Empty by default: a new choice comes without a sub-competency chooser to fill in.
    children = blocks.ListBlock(
        CompetentieChooserBlock(label=_("Deelcompetentie")),
        required=False,
        default=[],
        label=_("Deelcompetenties"),
        help_text=_("Alleen als deze competentie eindigt op een dubbele punt en onderdelen heeft."),
    )

    class Meta:
        icon = "user"
        label = _("Competentie")

    def bulk_to_python(self, values):
        # Wagtail would ask once for the competencies and once for the sub-competencies
        # (and the areas once more): one query for all of them.
        Competentie = self.child_blocks["competentie"].model_class
        pks = set()
        for value in values:
            pks.add(value.get("competentie"))
            for child in value.get("children") or []:
                pks.add(child.get("value") if isinstance(child, dict) else child)
        pks.discard(None)
        found = Competentie.objects.select_related("area").in_bulk(pks) if pks else {}
        token = _prefetched_competencies.set(found)
        try:
            return super().bulk_to_python(values)
        finally:
            _prefetched_competencies.reset(token)


class CompetentiesBlock(blocks.StructBlock):
    """‘Bijbehorende competenties’: shown grouped by competentiegebied, in the areas' order.

    A competency chosen twice (also as a sub-competency), or one of another edition than the
    page's (``validation_edition``, set by the page form), is refused on the choice itself.
    """

    items = blocks.ListBlock(CompetentieChoiceBlock(), label=_("Competenties"))

    def clean(self, value):
        value = super().clean(value)
        edition = _validation_edition.get()
        seen = {}  # competency pk -> number of the choice where it first stands
        errors = {}
        for index, choice in enumerate(value["items"]):
            problems = {}
            chosen = [("competentie", choice["competentie"])]
            chosen += [(("children", n), child) for n, child in enumerate(choice["children"])]
            for where, competentie in chosen:
                if competentie is None:
                    continue
                if edition is not None and competentie.edition_id != edition.pk:
                    message = _(
                        "‘%(text)s’ hoort bij een andere editie; kies een competentie van "
                        "editie %(label)s."
                    ) % {"text": competentie.text, "label": edition.edition_label}
                elif competentie.pk in seen:
                    message = _(
                        "‘%(text)s’ staat al bij competentie %(number)s; kies elke competentie "
                        "één keer."
                    ) % {"text": competentie.text, "number": seen[competentie.pk]}
                else:
                    seen[competentie.pk] = index + 1
                    continue
                problems[where] = ValidationError(message)
            if problems:
                errors[index] = _choice_error(problems)
        if errors:
            raise StructBlockValidationError(
                block_errors={"items": ListBlockValidationError(block_errors=errors)}
            )
        return value

    def get_context(self, value, parent_context=None):
        # The template groups the competencies by area (framework_tags.competency_groups).
        context = super().get_context(value, parent_context)
        edition = (parent_context or {}).get("edition_page")
        context["competency_base_url"] = f"{edition.url}competenties/" if edition else "#"
        return context

    class Meta:
        icon = "group"
        label = _("Bijbehorende competenties")
        template = "blocks/competenties.html"
        help_text = _(
            "Kies de competenties die bij dit taakgebied horen. Ze worden automatisch per "
            "competentiegebied gegroepeerd. Elke competentie wordt in de zelfscan ‘beheers ik’."
        )


class SectionBodyBlock(blocks.StreamBlock):
    intro = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"],
        label=_("Tekst"),
        icon="pilcrow",
        template="blocks/intro.html",
    )
    kerntaken = KerntakenBlock()
    task_matrix = TaskMatrixBlock()
    competenties = CompetentiesBlock()

    class Meta:
        block_counts = {
            "kerntaken": {"max_num": 1},
            "task_matrix": {"max_num": 1},
            "competenties": {"max_num": 1},
        }
