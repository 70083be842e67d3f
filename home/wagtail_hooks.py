from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_response(page, request, serve_args, serve_kwargs):
    """Tell the page cache that this response is a published Wagtail page (not a preview)."""
    request.is_wagtail_page = True
