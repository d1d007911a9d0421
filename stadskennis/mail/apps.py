from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "stadskennis.mail"
    label = "mail"
    verbose_name = _("Mail that does not arrive")
