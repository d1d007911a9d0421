from django.urls import path

from stadskennis.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard_list, name="list"),
    path("nieuw/", views.dashboard_create, name="create"),  # "nieuw" is never a dashboard's slug
    path("<slug:slug>/", views.dashboard_detail, name="dashboard"),
    path("<slug:slug>/samenstellen/", views.dashboard_compose, name="compose"),
    path("<slug:slug>/samenstellen/gegevens/", views.dashboard_details, name="details"),
    path("<slug:slug>/verwijderen/", views.dashboard_delete, name="delete"),
    path("<slug:slug>/samenstellen/tegels/<int:pk>/verwijderen/", views.tile_remove, name="tile_remove"),
    path("<slug:slug>/samenstellen/tegels/<int:pk>/verplaatsen/", views.tile_move, name="tile_move"),
]
