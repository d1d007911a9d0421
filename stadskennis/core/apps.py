from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _refresh_statistics_after_migrate(*, plan=None, using="default", **kwargs) -> None:
    """A migration may rebuild a table (SQLite copies it) or fill one: plan on fresh statistics.
    `flush` (tests) and a migrate with nothing to do send no plan and cost nothing."""
    if plan:
        from stadskennis.core.maintenance import refresh_planner_statistics

        refresh_planner_statistics(using=using)


class CoreConfig(AppConfig):
    name = "stadskennis.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from stadskennis.core import lookups
        from stadskennis.core.process import freeze_after_first_request

        lookups.register()
        # post_migrate is sent once per app after the whole migrate; sender=self runs this once.
        post_migrate.connect(
            _refresh_statistics_after_migrate, sender=self, dispatch_uid="core-planner-statistics"
        )
        request_finished.connect(freeze_after_first_request, dispatch_uid="core-gc-freeze")
