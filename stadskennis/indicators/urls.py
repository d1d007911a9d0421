from django.urls import path

from stadskennis.indicators import dcat, views, views_compare, views_indicator, views_profile, views_upload

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # The DCAT-AP catalogue of the public datasets (open data, issue 14 point 8): dcat.py.
    path("dcat.jsonld", dcat.catalogue_jsonld, name="dcat_jsonld"),
    path("dcat.ttl", dcat.catalogue_turtle, name="dcat_turtle"),
    path("importeren/", views_upload.figures_upload, name="upload"),  # before <slug:code>/
    path("vergelijken/", views_compare.compare, name="compare"),
    path("stad/<str:key>/", views_profile.city_profile, name="city"),
    path("<slug:code>/", views_indicator.indicator_detail, name="indicator"),
]
