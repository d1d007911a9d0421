from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "stadskennis.events"
    label = "events"
    verbose_name = _("Agenda")

    def ready(self):
        from stadskennis.core.recovery import register_housekeeping
        from stadskennis.events.registrations import expired_places_pass_on, reminders_due
        from stadskennis.events.search_provider import EventProvider
        from stadskennis.search.registry import register

        register(EventProvider())
        register_housekeeping(expired_places_pass_on)
        register_housekeeping(reminders_due)
        from stadskennis.events.feedback import requests_due as feedback_requests_due

        register_housekeeping(feedback_requests_due)
        from stadskennis.core.task_registry import register_task_source
        from stadskennis.events.my_tasks import SOURCES

        for source in SOURCES:
            register_task_source(source)
        # A speaker on leegstand is someone to call about leegstand.
        from stadskennis.events import evidence
        from stadskennis.network.expertise import register_evidence

        register_evidence(evidence.SOURCE)
        # Registrants' personal data: in the GDPR export, gone with an erasure, and after the
        # retention period (docs/gdpr.md).
        from stadskennis.events import privacy
        from stadskennis.network.privacy import (
            AccountData,
            AddressData,
            register_account_data,
            register_address_data,
        )

        register_account_data(
            AccountData(export=privacy.account_data_export, erase=privacy.account_data_erase)
        )
        # A registration made with the public form has an address and no account: it goes with the
        # person whose address it is.
        register_address_data(
            AddressData(export=privacy.address_data_export, erase=privacy.address_data_erase)
        )
        register_housekeeping(privacy.past_registrations_anonymise)
