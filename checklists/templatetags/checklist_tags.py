"""Template tags of the self-assessment."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..links import qr_svg

register = template.Library()


@register.simple_tag
def qr_code(link):
    """The link as an inline SVG QR code, drawn on the server."""
    return qr_svg(link)


# The result page's repeated rows: a whole-framework result has some 450 values in them, and a
# template variable costs several times this. Every text is escaped (django.utils.html.escape);
# the numbers are ints, percentages and fractions that results.Count makes of ints.

PROFILE_ROW = '<li class="profile-row"><span class="profile-name">%s</span>%s%s</li>'
PROFILE_BAR = (
    '<span class="profile-bar"><span class="track"><span class="bar bar--%s w-%s"></span>'
    '</span><span class="bar-value">%s %s%%</span></span>'
)
HEAT_TABLE = (
    '<table class="heatmap%s"><caption>%s</caption><thead><tr><td></td><th scope="col">%s</th>'
    '<th scope="col">%s</th></tr></thead><tbody>%s</tbody></table>'
)
HEAT_ROW = (
    '<tr><th scope="row">%s</th><td class="heat heat--%d">%s</td>'
    '<td class="heat heat--%d">%s</td></tr>'
)
AREA_ROW = '<tr><th scope="row">%s</th><td>%d / %d</td><td>%d</td></tr>'
DEVELOPMENT_SECTION = '<p class="dev-section">%s</p><ul class="dev-list">%s</ul>'


def _number(value):
    """A percentage or fraction of results.Count: digits, "/" or "–", nothing to escape."""
    text = str(value)
    if text.strip("0123456789/–"):
        raise ValueError(f"Geen getal: {text!r}")
    return text


@register.simple_tag
def profile_rows(results, tasks_word, competencies_word):
    """The profile's rows: per section its name and a bar for its tasks and its competencies
    (``Results.profile_rows``; a bar only for the kind of items it has)."""
    words = {"tasks": escape(tasks_word), "comp": escape(competencies_word)}

    def bar(kind, percent):
        if not percent:
            return ""
        percent = _number(percent)
        return PROFILE_BAR % (kind, percent, words[kind], percent)

    return mark_safe(
        "".join(
            PROFILE_ROW % (escape(name), bar("tasks", tasks), bar("comp", competencies))
            for name, tasks, competencies in results.profile_rows
        )
    )


@register.simple_tag
def heat_tables(results):
    """A table per ``Results.heat_tables``: the 2×2 matrix with a shade and a fraction per cell."""
    basis, aanvullend = (escape(label) for label in results.kind_labels)
    tables = []
    for caption, whole, rows in results.heat_tables:
        body = "".join(
            HEAT_ROW
            % (
                escape(level),
                shade1,
                _number(fraction1),
                shade2,
                _number(fraction2),
            )
            for level, shade1, fraction1, shade2, fraction2 in rows
        )
        total = " heatmap--total" if whole else ""
        tables.append(HEAT_TABLE % (total, escape(caption), basis, aanvullend, body))
    return mark_safe("".join(tables))


@register.simple_tag
def area_rows(results):
    """The competency areas' rows: mastered of total, development points."""
    return mark_safe(
        "".join(
            AREA_ROW % (escape(name), checked, total, development)
            for name, checked, total, development in results.area_rows
        )
    )


@register.simple_tag
def development_lists(results):
    """The development points per section (``Results.development_texts``): a whole-framework
    scan can have a hundred."""
    return mark_safe(
        "".join(
            DEVELOPMENT_SECTION
            % (escape(section), "".join(f"<li>{escape(text)}</li>" for text in texts))
            for section, texts in results.development_texts
        )
    )
