from django.urls import path

from stadskennis.newsletter import views, views_spotlight

app_name = "newsletter"
urlpatterns = [
    path("inschrijven/", views.signup, name="signup"),
    path("mijn-abonnement/", views.mine, name="mine"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/", views.manage, name="manage"),
    path("uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("speelveld/", views_spotlight.archive, name="spotlight"),
    path("speelveld/rss.xml", views_spotlight.SpotlightFeed(), name="spotlight_rss"),
    path("speelveld/atom.xml", views_spotlight.SpotlightAtomFeed(), name="spotlight_atom"),
    path("speelveld/wachtrij/", views_spotlight.queue, name="spotlight_queue"),
    path("speelveld/wachtrij/<int:pk>/verwijderen/", views_spotlight.remove, name="spotlight_remove"),
]
