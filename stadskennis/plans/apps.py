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
        # "Mijn taken": the elements a user owns in an open release and has not updated yet.
        from stadskennis.core.task_registry import register_task_source
        from stadskennis.plans.my_tasks import SOURCES

        for source in SOURCES:
            register_task_source(source)
        # plan elements in the one search, as far as the asker may compare them: off by default
        # (decision 0016, addendum); the comparison page searches shared plans by words, theme and SDG
        from django.conf import settings

        if settings.SEARCH_PLAN_ELEMENTS:
            from stadskennis.plans.search_provider import PlanElementProvider
            from stadskennis.search.registry import register

            register(PlanElementProvider())
