"""Admin screens for editions: make a new edition as a draft copy, compare two editions.

Who may make a new edition: superusers, holders of ``framework_pages.import_edition`` (a copy
takes the same path as an import) and members of Wagtail's "Moderators" group, the people who
publish. Publishing a whole edition at once (pages and competencies, skipping the workflow) is
for those who may publish both anyway. Comparing is for everyone with access to the admin.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .comparison import compare_editions
from .edition_document import DocumentError
from .editions import copy_edition, publish_edition
from .models import FrameworkPage


def can_make_editions(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("framework_pages.import_edition")
        or user.groups.filter(name="Moderators").exists()
    )


def can_publish_edition(user, edition=None):
    """Publishing a whole edition at once skips the moderation workflow: only for those who
    may publish its pages and competencies anyway."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("framework_pages.publish_competentie"):
        return False
    return edition is None or edition.permissions_for_user(user).can_publish()


def can_compare_editions(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def editions():
    return FrameworkPage.objects.order_by("-first_published_at", "-pk")


class NewEditionForm(forms.Form):
    source = forms.ModelChoiceField(editions(), label=gettext_lazy("Bron-editie"), empty_label=None)
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=50,
        help_text=gettext_lazy("Bijvoorbeeld ‘2026’. Het webadres wordt editie-<label>."),
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Leeg: de titel van de bron, met het nieuwe label."),
    )


class PublishForm(forms.Form):
    edition = forms.ModelChoiceField(editions(), label=gettext_lazy("Editie"), empty_label=None)


class CompareForm(forms.Form):
    old = forms.ModelChoiceField(editions(), label=gettext_lazy("Oude editie"), empty_label=None)
    new = forms.ModelChoiceField(editions(), label=gettext_lazy("Nieuwe editie"), empty_label=None)

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Kies twee verschillende edities."))
        return data


class EditionAdminView(WagtailAdminTemplateMixin, View):
    def get_page_title(self):
        return self.page_title

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NewEditionView(EditionAdminView):
    page_title = gettext_lazy("Nieuwe editie maken")
    header_icon = "copy"
    template_name = "framework_pages/admin/new_edition.html"
    url_name = "framework_pages_new_edition"

    @staticmethod
    def allowed(user):
        return can_make_editions(user)

    def get(self, request):
        initial = {"source": request.GET.get("bron")} if request.GET.get("bron") else {}
        return self.render_to_response(self.get_context_data(form=NewEditionForm(initial=initial)))

    def post(self, request):
        form = NewEditionForm(request.POST)
        if form.is_valid():
            try:
                result = copy_edition(
                    form.cleaned_data["source"],
                    form.cleaned_data["label"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
            except DocumentError as exc:
                for problem in exc.problems:
                    field = "label" if problem.where.startswith("$.edition") else None
                    form.add_error(field, problem.message)
            else:
                messages.success(
                    request,
                    _(
                        "Editie %(label)s is gemaakt als concept: alle pagina's en competenties "
                        "zijn kopieën met dezelfde identificaties. Werk ze bij en publiceer ze, "
                        "per pagina of in één keer via Edities › Editie in één keer publiceren."
                    )
                    % {"label": result.edition.edition_label},
                )
                return redirect("wagtailadmin_explore", result.edition.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CompareEditionsView(EditionAdminView):
    page_title = gettext_lazy("Edities vergelijken")
    header_icon = "history"
    template_name = "framework_pages/admin/compare_editions.html"
    url_name = "framework_pages_compare_editions"

    @staticmethod
    def allowed(user):
        return can_compare_editions(user)

    def get(self, request):
        comparison = None
        if "old" in request.GET:
            form = CompareForm(request.GET)
            if form.is_valid():
                # Drafts included: editors compare what they are preparing.
                comparison = compare_editions(form.cleaned_data["old"], form.cleaned_data["new"])
        else:
            choices = list(editions()[:2])
            form = CompareForm(
                initial={"old": choices[-1].pk, "new": choices[0].pk} if choices else {}
            )
        return self.render_to_response(self.get_context_data(form=form, comparison=comparison))


class PublishEditionView(EditionAdminView):
    page_title = gettext_lazy("Editie in één keer publiceren")
    header_icon = "upload"
    template_name = "framework_pages/admin/publish_edition.html"
    url_name = "framework_pages_publish_edition"

    @staticmethod
    def allowed(user):
        return can_publish_edition(user)

    def get(self, request):
        initial = {"edition": request.GET.get("editie")} if request.GET.get("editie") else {}
        return self.render_to_response(self.get_context_data(form=PublishForm(initial=initial)))

    def post(self, request):
        form = PublishForm(request.POST)
        if form.is_valid():
            edition = form.cleaned_data["edition"]
            if not can_publish_edition(request.user, edition):
                raise PermissionDenied
            publish_edition(edition, user=request.user)
            messages.success(
                request,
                _("Editie %(label)s is gepubliceerd, met al haar pagina's en competenties.")
                % {"label": edition.edition_label},
            )
            return redirect("wagtailadmin_explore", edition.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EditionMenuItem(MenuItem):
    """Shown only to users who may use the screen it leads to."""

    def __init__(self, view_class, **kwargs):
        self.view_class = view_class
        super().__init__(view_class.page_title, reverse(view_class.url_name), **kwargs)

    def is_shown(self, request):
        return self.view_class.allowed(request.user)


def admin_urls():
    return [
        path("edities/nieuw/", NewEditionView.as_view(), name=NewEditionView.url_name),
        path("edities/publiceren/", PublishEditionView.as_view(), name=PublishEditionView.url_name),
        path(
            "edities/vergelijken/", CompareEditionsView.as_view(), name=CompareEditionsView.url_name
        ),
    ]


def menu_item():
    menu = Menu(
        items=[
            EditionMenuItem(NewEditionView, icon_name="copy", order=100),
            EditionMenuItem(PublishEditionView, icon_name="upload", order=150),
            EditionMenuItem(CompareEditionsView, icon_name="history", order=200),
        ]
    )
    return SubmenuMenuItem(
        gettext_lazy("Edities"), menu, icon_name="doc-full", name="edities", order=320
    )
