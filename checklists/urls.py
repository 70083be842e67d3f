from django.urls import path

from . import views

app_name = "checklists"

urlpatterns = [
    path("", views.start, name="start"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/<int:pk>/openen/", views.reopen, name="reopen"),
    path("uitnodiging/<str:invite_token>/", views.accept_invite, name="accept_invite"),
    path("<str:token>/", views.overview, name="overview"),
    path("<str:token>/stap/<int:number>/", views.step, name="step"),
    path("<str:token>/afronden/", views.finish, name="finish"),
    path("<str:token>/resultaat/", views.result, name="result"),
    path("<str:token>/ontwikkelplan/", views.plan, name="plan"),
    path("<str:token>/uitnodigen/", views.invite, name="invite"),
    path("<str:token>/uitnodiging-intrekken/", views.revoke_invite, name="revoke_invite"),
    path("<str:token>/vergelijking/", views.compare_manager, name="compare_manager"),
    path("<str:token>/vergelijk-eerder/", views.compare_earlier, name="compare_earlier"),
    path("<str:token>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<str:token>/export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("<str:token>/verwijderen/", views.delete, name="delete"),
    path("<str:token>/meenemen/", views.carry, name="carry"),
    path("<str:token>/meegenomen/", views.carried, name="carried"),
]
