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
        Task(
            _("Feedback"),
            _("Read and answer residents' feedback, questions and proposals."),
            "dialog:feedback_queue",
            permission="dialog.view_feedback",
        ),
        Task(
            _("Dialogue activities"),
            _("Citizen and staff dialogue, safety walks and meetings with their participants and concerns."),
            "dialog:activity_list",
            permission="dialog.view_dialogueactivity",
        ),
    ]

    # --- What the portal asks every app (trygg/ runs these without importing the app). ---

    def retention_classes(self):
        from dialog.personal_data import RETENTION_CLASSES

        return RETENTION_CLASSES

    def seed_demo(self, size, write):
        from dialog import demo, demo_dialogue

        demo.seed(size, write)
        demo_dialogue.seed(size, write)
