"""The job description (functieomschrijving) of a role profile as a Word document (python-docx).

Only built-in styles (Title, Heading 1/2, List Bullet), so Word and LibreOffice open it without
warnings and a vacancy text can take its parts as they are.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def job_description_docx(description):
    """``profiles.JobDescription`` → the bytes of a .docx file."""
    profile = description.profile
    document = Document()
    document.core_properties.title = profile.title
    document.core_properties.author = profile.organisation or ""
    document.add_heading(profile.title, level=0)
    if profile.organisation:
        document.add_paragraph(profile.organisation)
    document.add_paragraph(
        _(
            "Functieomschrijving volgens het beroepsprofiel coördinator vrijwilligerswerk, editie %(label)s."
        )
        % {"label": description.edition_label}
    )
    document.add_heading(_("Taken"), level=1)
    if description.kerntaken:
        document.add_heading(_("Kerntaken"), level=2)
        for item in description.kerntaken:
            document.add_paragraph(item.text, style="List Bullet")
    for label, items in description.quadrants:
        document.add_heading(str(label), level=2)
        for item in items:
            document.add_paragraph(item.text, style="List Bullet")
    document.add_heading(_("Competenties"), level=1)
    for area, items in description.areas:
        document.add_heading(area, level=2)
        for item in items:
            document.add_paragraph(item.text, style="List Bullet")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
