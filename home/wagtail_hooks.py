from django.db import models
from django.template.defaultfilters import yesno
from django.templatetags.static import static
from django.utils.html import escape, format_html
from wagtail import hooks
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class


@hooks.register("before_serve_page")
def mark_page_response(page, request, serve_args, serve_kwargs):
    """Tell the page cache that this response is a published Wagtail page (not a preview)."""
    request.is_wagtail_page = True


@hooks.register("insert_global_admin_js")
def restored_edits_js():
    """Every admin page: work a refused save left in an editor stays marked unsaved (the
    script also clears the mark on any admin page a successful save leads to)."""
    return format_html('<script src="{}"></script>', static("home/js/restored-edits.js"))


class YesNoComparison(FieldComparison):
    """A yes/no field in the comparison of two revisions: "ja"/"nee", not "True"/"False"."""

    def htmldiff(self):
        before, after = yesno(self.val_a), yesno(self.val_b)
        if before != after:
            return TextDiff([("deletion", before), ("addition", after)]).to_html()
        return escape(before)


register_comparison_class(models.BooleanField, comparison_class=YesNoComparison)
