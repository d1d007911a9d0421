from django.urls import path

from stadskennis.newsletter import views, views_archive, views_issues, views_spotlight

app_name = "newsletter"
urlpatterns = [
    path("inschrijven/", views.signup, name="signup"),
    path("mijn-abonnement/", views.mine, name="mine"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/", views.manage, name="manage"),
    path("uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("speelveld/", views_spotlight.archive, name="spotlight"),
    path("speelveld/rss.xml", views_spotlight.SpotlightFeed(), name="spotlight_rss"),
    path("speelveld/atom.xml", views_spotlight.SpotlightAtomFeed(), name="spotlight_atom"),
    path("speelveld/wachtrij/", views_spotlight.queue, name="spotlight_queue"),
    path("speelveld/wachtrij/<int:pk>/verwijderen/", views_spotlight.remove, name="spotlight_remove"),
    path("archief/", views_archive.archive, name="archive"),
    path("archief/rss.xml", views_archive.IssueFeed(), name="archive_rss"),
    path("archief/atom.xml", views_archive.IssueAtomFeed(), name="archive_atom"),
    path("archief/<int:number>/", views_archive.issue, name="issue"),
    path("uitgaven/", views_issues.issue_list, name="issues"),
    path("uitgaven/nieuw/", views_issues.issue_new, name="issue_new"),
    path("uitgaven/importeren/", views_issues.import_older, name="import"),
    path("uitgaven/<int:pk>/", views_issues.compose, name="compose"),
    path("uitgaven/<int:pk>/voorbeeld/", views_issues.preview, name="preview"),
    path("uitgaven/<int:pk>/voorbeeld.html", views_issues.preview_html, name="preview_html"),
    path("uitgaven/<int:pk>/voorbeeld.txt", views_issues.preview_text, name="preview_text"),
]
