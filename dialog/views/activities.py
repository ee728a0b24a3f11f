"""Dialogue activities: meetings, staff dialogue and safety walks with participants and concerns.

Coordinators log and edit them (dialog.add/change_dialogueactivity) and turn
concerns into reports; the working group and police liaisons read them
(dialog.view_dialogueactivity).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dialog import actions
from dialog.activity_forms import ActivityFilterForm, ActivityForm, ConcernFormSet, ParticipantsForm
from dialog.models import ActivityKind, Concern, DialogueActivity

PER_PAGE = 25


@permission_required("dialog.view_dialogueactivity", raise_exception=True)
@require_safe
def activity_list(request):
    filter_form = ActivityFilterForm(request.GET)
    activities = filter_form.filter(
        DialogueActivity.objects.select_related("locality", "part_of")
        .prefetch_related("participants")
        .annotate(concern_count=Count("concerns"))
        .order_by("-date", "-pk")
    )
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("sida"))
    page_query = request.GET.copy()
    page_query.pop("sida", None)
    context = {"filter_form": filter_form, "page": page, "page_query": page_query.urlencode()}
    return render(request, "dialog/activity_list.html", context)


def phases_of(activity):
    """All phases of the safety walk the activity belongs to, in date order; none for other activities."""
    if activity.kind != ActivityKind.SAFETY_WALK:
        return []
    head = activity.part_of or activity
    return DialogueActivity.objects.filter(Q(pk=head.pk) | Q(part_of=head)).order_by("date", "pk")


@permission_required("dialog.view_dialogueactivity", raise_exception=True)
@require_safe
def activity_detail(request, pk):
    activity = get_object_or_404(
        DialogueActivity.objects.select_related("locality", "part_of", "created_by"), pk=pk
    )
    participants = list(activity.participants.order_by("group"))
    context = {
        "activity": activity,
        "phases": phases_of(activity),
        "participants": participants,
        "participant_total": sum(p.count for p in participants),
        "concerns": activity.concerns.select_related("category", "report"),
        "signups": activity.signups.all(),
    }
    return render(request, "dialog/activity_detail.html", context)


def _edit(request, activity):
    """The form for a new or an existing activity, with its participants and concerns."""
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity)
    participants_form = ParticipantsForm(data, activity=activity, prefix="participants")
    concern_formset = ConcernFormSet(data, instance=activity, prefix="concerns")
    if data is not None and all([form.is_valid(), participants_form.is_valid(), concern_formset.is_valid()]):
        saved = actions.save_activity(form, participants_form, concern_formset, by=request.user)
        messages.success(request, _("The activity is saved."))
        return redirect("dialog:activity_detail", pk=saved.pk)
    context = {
        "form": form,
        "participants_form": participants_form,
        "concern_formset": concern_formset,
        "activity": activity if activity.pk else None,
        "has_errors": data is not None,
    }
    return render(request, "dialog/activity_form.html", context)


@permission_required("dialog.add_dialogueactivity", raise_exception=True)
def activity_create(request):
    initial_kind = request.GET.get("typ", "")
    activity = DialogueActivity(kind=initial_kind if initial_kind in ActivityKind.values else "")
    part_of = request.GET.get("del_av", "")
    if part_of.isdigit():
        activity.part_of = DialogueActivity.objects.filter(
            pk=int(part_of), kind=ActivityKind.SAFETY_WALK, part_of__isnull=True
        ).first()
        if activity.part_of:
            activity.kind = ActivityKind.SAFETY_WALK
            activity.locality = activity.part_of.locality
            activity.title = activity.part_of.title
            activity.organisers = activity.part_of.organisers
    return _edit(request, activity)


@permission_required("dialog.change_dialogueactivity", raise_exception=True)
def activity_edit(request, pk):
    return _edit(request, get_object_or_404(DialogueActivity, pk=pk))


@permission_required("dialog.change_dialogueactivity", raise_exception=True)
@require_POST
def concern_to_report(request, pk):
    concern = get_object_or_404(Concern.objects.select_related("activity"), pk=pk)
    try:
        report = actions.concern_to_report(concern, by=request.user)
    except actions.AlreadyReported:
        messages.error(request, _("This concern has already been turned into a report."))
    except ValueError:
        messages.error(request, _("There is no active category for unsafe places; add one in the admin first."))
    else:
        messages.success(
            request, _("Report %(reference)s is made and waits for moderation.") % {"reference": report.reference}
        )
    return redirect("dialog:activity_detail", pk=concern.activity_id)
