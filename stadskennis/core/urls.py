from django.urls import path

from stadskennis.core import views

app_name = "core"
urlpatterns = [
    path("beheer/prullenbak/", views.trash, name="trash"),
    path("beheer/prullenbak/<str:model_label>/<int:pk>/herstellen/", views.restore, name="restore"),
    path("beheer/logboek/", views.audit_log, name="audit_log"),
    path("beheer/mail/", views.mail_list, name="mail_list"),
    path("beheer/mail/<int:pk>/", views.mail_detail, name="mail_detail"),
]
