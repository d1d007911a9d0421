from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "stadskennis.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # Subscribers' addresses are personal data: in a person's GDPR export, gone with their
        # erasure, whether or not they have an account (network/privacy.py).
        from stadskennis.network.privacy import AddressData, register_address_data
        from stadskennis.newsletter import subscriptions

        register_address_data(
            AddressData(export=subscriptions.address_data_export, erase=subscriptions.address_data_erase)
        )
        from stadskennis.core.recovery import register_housekeeping

        register_housekeeping(subscriptions.pending_forget)
        from stadskennis.newsletter.weekly import spotlight_mail_due

        register_housekeeping(spotlight_mail_due)
        from stadskennis.mail.services import register_bounce_listener
        from stadskennis.newsletter.sending import bounce_count

        register_bounce_listener(bounce_count)
