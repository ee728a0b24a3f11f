from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from trygg.dashboard import Task, ToDo


def count_unanswered_feedback(user):
    from dialog.models import Feedback, FeedbackStatus

    return Feedback.objects.filter(status=FeedbackStatus.NEW).count()


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogue and surveys")

    dashboard_todos = [
        ToDo(_("Unanswered feedback"), "dialog:feedback_queue", count_unanswered_feedback, "dialog.handle_feedback",
             "?status=new"),
    ]

    dashboard_tasks = [
        Task(
            _("Surveys"),
            _("Build, publish and follow up safety surveys."),
            "dialog:survey_list",
            permission="dialog.view_survey",
            manage_permission="dialog.change_survey",
            read_description=_("Read the safety surveys and their results."),
        ),
        Task(
            _("Feedback"),
            _("Read and answer residents' feedback, questions and proposals."),
            "dialog:feedback_queue",
            permission="dialog.view_feedback",
            manage_permission="dialog.handle_feedback",
            read_description=_("Read residents' feedback, questions and proposals and how they were answered."),
        ),
        Task(
            _("Dialogue activities"),
            _("Citizen and staff dialogue, safety walks and meetings with their participants and concerns."),
            "dialog:activity_list",
            permission="dialog.view_dialogueactivity",
            manage_permission="dialog.change_dialogueactivity",
            read_description=_("Read about citizen and staff dialogue, safety walks and the concerns raised."),
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
