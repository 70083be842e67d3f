"""Routing a URL to its page in one query instead of two per level of the tree.

Wagtail's ``Page.route`` walks down one level at a time: a query for the child by its slug
and one for its specific object, so a task area four levels deep costs eight queries before
its own content. The pages' ``url_path`` already holds every ancestor's slug, so all pages on
the way are found at once; only the page served needs its specific object. Anything unusual
(a tree whose url_paths are out of step, an alias on the way) falls back to Wagtail's own walk.
"""

from wagtail.models import Page, PageViewRestriction

from .page_cache import get_current, set_current

RESTRICTED_PATHS_KEY = "routing:restricted-paths"


def restricted_paths():
    """Tree paths of the pages that have a view restriction (the restriction covers their
    descendants too). Read once per content version, which every change of a restriction
    bumps; usually the list is empty, and then no page needs to ask for its restrictions."""
    version, paths = get_current(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        set_current(RESTRICTED_PATHS_KEY, version, paths)
    return paths


def is_restricted_path(path):
    return any(path.startswith(prefix) for prefix in restricted_paths())


def route_by_url_path(root, request, path_components):
    """Route below ``root`` like ``Page.route`` does; None when Wagtail should walk instead."""
    prefixes = ["/", root.url_path]
    for index in range(1, len(path_components) + 1):
        prefixes.append(root.url_path + "/".join(path_components[:index]) + "/")
    chain = list(Page.objects.filter(url_path__in=prefixes).order_by("depth"))
    if not _is_unbroken_path(chain, root):
        return None
    below_root = [page for page in chain if page.depth > root.depth]
    if not below_root:
        return None
    target = below_root[-1].specific
    # Every page from the tree's root down to the target's parent: breadcrumbs and view
    # restrictions read these instead of asking the database again.
    target.route_ancestors = chain[:-1]
    return target.route(request, path_components[len(below_root) :])


def _is_unbroken_path(chain, root):
    if not chain or chain[0].depth != 1:
        return False
    for parent, child in zip(chain, chain[1:], strict=False):
        if child.depth != parent.depth + 1 or not child.path.startswith(parent.path):
            return False
        if child.alias_of_id:
            return False
    return any(page.pk == root.pk for page in chain)


class OneQueryRoutingMixin:
    """For a site's root page: find any descendant by its URL in one query."""

    def route(self, request, path_components):
        if path_components:
            result = route_by_url_path(self, request, path_components)
            if result is not None:
                return result
        return super().route(request, path_components)


class KnownAncestorsMixin:
    """Page view restrictions from the ancestors found while routing: none to ask for when no
    restriction covers the page (``restricted_paths``), else one query."""

    def get_view_restrictions(self):
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None or self.alias_of_id:
            return super().get_view_restrictions()
        if not is_restricted_path(self.path):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            page_id__in=[page.pk for page in ancestors] + [self.pk]
        )
