from django.urls import path

from stadskennis.network import views
from stadskennis.network import views_workgroups as wg

app_name = "network"
urlpatterns = [
    path("", views.people, name="people"),
    path("mensen/<int:pk>/", views.person, name="person"),
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
