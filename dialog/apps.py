from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogue and surveys")
