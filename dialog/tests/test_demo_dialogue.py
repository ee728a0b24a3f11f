import pytest

from dialog import demo_dialogue
from dialog.models import ActivityKind, Concern, DialogueActivity, Feedback, FeedbackStatus, WalkPhase
from incidents.categories import ensure_default_categories
from incidents.demo import seed_localities
from incidents.models import Category, Report, Source

pytestmark = pytest.mark.django_db


def test_demo_dialogue_seed_is_idempotent_and_complete():
    seed_localities()
    ensure_default_categories(Category)
    lines = []
    demo_dialogue.seed(100, lines.append)
    counts = (Feedback.objects.count(), DialogueActivity.objects.count(), Concern.objects.count(), Report.objects.count())
    demo_dialogue.seed(100, lines.append)
    assert (Feedback.objects.count(), DialogueActivity.objects.count(), Concern.objects.count(),
            Report.objects.count()) == counts
    assert lines[-2:] == [f"Feedback: {counts[0]} (0 new)", f"Dialogue activities: {counts[1]} (0 new)"]

    assert Feedback.objects.count() == 40
    assert len({f.status for f in Feedback.objects.all()}) >= 3
    public = Feedback.objects.filter(status=FeedbackStatus.ANSWERED_PUBLICLY)
    assert public.exists() and all(f.public_question and f.answer and f.public_question != f.text for f in public)
    assert Feedback.objects.filter(themes__isnull=False).exists()

    walks = DialogueActivity.objects.filter(kind=ActivityKind.SAFETY_WALK, part_of__isnull=True)
    assert walks.count() == 2
    for walk in walks:
        assert {p.walk_phase for p in walk.parts.all()} | {walk.walk_phase} == set(WalkPhase.values)
    reported = Concern.objects.filter(report__isnull=False)
    assert reported.count() == 4
    assert all(c.report.source == Source.SAFETY_WALK for c in reported)
