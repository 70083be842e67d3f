"""Report for editors: competencies of one edition whose texts are nearly the same."""

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from .models import Competentie, FrameworkPage

SIMILARITY = 0.9


def _words(text):
    return re.sub(r"[^\w ]", "", text.lower()).split()


def possible_duplicates(edition):
    """Pairs of competencies in an edition whose words are at least 90 % alike."""
    competencies = list(Competentie.objects.filter(edition=edition).select_related("area"))
    pairs = []
    for i, first in enumerate(competencies):
        first_words = _words(first.text)
        for second in competencies[i + 1 :]:
            ratio = SequenceMatcher(None, first_words, _words(second.text)).ratio()
            if ratio >= SIMILARITY:
                pairs.append({"first": first, "second": second, "similarity": round(ratio * 100)})
    return sorted(pairs, key=lambda p: -p["similarity"])


class PossibleDuplicatesView(ReportView):
    page_title = _("Mogelijke dubbele competenties")
    header_icon = "duplicate"
    template_name = "framework_pages/reports/possible_duplicates.html"
    results_template_name = "framework_pages/reports/possible_duplicates_results.html"
    paginate_by = None

    def get_queryset(self):
        editions = FrameworkPage.objects.newest_first()
        return [{"edition": edition, "pairs": possible_duplicates(edition)} for edition in editions]
