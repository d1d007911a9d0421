from django.urls import path

from stadskennis.knowledge import feeds, views

app_name = "knowledge"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("nieuw/", views.item_create, name="create"),
    path("voorstellen/", views.item_propose, name="propose"),
    path("voorstellen/wachtrij/", views.proposal_list, name="proposals"),
    path("<int:pk>/publiceren/", views.item_publish, name="publish"),
    path("<int:pk>/bijlagen/", views.item_attachments, name="attachments"),
    path("themas/", views.theme_list, name="themes"),
    path("thema/<slug:slug>/", views.theme_dossier, name="theme"),
    path("thema/<slug:slug>/bewerken/", views.theme_dossier_edit, name="theme_edit"),
    path("importeren/", views.import_start, name="import"),
    path("importeren/<int:pk>/", views.import_status, name="import_status"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/bewerken/", views.item_edit, name="edit"),
    path("<int:pk>/verwijderen/", views.item_delete, name="delete"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("feed/rss/", feeds.LatestItemsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestItemsAtomFeed(), name="feed_atom"),
    path("thema/<slug:slug>/feed/rss/", feeds.LatestItemsFeed(), name="theme_feed_rss"),
    path("thema/<slug:slug>/feed/atom/", feeds.LatestItemsAtomFeed(), name="theme_feed_atom"),
]
