from django.urls import path

from stadskennis.questions import views, views_publish
from stadskennis.questions import views_rondvraag as rv

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
    path("rondvragen/", rv.rondvraag_list, name="rondvraag_list"),
    path("rondvragen/nieuw/", rv.rondvraag_create, name="rondvraag_create"),
    path("rondvragen/<int:pk>/", rv.rondvraag, name="rondvraag"),
    path("rondvragen/<int:pk>/vragen/", rv.question_add, name="rondvraag_question_add"),
    path(
        "rondvragen/<int:pk>/vragen/<int:question_pk>/verwijderen/",
        rv.question_delete,
        name="rondvraag_question_delete",
    ),
    path("rondvragen/<int:pk>/versturen/", rv.send, name="rondvraag_send"),
    path("rondvragen/<int:pk>/herinneren/", rv.remind, name="rondvraag_remind"),
    path("rondvragen/<int:pk>/afsluiten/", rv.close, name="rondvraag_close"),
    path("rondvragen/<int:pk>/heropenen/<int:recipient_pk>/", rv.reopen, name="rondvraag_reopen"),
    path("rondvragen/<int:pk>/antwoorden/", rv.respond, name="respond"),
    path("rondvragen/<int:pk>/collega/", rv.invite_colleague, name="invite_colleague"),
    path("rondvragen/<int:pk>/vergelijking/", rv.comparison, name="comparison"),
    path("rondvragen/<int:pk>/publiceren/", views_publish.publish, name="rondvraag_publish"),
    path("rondvragen/<int:pk>/kopie/", rv.copy, name="rondvraag_copy"),
    path("rondvragen/<int:pk>/doorheen-de-tijd/<int:other_pk>/", rv.over_time, name="rondvraag_over_time"),
]
