from django.urls import path

from stadskennis.network import views

app_name = "network"
urlpatterns = [
    path("", views.people, name="people"),
    path("mensen/<int:pk>/", views.person, name="person"),
    path("organisaties/", views.organisations, name="organisations"),
    path("organisaties/<slug:slug>/", views.organisation, name="organisation"),
    path("werkgroepen/", views.workgroups, name="workgroups"),
    path("werkgroepen/<slug:key>/", views.workgroup, name="workgroup"),
]
