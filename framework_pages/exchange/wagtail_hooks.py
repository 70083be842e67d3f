"""This package in the admin (the menus "Edities" and "Spreadsheets", as Wagtail viewsets) and
on the site (the edition page's "wat-is-er-veranderd/", see framework_pages.extensions)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from ..extensions import EDITION_VIEW_HOOK, PAGE_DOWNLOADS_HOOK
from .admin.base import ScreenViewSet
from .admin.editions import (
    CompareEditionsView,
    ExportEditionView,
    ImportEditionView,
    NewEditionView,
    PublishEditionView,
)
from .admin.spreadsheets import CompetentieSpreadsheetView, TaakSpreadsheetView
from .changes import edition_changes
from .publication import page_downloads


class EditionsGroup(ViewSetGroup):
    menu_label = _("Edities")
    menu_icon = "doc-full"
    menu_name = "edities"
    menu_order = 320
    items = (
        ScreenViewSet("edities-nieuw", url_prefix="edities/nieuw", view_class=NewEditionView),
        ScreenViewSet(
            "edities-publiceren", url_prefix="edities/publiceren", view_class=PublishEditionView
        ),
        ScreenViewSet(
            "edities-vergelijken",
            url_prefix="edities/vergelijken",
            view_class=CompareEditionsView,
        ),
        ScreenViewSet(
            "edities-downloaden", url_prefix="edities/downloaden", view_class=ExportEditionView
        ),
        ScreenViewSet(
            "edities-importeren", url_prefix="edities/importeren", view_class=ImportEditionView
        ),
    )


class SpreadsheetsGroup(ViewSetGroup):
    menu_label = _("Spreadsheets")
    menu_icon = "table"
    menu_name = "spreadsheets"
    menu_order = 310
    items = (
        ScreenViewSet(
            "spreadsheets-competenties",
            url_prefix="beroepsprofiel/spreadsheets/competenties",
            view_class=CompetentieSpreadsheetView,
        ),
        ScreenViewSet(
            "spreadsheets-taken",
            url_prefix="beroepsprofiel/spreadsheets/taken",
            view_class=TaakSpreadsheetView,
        ),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [EditionsGroup(), SpreadsheetsGroup()]


@hooks.register(EDITION_VIEW_HOOK)
def register_edition_views():
    return {"changes": edition_changes}


@hooks.register(PAGE_DOWNLOADS_HOOK)
def register_page_downloads(page):
    return page_downloads(page)
