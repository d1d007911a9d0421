from django.contrib.auth import views as auth_views
from django.urls import path

from stadskennis.accounts import views

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("uitnodigen/", views.invite, name="invite"),
    path("uitnodiging/<str:token>/", views.accept, name="accept"),
    path("profiel/", views.profile, name="profile"),
    path("profiel/sleutels/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
]
