"""A person's own answers as a file to keep: CSV for a spreadsheet, JSON for other systems."""

import json

from django.http import HttpResponse

from portal.exports import CSV, file_response, table_file, yes_no

from .access import connection_of

FIELDS = [
    "onderdeel",
    "soort",
    "niveau",
    "taaksoort",
    "competentiegebied",
    "tekst",
    "aangevinkt",
    "ontwikkelpunt",
    "wat",
    "hoe",
    "wie helpt",
    "streefdatum",
    "identificatie",
]


def export_rows(assessment):
    for a in assessment.answers.order_by("section_number", "pk"):
        yield {
            "onderdeel": f"{a.section_number} {a.section_title}",
            "soort": a.get_item_type_display(),
            "niveau": a.level,
            "taaksoort": a.kind,
            "competentiegebied": a.area_name,
            "tekst": a.text,
            "aangevinkt": a.checked,
            "ontwikkelpunt": a.development,
            "wat": a.plan_note,
            "hoe": a.plan_how,
            "wie helpt": a.plan_support,
            "streefdatum": a.plan_date.isoformat() if a.plan_date else "",
            "identificatie": str(a.item_uid),
        }


def export_response(assessment, fmt):
    kind = "functieprofiel" if assessment.is_profile else "zelfscan"
    filename = f"{kind}-{assessment.created_at:%Y%m%d}.{fmt}"
    if fmt == CSV:
        # A person reads the CSV in a spreadsheet: ja/nee; the JSON keeps true/false.
        rows = [
            [yes_no(v) if isinstance(v, bool) else v for v in (row[name] for name in FIELDS)]
            for row in export_rows(assessment)
        ]
        return file_response(table_file(FIELDS, rows, CSV), filename, CSV)
    data = {
        "editie": assessment.edition_label,
        "onderdeel": assessment.scope_title,
        "rol": assessment.role,
        "aangemaakt": assessment.created_at.isoformat(),
        "afgerond": assessment.finished_at.isoformat() if assessment.finished_at else None,
        "antwoorden": list(export_rows(assessment)),
    }
    profile = getattr(assessment, "role_profile", None) if assessment.is_profile else None
    if profile is not None:
        data["functieprofiel"] = {"titel": profile.title, "organisatie": profile.organisation}
    connection = connection_of(assessment)
    if connection is not None:
        data["gekoppeld_functieprofiel"] = {
            "titel": connection.profile.title,
            "meetellen_in_teamoverzicht": connection.consent,
            "naam_in_teamoverzicht": connection.name,
        }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
