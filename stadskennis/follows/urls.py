from django.urls import path

from stadskennis.follows import views

app_name = "follows"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("wijzigen/", views.follow_toggle, name="toggle"),
    path("uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
