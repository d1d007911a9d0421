from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "stadskennis.plans"
    label = "plans"
    verbose_name = _("Plans (ORBA)")

    def ready(self):
        from stadskennis.core.reminders import register_reminder_source
        from stadskennis.plans import releases

        register_reminder_source(lambda now: releases.due_reminders(now=now))
