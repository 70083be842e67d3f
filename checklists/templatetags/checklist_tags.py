"""Template tags of the self-assessment."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..links import qr_svg

register = template.Library()


@register.simple_tag
def qr_code(link):
    """The link as an inline SVG QR code, drawn on the server."""
    return qr_svg(link)


# The result page's repeated rows, built with format_html: a whole-framework result has some
# 450 values in them, and a template variable costs several times a format_html argument.

PROFILE_ROW = '<li class="profile-row"><span class="profile-name">{}</span>{}{}</li>'
PROFILE_BAR = (
    '<span class="profile-bar"><span class="track"><span class="bar bar--{} w-{}"></span>'
    '</span><span class="bar-value">{} {}%</span></span>'
)
HEAT_TABLE = (
    '<table class="heatmap{}"><caption>{}</caption><thead><tr><td></td><th scope="col">{}</th>'
    '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
)
HEAT_ROW = (
    '<tr><th scope="row">{}</th><td class="heat heat--{}">{}</td>'
    '<td class="heat heat--{}">{}</td></tr>'
)
AREA_ROW = '<tr><th scope="row">{}</th><td>{} / {}</td><td>{}</td></tr>'


@register.simple_tag
def profile_rows(results, tasks_word, competencies_word):
    """The profile's rows: per section its name and a bar for its tasks and its competencies
    (``Results.profile_rows``; a bar only for the kind of items it has)."""

    def bar(kind, percent, word):
        return format_html(PROFILE_BAR, kind, percent, word, percent) if percent else ""

    return mark_safe(
        "".join(
            format_html(
                PROFILE_ROW,
                name,
                bar("tasks", tasks, tasks_word),
                bar("comp", competencies, competencies_word),
            )
            for name, tasks, competencies in results.profile_rows
        )
    )


@register.simple_tag
def heat_tables(results):
    """A table per ``Results.heat_tables``: the 2×2 matrix with a shade and a fraction per cell."""
    basis, aanvullend = results.kind_labels
    return mark_safe(
        "".join(
            format_html(
                HEAT_TABLE,
                " heatmap--total" if whole else "",
                caption,
                basis,
                aanvullend,
                format_html_join("", HEAT_ROW, rows),
            )
            for caption, whole, rows in results.heat_tables
        )
    )


@register.simple_tag
def area_rows(results):
    """The competency areas' rows: mastered of total, development points."""
    return format_html_join("", AREA_ROW, results.area_rows)
