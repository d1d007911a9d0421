from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "stadskennis.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from stadskennis.core.recovery import register_housekeeping
        from stadskennis.knowledge import search_provider
        from stadskennis.knowledge.services import attachments_fail_stuck
        from stadskennis.search.registry import register

        register(search_provider.KnowledgeItemProvider())
        register_housekeeping(attachments_fail_stuck)
        from stadskennis.core.task_registry import register_task_source
        from stadskennis.knowledge.my_tasks import SOURCES as TASK_SOURCES

        for task_source in TASK_SOURCES:
            register_task_source(task_source)
