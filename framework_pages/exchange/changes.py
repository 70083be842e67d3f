"""Public page "Wat is er veranderd": one published edition compared with another."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .comparison import CHANGE_LABELS, compare_editions
from .editions import previous_published, published_editions


def edition_changes(request, edition):
    """Compare ``edition`` with ``?met=<label>`` or with the published edition before it (or,
    for the oldest, the newest one). Only what a visitor may see is compared."""
    others = [e for e in published_editions() if e.pk != edition.pk]
    label = request.GET.get("met", "").strip()
    error = ""
    if label:
        other = next((e for e in others if e.edition_label == label), None)
        if other is None:
            error = _("Er is geen gepubliceerde editie met label ‘%(label)s’.") % {"label": label}
    else:
        other = previous_published(edition) or (others[-1] if others else None)
        if other is None:
            error = _(
                "Er is nog geen andere gepubliceerde editie om deze editie mee te vergelijken."
            )
    context = {"page": edition, "edition_page": edition, "edition_crumbs": [edition]}
    if error:
        context["error"] = error
        return render(request, "exchange/changes.html", context, status=404)
    old, new = sorted([other, edition], key=lambda e: e.path)  # the editions' own order
    comparison = compare_editions(old, new, published=True)
    context.update(
        comparison=comparison,
        old=old,
        new=new,
        others=others,
        change_labels=CHANGE_LABELS,
    )
    return render(request, "exchange/changes.html", context)
