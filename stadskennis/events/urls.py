from django.urls import path

from stadskennis.events import (
    views,
    views_feedback,
    views_feeds,
    views_intervisie,
    views_organiser,
    views_planning,
)
from stadskennis.events.syndication import UpcomingEventsAtomFeed, UpcomingEventsFeed

app_name = "events"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda.ics", views_feeds.public_ics, name="public_ics"),
    path("rss.xml", UpcomingEventsFeed(), name="feed_rss"),
    path("atom.xml", UpcomingEventsAtomFeed(), name="feed_atom"),
    path("thema/<slug:slug>.ics", views_feeds.theme_ics, name="theme_ics"),
    path("mijn-agenda/", views_feeds.my_feed, name="my_feed"),
    path("deelname/", views_organiser.participation, name="participation"),
    path("nieuw/", views_planning.event_new, name="create"),
    path("documenten/<int:pk>/", views_organiser.document, name="document"),
    path("documenten/<int:pk>/publiceren/", views_organiser.document_publish, name="document_publish"),
    path("mijn-agenda/<str:token>.ics", views_feeds.personal_ics, name="personal_ics"),
    path("aanwezig/<str:code>/", views_organiser.check_in_by_code, name="check_in_by_code"),
    path("inschrijving/<str:token>/", views.registration, name="registration"),
    path("inschrijving/<str:token>/feedback/", views_feedback.give, name="feedback"),
    path("inschrijving/<str:token>/agenda.ics", views_feeds.registration_ics, name="registration_ics"),
    path("<slug:slug>/", views.event, name="event"),
    path("<slug:slug>/inschrijven/", views.register, name="register"),
    path("<slug:slug>/bewerken/", views_planning.event_edit, name="edit"),
    path("<slug:slug>/agenda.ics", views_feeds.event_ics, name="event_ics"),
    path("<slug:slug>/inschrijvingen/", views_organiser.registrants, name="registrants"),
    path("<slug:slug>/inschrijvingen.csv", views_organiser.registrants_csv, name="registrants_csv"),
    path("<slug:slug>/inschrijvingen/<int:pk>/aanwezig/", views_organiser.check_in, name="check_in"),
    path("<slug:slug>/inschrijvingen.xlsx", views_organiser.registrants_xlsx, name="registrants_xlsx"),
    path("<slug:slug>/aanwezigheidslijst.pdf", views_organiser.attendee_list_pdf, name="attendee_list_pdf"),
    path("<slug:slug>/badges.pdf", views_organiser.badges_pdf, name="badges_pdf"),
    path("<slug:slug>/documenten/", views_organiser.document_add, name="document_add"),
    path("<slug:slug>/feedback/", views_feedback.summary, name="feedback_summary"),
    path("<slug:slug>/annuleren/", views_organiser.cancel_event, name="cancel"),
    path("<slug:slug>/besloten/", views_intervisie.close, name="close"),
    path("<slug:slug>/deelnemers/", views_intervisie.participants, name="participants"),
    path(
        "<slug:slug>/deelnemers/<int:user_id>/verwijderen/",
        views_intervisie.participant_remove,
        name="participant_remove",
    ),
    path("<slug:slug>/verklaring/", views_intervisie.accept, name="accept"),
    path("<slug:slug>/casussen/", views_intervisie.case_add, name="case_add"),
    path("<slug:slug>/notities/", views_intervisie.note_add, name="note_add"),
]
