from django.urls import path

from stadskennis.indicators import (
    dcat,
    views,
    views_catalogue,
    views_compare,
    views_groups,
    views_indicator,
    views_own,
    views_profile,
    views_similar,
    views_upload,
    views_upload_progress,
)

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # The DCAT-AP catalogue of the public datasets (open data, issue 14 point 8): dcat.py.
    path("dcat.jsonld", dcat.catalogue_jsonld, name="dcat_jsonld"),
    path("dcat.ttl", dcat.catalogue_turtle, name="dcat_turtle"),
    path("importeren/", views_upload.figures_upload, name="upload"),  # before <slug:code>/
    path("importeren/<slug:token>/", views_upload_progress.figures_upload_job, name="upload_job"),
    path("vergelijken/", views_compare.compare, name="compare"),
    path("stad/<str:key>/", views_profile.city_profile, name="city"),
    # Comparison groups and similar municipalities (issue 14, point 2): views_groups.py, views_similar.py.
    path("groepen/", views_groups.group_list, name="groups"),
    path("groepen/nieuw/", views_groups.group_new, name="group_new"),
    path("groepen/<slug:slug>/", views_groups.group_detail, name="group"),
    path("groepen/<slug:slug>/bewerken/", views_groups.group_edit, name="group_edit"),
    path("groepen/<slug:slug>/verwijderen/", views_groups.group_remove, name="group_delete"),
    path("vergelijkbaar/", views_similar.similar, name="similar"),
    path("nieuw/", views_catalogue.indicator_create, name="create"),  # before <slug:code>/
    # A city's own datasets (issue 14, point 6): views_own.py.
    path("eigen-datasets/", views_own.own_list, name="own"),
    path("eigen-datasets/nieuw/", views_own.own_create, name="own_create"),
    path("eigen-datasets/<slug:code>/", views_own.own_edit, name="own_edit"),
    path("<slug:code>/", views_indicator.indicator_detail, name="indicator"),
    path("<slug:code>/bewerken/", views_catalogue.indicator_edit, name="edit"),
    path("<slug:code>/stopzetten/", views_catalogue.indicator_retire, name="retire"),
]
