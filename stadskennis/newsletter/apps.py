from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "stadskennis.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # Subscribers' addresses are personal data: in the GDPR export, gone with an erasure.
        from stadskennis.network.privacy import AccountData, register_account_data
        from stadskennis.newsletter import subscriptions

        register_account_data(
            AccountData(export=subscriptions.account_data_export, erase=subscriptions.account_data_erase)
        )
        from stadskennis.core.recovery import register_housekeeping

        register_housekeeping(subscriptions.pending_forget)
