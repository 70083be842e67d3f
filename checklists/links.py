"""Ways to keep a private link: a QR code (SVG, rendered here), a small file, an e-mail.

Every link a person is given (their scan, a carried-forward scan, the invitation for their
manager) is offered the same way (template ``checklists/_keep_link.html``). The e-mail is
sent once, to the address typed in, and the address is kept nowhere: not in the database, the
session, a message or a log.
"""

import segno
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SCAN, INVITE, SHARE = "scan", "invite", "share"


def qr_svg(link):
    """The link as a QR code: inline SVG, black on white, drawn on the server."""
    return mark_safe(
        segno.make(link, error="m").svg_inline(
            scale=4, border=4, svgclass="qr-code", lineclass=None
        )
    )


def link_text(link, kind, scope_title):
    """The small file to keep: what the link is, and the link."""
    return render_to_string(
        "checklists/link.txt", {"link": link, "kind": kind, "scope_title": scope_title}
    )


def send_link(address, link, kind, scope_title):
    """One e-mail with the link; raises what Django's mail raises when it cannot be sent."""
    subject = {
        INVITE: _("Uitnodiging: zelfscan coördinator vrijwilligerswerk"),
        SHARE: _("Functieprofiel coördinator vrijwilligerswerk: de deellink"),
    }.get(kind, _("Je link naar je zelfscan coördinator vrijwilligerswerk"))
    send_mail(
        subject,
        link_text(link, kind, scope_title),
        None,  # DEFAULT_FROM_EMAIL
        [address],
    )
