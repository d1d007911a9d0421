from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "stadskennis.follows"
    label = "follows"
    verbose_name = _("Following")

    def ready(self):
        from stadskennis.follows import services
        from stadskennis.network.privacy import AccountData, register_account_data

        register_account_data(
            AccountData(export=services.account_data_export, erase=services.account_data_erase)
        )
