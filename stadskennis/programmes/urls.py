from django.urls import path

from stadskennis.programmes import (
    views,
    views_accounts,
    views_governance,
    views_money,
    views_participation,
    views_report,
    views_work,
)

app_name = "programmes"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("programma/<int:pk>/", views.line_page, name="line"),
    path("rekeningen/", views_accounts.public_list, name="accounts_list"),
    path("rekeningen/<int:year>/", views_accounts.accounts_public, name="accounts_public"),
    path("rekeningen/<int:year>/datapackage.json", views_accounts.datapackage, name="datapackage"),
    path("geld/", views_money.money_current, name="money_current"),
    path("geld/<int:year>/", views_money.money, name="money"),
    path("geld/<int:year>/begroting/nieuw/", views_money.budget_line_edit, name="budget_new"),
    path("geld/<int:year>/begroting/<int:pk>/", views_money.budget_line_edit, name="budget_edit"),
    path("geld/<int:year>/boeking/nieuw/", views_money.entry_edit, name="entry_new"),
    path("geld/<int:year>/boeking/<int:pk>/", views_money.entry_edit, name="entry_edit"),
    path("geld/<int:year>/<str:what>/<int:pk>/prullenbak/", views_money.trash_toggle, name="trash"),
    path("geld/<int:year>/importeren/", views_money.entries_import, name="import"),
    path("geld/<int:year>/importeren/controleren/", views_money.entries_import_check, name="import_check"),
    path("geld/<int:year>/importeren/<int:pk>/ongedaan/", views_money.import_undo, name="import_undo"),
    path("geld/<int:year>/wijzigingen/", views_money.changes, name="changes"),
    path(
        "geld/<int:year>/wijzigingen/<int:pk>/terugdraaien/", views_money.change_revert, name="change_revert"
    ),
    path("geld/<int:year>/rekening/", views_accounts.accounts_page, name="accounts"),
    path("geld/<int:year>/rekening/intrekken/", views_accounts.accounts_withdraw, name="accounts_withdraw"),
    path("werkprogramma/", views_work.work_programme_current, name="work_programme_current"),
    path("werkprogramma/<int:year>/", views_work.work_programme, name="work_programme"),
    path("werkprogramma/<int:year>/nieuw/", views_work.activity_edit, name="activity_new"),
    path("werkprogramma/<int:year>/<int:pk>/", views_work.activity_edit, name="activity_edit"),
    path(
        "werkprogramma/<int:year>/<int:pk>/verwijderen/", views_work.activity_delete, name="activity_delete"
    ),
    path(
        "werkprogramma/<int:year>/beoordeling/",
        views_work.work_programme_review,
        name="work_programme_review",
    ),
    path("organen/", views_governance.body_list, name="bodies"),
    path("organen/document/<int:pk>/", views_governance.document_download, name="body_document"),
    path("organen/<slug:slug>/", views_governance.body_page, name="body"),
    path("organen/<slug:slug>/zetel/<int:user_id>/weg/", views_governance.seat_remove, name="seat_remove"),
    path("organen/<slug:slug>/vergadering/nieuw/", views_governance.meeting_edit, name="body_meeting_new"),
    path("organen/<slug:slug>/vergadering/<int:pk>/", views_governance.meeting_page, name="body_meeting"),
    path(
        "organen/<slug:slug>/vergadering/<int:pk>/bewerken/",
        views_governance.meeting_edit,
        name="body_meeting_edit",
    ),
    path("deelname/<int:year>/", views_participation.participation_year, name="participation"),
    path(
        "deelname/<int:year>/<slug:slug>/",
        views_participation.participation_member,
        name="participation_member",
    ),
    path("jaarverslag/", views_report.report_list, name="annual_reports"),
    path("jaarverslag/<int:year>/", views_report.report_page, name="annual_report"),
    path("jaarverslag/<int:year>/opstellen/", views_report.report_draft, name="annual_report_draft"),
    path("jaarverslag/<int:year>/publiceren/", views_report.report_publish, name="annual_report_publish"),
    path("jaarverslag/<int:year>/jaarverslag.pdf", views_report.report_pdf, name="annual_report_pdf"),
]
