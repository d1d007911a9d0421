from django.urls import path

from stadskennis.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("<slug:slug>/", views.site_page, name="site"),
    path("<slug:slug>/rss.xml", views.SiteFeed(), name="rss"),
    path("<slug:slug>/atom.xml", views.SiteAtomFeed(), name="atom"),
]
