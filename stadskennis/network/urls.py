from django.urls import path

from stadskennis.network import views, views_contact_io, views_people
from stadskennis.network import views_workgroups as wg

app_name = "network"
urlpatterns = [
    path("", views.people, name="people"),
    path("mensen/<int:pk>/", views.person, name="person"),
    path("mensen/nieuw/", views_people.person_create, name="person_create"),
    path("mensen/<int:pk>/bewerken/", views_people.person_edit, name="person_edit"),
    path("mensen/<int:pk>/foto/", views_people.person_photo, name="person_photo"),
    path("mensen/<int:pk>/gegevens.json", views_people.person_data, name="person_data"),
    path(
        "mensen/<int:pk>/wissing-vragen/", views_people.person_erasure_request, name="person_erasure_request"
    ),
    path("mensen/<int:pk>/wissen/", views_people.person_erase, name="person_erase"),
    path("mijn-profiel/", views_people.my_entry, name="my_entry"),
    path("contacten/importeren/", views_contact_io.contacts_import, name="contacts_import"),
    path(
        "contacten/importeren/bevestigen/",
        views_contact_io.contacts_import_confirm,
        name="contacts_import_confirm",
    ),
    path("contacten/export.csv", views_contact_io.contacts_export_csv, name="contacts_export_csv"),
    path("contacten/export.vcf", views_contact_io.contacts_export_vcard, name="contacts_export_vcard"),
    path("beheer/privacy/", views_people.privacy_review, name="privacy_review"),
    path("wie-is-bezig-met/", views.experts, name="experts"),
    path("organisaties/", views.organisations, name="organisations"),
    path("organisaties/<slug:slug>/", views.organisation, name="organisation"),
    path("werkgroepen/", views.workgroups, name="workgroups"),
    path("werkgroepen/<slug:key>/", views.workgroup, name="workgroup"),
    path("werkgroepen/<slug:key>/agenda.ics", wg.workgroup_ics, name="workgroup_ics"),
    path("werkgroepen/<slug:key>/vergaderingen/nieuw/", wg.meeting_create, name="meeting_create"),
    path("werkgroepen/<slug:key>/vergaderingen/<int:pk>/", wg.meeting, name="meeting"),
    path("werkgroepen/<slug:key>/vergaderingen/<int:pk>/bewerken/", wg.meeting_edit, name="meeting_edit"),
    path("werkgroepen/<slug:key>/vergaderingen/<int:pk>/uitnodiging.ics", wg.meeting_ics, name="meeting_ics"),
    path(
        "werkgroepen/<slug:key>/vergaderingen/<int:pk>/documenten/",
        wg.meeting_document_add,
        name="meeting_document_add",
    ),
    path(
        "werkgroepen/<slug:key>/vergaderingen/<int:pk>/punten/", wg.action_point_add, name="action_point_add"
    ),
    path("werkgroepen/<slug:key>/opdrachten/nieuw/", wg.assignment_create, name="assignment_create"),
    path("werkgroepen/<slug:key>/opdrachten/<int:pk>/", wg.assignment, name="assignment"),
    path("werkgroepen/<slug:key>/opdrachten/<int:pk>/bewerken/", wg.assignment_edit, name="assignment_edit"),
    path(
        "werkgroepen/<slug:key>/opdrachten/<int:pk>/samenvatting/",
        wg.assignment_summary,
        name="assignment_summary",
    ),
    path(
        "werkgroepen/<slug:key>/opdrachten/<int:pk>/herinneren/",
        wg.assignment_remind,
        name="assignment_remind",
    ),
    path("documenten/<int:pk>/", wg.meeting_document, name="meeting_document"),
    path("documenten/<int:pk>/publiceren/", wg.meeting_document_publish, name="meeting_document_publish"),
    path("punten/<int:pk>/", wg.action_point_done, name="action_point_done"),
    path("inzendingen/<int:pk>/heropenen/", wg.submission_reopen, name="submission_reopen"),
    path("inzendingen/bestanden/<int:pk>/", wg.submission_file, name="submission_file"),
]
