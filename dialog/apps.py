from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from trygg.dashboard import Task


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogue and surveys")

    dashboard_tasks = [
        Task(
            _("Surveys"),
            _("Build, publish and follow up safety surveys."),
            "dialog:survey_list",
            permission="dialog.view_survey",
        ),
    ]
