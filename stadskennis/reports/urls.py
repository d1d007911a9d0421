from django.urls import path

from stadskennis.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("nieuw/", views.report_create, name="create"),
    path("<slug:slug>/", views.report_detail, name="detail"),
    path("<slug:slug>/pdf", views.report_pdf_download, name="pdf"),
    path("<slug:slug>/bewerken/", views.report_edit, name="edit"),
    path("<slug:slug>/verwijderen/", views.report_delete, name="delete"),
]
