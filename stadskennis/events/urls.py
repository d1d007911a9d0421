from django.urls import path

from stadskennis.events import views, views_feeds, views_organiser

app_name = "events"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda.ics", views_feeds.public_ics, name="public_ics"),
    path("thema/<slug:slug>.ics", views_feeds.theme_ics, name="theme_ics"),
    path("mijn-agenda/", views_feeds.my_feed, name="my_feed"),
    path("mijn-agenda/<str:token>.ics", views_feeds.personal_ics, name="personal_ics"),
    path("inschrijving/<str:token>/", views.registration, name="registration"),
    path("<slug:slug>/", views.event, name="event"),
    path("<slug:slug>/inschrijven/", views.register, name="register"),
    path("<slug:slug>/agenda.ics", views_feeds.event_ics, name="event_ics"),
    path("<slug:slug>/inschrijvingen/", views_organiser.registrants, name="registrants"),
    path("<slug:slug>/inschrijvingen.csv", views_organiser.registrants_csv, name="registrants_csv"),
]
