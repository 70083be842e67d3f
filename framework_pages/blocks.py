"""StreamField blocks of a section page: intro, kerntaken, task matrix and competencies.

Every list item gets a UUID from Wagtail's ListBlock; that id is the item's stable identity,
used by the self-assessment, the edition document and the comparisons. Never reuse an id for
a different item.
"""

from contextvars import ContextVar

from django.template.defaultfilters import yesno
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .vocabulary import AANVULLEND, BASIS, KINDS, LEVELS, TACTISCH_STRATEGISCH, UITVOEREND

# Competencies fetched once for a whole list of CompetentieChoiceBlocks (see below).
_prefetched_competencies = ContextVar("prefetched_competencies", default=None)

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


class TaskItemBlock(WithoutNoteInSearch, blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Taak"),
        help_text=_("De taak zoals coördinatoren haar lezen en aanvinken, in één zin."),
    )
    note = blocks.TextBlock(required=False, label=_("Redactionele notitie"), help_text=NOTE_HELP)

    class Meta:
        icon = "tick-inverse"
        label = _("Taak")
        template = "blocks/task_item.html"
        preview_value = {"text": "Geeft uitleg over wat vrijwilligers doen binnen een organisatie"}


def task_list(label, help_text):
    return blocks.ListBlock(
        TaskItemBlock(), label=label, help_text=help_text, min_num=0, collapsed=False
    )


KIND_LABELS = dict(KINDS)
LEVEL_LABELS = dict(LEVELS)


class MatrixRowBlock(blocks.StructBlock):
    basis = task_list(
        KIND_LABELS[BASIS],
        _("Taken die elke coördinator, beginnend en ervaren, substantieel kan aanvinken."),
    )
    aanvullend = task_list(
        KIND_LABELS[AANVULLEND],
        _("Taken voor coördinatoren met ervaring in het werken met vrijwilligers."),
    )

    class Meta:
        icon = "list-ul"
        form_classname = "matrix-row"


class TaskMatrixBlock(WithoutNoteInSearch, blocks.StructBlock):
    """The 2 × 2 matrix of checkbox tasks: level (row) × kind (column)."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context.update(levels=LEVELS, kinds=KINDS)
        return context

    uitvoerend = MatrixRowBlock(
        label=LEVEL_LABELS[UITVOEREND],
        help_text=_("Taken van coördinatoren met veel direct contact met vrijwilligers."),
    )
    tactisch_strategisch = MatrixRowBlock(
        label=LEVEL_LABELS[TACTISCH_STRATEGISCH],
        help_text=_("Taken rond vrijwilligersbeleid, randvoorwaarden en samenwerking."),
    )
    note = blocks.TextBlock(
        required=False,
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
        help_text = _(
            "Vier vakken: per niveau (rij) de basistaken en de aanvullende taken (kolommen). "
            "Elke taak wordt in de zelfscan een vinkje ‘van toepassing’."
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
    text = blocks.TextBlock(label=_("Onderdeel"))
    assessable = YesNoBlock(
        required=False,
        label=_("Aanvinkbaar in de zelfscan"),
        help_text=_("Aan als de bron hier een selectievakje heeft."),
    )
    note = blocks.TextBlock(required=False, label=_("Redactionele notitie"), help_text=NOTE_HELP)

    class Meta:
        icon = "tick"
        label = _("Onderdeel")


class KerntaakBlock(WithoutNoteInSearch, blocks.StructBlock):
    text = blocks.TextBlock(label=_("Kerntaak"))
    assessable = YesNoBlock(
        required=False,
        label=_("Aanvinkbaar in de zelfscan"),
        help_text=_("Aan als de bron hier een selectievakje heeft; uit voor een opsommingsteken."),
    )
    note = blocks.TextBlock(required=False, label=_("Redactionele notitie"), help_text=NOTE_HELP)
    children = blocks.ListBlock(
        KerntaakSubItemBlock(),
        required=False,
        label=_("Onderdelen"),
        help_text=_("Alleen als de kerntaak eindigt op een dubbele punt en onderdelen opsomt."),
    )

    class Meta:
        icon = "pick"
        label = _("Kerntaak")


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
    children = blocks.ListBlock(
        CompetentieChooserBlock(),
        required=False,
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
    """‘Bijbehorende competenties’: shown grouped by competentiegebied, in the areas' order."""

    items = blocks.ListBlock(CompetentieChoiceBlock(), label=_("Competenties"))

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
