"""An edition as a file to download or write: the edition document or the CASE 1.1 package.

The admin's "Editie downloaden" and ``manage.py export_framework`` both write through here, so
their files are the same.
"""

import json

from .case import export_case
from .document import dumps, export_edition

EDITION_DOCUMENT, CASE = "editie", "case"


def edition_file(edition, fmt):
    """(filename, text) of ``edition`` in format EDITION_DOCUMENT or CASE, drafts included."""
    if fmt == CASE:
        text = json.dumps(export_case(edition), ensure_ascii=False, indent=2) + "\n"
        return f"editie-{edition.edition_label}-case.json", text
    return f"editie-{edition.edition_label}.json", dumps(export_edition(edition))
