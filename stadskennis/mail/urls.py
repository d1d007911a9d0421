from django.urls import path

from stadskennis.mail import views

app_name = "mail"
urlpatterns = [path("bounces/", views.bounces, name="bounces")]
