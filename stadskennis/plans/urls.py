from django.urls import path

from stadskennis.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/importeren/", views.plan_import, name="import"),
    path("<int:pk>/importeren/bevestigen/", views.plan_import_confirm, name="import_confirm"),
    path("<int:pk>/overnemen/", views.plan_carry_over, name="carry_over"),
]
