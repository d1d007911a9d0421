from django.urls import path

from stadskennis.questions import views

app_name = "questions"
urlpatterns = [
    path("", views.index, name="index"),
    path("vragen/nieuw/", views.ask, name="ask"),
    path("vragen/suggesties/", views.suggestions, name="suggestions"),
    path("vragen/<int:pk>/", views.detail, name="detail"),
    path("vragen/<int:pk>/bericht/", views.message, name="message"),
    path("vragen/<int:pk>/behandelen/", views.handle, name="handle"),
    path("vragen/<int:pk>/akkoord/", views.agree, name="agree"),
    path("vragen/<int:pk>/publiceren/", views.publish, name="publish"),
]
