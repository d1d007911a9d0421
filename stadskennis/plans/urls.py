from django.urls import path

from stadskennis.plans import views, views_dashboard, views_elements, views_releases, views_setup

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("vergelijken/", views_dashboard.compare_cities, name="compare_cities"),
    path("vergelijken/kennisitem/", views_dashboard.comparison_to_item, name="comparison_to_item"),
    path("organisatie/<slug:slug>/", views_setup.organisation_setup, name="setup"),
    path("organisatie/<slug:slug>/nieuw-plan/", views_setup.plan_new, name="plan_new"),
    path("organisatie/<slug:slug>/planbeheerders/", views_setup.manager_grant, name="manager_grant"),
    path(
        "organisatie/<slug:slug>/planbeheerders/<int:manager>/intrekken/",
        views_setup.manager_revoke,
        name="manager_revoke",
    ),
    path("organisatie/<slug:slug>/statussen/nieuw/", views_setup.status_edit, name="status_new"),
    path("organisatie/<slug:slug>/statussen/<int:status>/", views_setup.status_edit, name="status_edit"),
    path(
        "organisatie/<slug:slug>/statussen/<int:status>/verwijderen/",
        views_setup.status_delete,
        name="status_delete",
    ),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/importeren/", views.plan_import, name="import"),
    path("<int:pk>/importeren/bevestigen/", views.plan_import_confirm, name="import_confirm"),
    path("<int:pk>/overnemen/", views.plan_carry_over, name="carry_over"),
    path("<int:pk>/rapporteringen/nieuw/", views_releases.release_new, name="release_new"),
    path("<int:pk>/rapporteringen/vergelijken/", views_releases.release_compare, name="release_compare"),
    path("<int:pk>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("<int:pk>/publiek/", views_dashboard.public_dashboard, name="public_dashboard"),
    path("<int:pk>/publiek/instellen/", views_dashboard.publish_dashboard, name="publish_dashboard"),
    path("<int:pk>/delen/", views_dashboard.share_for_comparison, name="share_for_comparison"),
    path("element/<int:pk>/", views_elements.element_detail, name="element"),
    path("<int:pk>/element/nieuw/", views_elements.element_edit, name="element_new"),
    path("<int:pk>/element/<int:element>/wijzigen/", views_elements.element_edit, name="element_edit"),
    path("<int:pk>/element/<int:element>/verwijderen/", views_elements.element_delete, name="element_delete"),
    path("element/<int:pk>/indicator/nieuw/", views_elements.indicator_edit, name="indicator_new"),
    path("element/<int:pk>/indicator/<int:indicator>/", views_elements.indicator_edit, name="indicator_edit"),
    path(
        "element/<int:pk>/indicator/<int:indicator>/verwijderen/",
        views_elements.indicator_delete,
        name="indicator_delete",
    ),
    path("rapportering/<int:pk>/", views_releases.release_detail, name="release"),
    path("rapportering/<int:pk>/export.xlsx", views_releases.release_export, name="release_export"),
    path("rapportering/<int:pk>/rapport/", views_releases.council_report, name="council_report"),
    path("rapportering/<int:pk>/rapport/pdf/", views_releases.council_pdf, name="council_pdf"),
    path(
        "rapportering/<int:pk>/rapport/rapport.pdf",
        views_releases.council_pdf_download,
        name="council_pdf_download",
    ),
    path("rapportering/<int:pk>/element/<int:entry>/", views_releases.entry_update, name="entry_update"),
    path("rapportering/<int:pk>/herinneren/", views_releases.release_remind, name="release_remind"),
    path("rapportering/<int:pk>/bevriezen/", views_releases.release_freeze, name="release_freeze"),
]
