import pytest

from dialog import demo_dialogue
from dialog.models import ActivityKind, Concern, DialogueActivity, Feedback, FeedbackStatus, WalkPhase
from incidents.categories import ensure_default_categories
from incidents.demo import seed_localities
from incidents.models import Category, Report, Source
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


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

    walks = DialogueActivity.objects.filter(kind=ActivityKind.SAFETY_WALK, part_of__isnull=True, parts__isnull=False)
    assert walks.distinct().count() == 2
    for walk in walks.distinct():
        assert {p.walk_phase for p in walk.parts.all()} | {walk.walk_phase} == set(WalkPhase.values)
    reported = Concern.objects.filter(report__isnull=False)
    assert reported.count() == 4
    assert all(c.report.source == Source.SAFETY_WALK for c in reported)


def test_demo_has_coming_and_past_public_activities():
    seed_localities()
    ensure_default_categories(Category)
    demo_dialogue.seed(100, [].append)
    public = DialogueActivity.objects.public()
    coming = list(public.coming())
    assert any(a.kind == ActivityKind.SAFETY_WALK and a.signup_limit and a.starts_at and a.accessibility for a in coming)
    assert any(a.signup_limit is None and a.contact for a in coming)
    past = public.past()
    assert past.filter(kind=ActivityKind.SAFETY_WALK).exclude(public_summary="").exclude(public_follow_up="").exists()
    assert not public.filter(kind=ActivityKind.STAFF_DIALOGUE).exists()
