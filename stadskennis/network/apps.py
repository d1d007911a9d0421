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
