"""What must hold before content goes live: the one check behind every route that publishes.

Wagtail accepts a draft that fails the editor's own validation (an empty task is a valid draft
revision), and a page may choose competencies that were never published. Publishing an edition
at once (``exchange.editions``) asks here: ``validation_problems`` lists, in Dutch, why an
object may not go live; ``unpublished_competencies`` which never-published competencies a page
chooses (the rule the editor's publish and the workflow's approval apply too:
``models.pages.SectionPageForm``, ``models.workflow.ModerationTask``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.fields import StreamField

from .models import TaakgebiedPage


def unpublished_competencies(page):
    """The competencies a section page (any revision of it) chooses that a visitor may not see:
    never published, or in an area that is not published. Empty for other objects."""
    return page.unpublished_competencies() if isinstance(page, TaakgebiedPage) else []


def validation_problems(obj):
    """Every problem the editor's full validation finds in ``obj`` (a page or snippet, e.g. the
    object of its latest revision), in Dutch; empty when it may be published."""
    problems = []
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems += _messages(exc)
    for field in obj._meta.get_fields():
        if isinstance(field, StreamField):
            try:
                field.stream_block.clean(getattr(obj, field.name))
            except ValidationError:
                problems.append(
                    _(
                        "%(field)s bevat fouten, bijvoorbeeld een leeg verplicht veld of een "
                        "lege taak; open het om ze te zien."
                    )
                    % {"field": str(field.verbose_name).capitalize()}
                )
    return problems


def _messages(error):
    if hasattr(error, "error_dict"):
        return [m for errors in error.message_dict.values() for m in errors]
    return list(error.messages)
