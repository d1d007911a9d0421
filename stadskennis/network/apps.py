from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "stadskennis.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from stadskennis.network.search_people import PersonProvider, WorkgroupProvider
        from stadskennis.network.search_submissions import SubmissionProvider
        from stadskennis.search.registry import register

        register(PersonProvider())
        register(WorkgroupProvider())
        register(SubmissionProvider())
        from stadskennis.core.task_registry import register_task_source
        from stadskennis.network.my_tasks import SOURCES as TASK_SOURCES

        for task_source in TASK_SOURCES:
            register_task_source(task_source)
        # A theme's dossier shows, city by city, the people who work on the theme.
        from stadskennis.knowledge.dossier import register_dossier_section
        from stadskennis.network import dossier_people

        register_dossier_section(dossier_people.SECTION)
