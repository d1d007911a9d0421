from django.urls import path

from stadskennis.knowledge import feeds, views

app_name = "knowledge"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("nieuw/", views.item_create, name="create"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/bewerken/", views.item_edit, name="edit"),
    path("<int:pk>/verwijderen/", views.item_delete, name="delete"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("feed/rss/", feeds.LatestItemsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestItemsAtomFeed(), name="feed_atom"),
    path("thema/<slug:slug>/feed/rss/", feeds.LatestItemsFeed(), name="theme_feed_rss"),
    path("thema/<slug:slug>/feed/atom/", feeds.LatestItemsAtomFeed(), name="theme_feed_atom"),
]
