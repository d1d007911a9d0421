from django.urls import path

from stadskennis.newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("inschrijven/", views.signup, name="signup"),
    path("mijn-abonnement/", views.mine, name="mine"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/", views.manage, name="manage"),
    path("uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
