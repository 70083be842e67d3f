from django.urls import path

from .views import carrying, filling, own_data, profiles, results, sharing

app_name = "checklists"

urlpatterns = [
    path("", filling.start, name="start"),
    path("mijn/", own_data.mine, name="mine"),
    path("mijn/<int:pk>/openen/", own_data.reopen, name="reopen"),
    path("uitnodiging/<str:invite_token>/", sharing.accept_invite, name="accept_invite"),
    path("functieprofiel/", profiles.new, name="profile_new"),
    path("functieprofiel/<str:share_token>/", profiles.shared, name="profile_shared"),
    path("<str:token>/", filling.overview, name="overview"),
    path("<str:token>/stap/<int:number>/", filling.step, name="step"),
    path("<str:token>/afronden/", filling.finish, name="finish"),
    path("<str:token>/resultaat/", results.result, name="result"),
    path("<str:token>/resultaat.pdf", results.result_pdf, name="result_pdf"),
    path("<str:token>/ontwikkelplan/", results.plan, name="plan"),
    path("<str:token>/ontwikkelplan/afdrukken/", results.plan_print, name="plan_print"),
    path("<str:token>/ontwikkelplan.pdf", results.plan_pdf, name="plan_pdf"),
    path("<str:token>/ontwikkelplan/streefdata.ics", results.plan_calendar, name="plan_ics"),
    path("<str:token>/uitnodigen/", sharing.invite, name="invite"),
    path("<str:token>/uitnodiging-intrekken/", sharing.revoke_invite, name="revoke_invite"),
    path("<str:token>/vergelijking/", results.compare_manager, name="compare_manager"),
    path("<str:token>/vergelijking/agenda/", results.compare_agenda, name="compare_agenda"),
    path(
        "<str:token>/vergelijking/agenda.pdf",
        results.compare_agenda_pdf,
        name="compare_agenda_pdf",
    ),
    path("<str:token>/vergelijk-eerder/", results.compare_earlier, name="compare_earlier"),
    path("<str:token>/export.csv", own_data.export, {"fmt": "csv"}, name="export_csv"),
    path("<str:token>/export.json", own_data.export, {"fmt": "json"}, name="export_json"),
    path("<str:token>/verwijderen/", own_data.delete, name="delete"),
    path("<str:token>/link/bestand/", sharing.link_file, name="link_file"),
    path("<str:token>/link/e-mail/", sharing.email_link, name="link_email"),
    path("<str:token>/meenemen/", carrying.carry, name="carry"),
    # A coordinator's scan and a role profile.
    path("<str:token>/functieprofiel/", profiles.connection, name="profile_connection"),
    path("<str:token>/functieprofiel/loskoppelen/", profiles.disconnect, name="profile_disconnect"),
    path("<str:token>/op-ontwikkelplan/", profiles.to_plan, name="to_plan"),
    # A role profile's owner link.
    path("<str:token>/delen/", profiles.share, name="profile_share"),
    path("<str:token>/delen-intrekken/", profiles.revoke_share, name="profile_revoke_share"),
    path("<str:token>/team/", profiles.team, name="profile_team"),
    path("<str:token>/functieomschrijving/", profiles.description, name="description"),
    path("<str:token>/functieomschrijving.pdf", profiles.description_pdf, name="description_pdf"),
    path(
        "<str:token>/functieomschrijving.docx", profiles.description_docx, name="description_docx"
    ),
    path("<str:token>/meegenomen/", carrying.carried, name="carried"),
]
