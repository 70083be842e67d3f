"""A self-assessment's personal documents as PDFs: the result, the development plan and the
conversation's agenda.

Each is its print page (``checklists/print/``) laid out by ``portal.pdf``, made on each
request from the answers and never cached or stored: the views are behind ``access``'s
private link, whose responses are ``private, no-store``. Where PDFs cannot be made the print
page itself answers, saying so, so the way to paper stays open.
"""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal import pdf


def unavailable_text():
    return _(
        "Een PDF kan op deze server nu niet worden gemaakt. Druk deze pagina af met het menu "
        "of Ctrl+P van je browser, of bewaar haar daar als PDF."
    )


def personal_pdf(request, template, context, filename):
    """The print page ``template`` as the PDF ``filename``; the page itself (status 503, with
    the reason) where the PDF engine cannot run."""
    if not pdf.available():
        return render(
            request, template, {**context, "pdf_unavailable": unavailable_text()}, status=503
        )
    html = render_to_string(template, {**context, "as_pdf": True}, request=request)
    return pdf.pdf_response(pdf.render(html, request.build_absolute_uri("/")), filename)


def pdf_context():
    """What the pages that offer a personal PDF need to link it (or say why they don't)."""
    return {"pdf_available": pdf.available(), "pdf_unavailable_text": unavailable_text()}
