from django.urls import path

from stadskennis.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("start/taken/", views.tasks, name="tasks"),
]
