"""Measures (åtgärder) for staff: list, map, detail with process and effect follow-up, editing.

Everyone with governance.view_measure reads; working-group members, police
liaisons and coordinators create measures; who edits and reports progress
depends on the owner and the responsible person (Measure.can_edit, from
trygg.roles.MEASURE_EDIT_SCOPES). Every change is kept as a ChangeRecord.
"""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import effect, indicators
from governance.history import history_of
from governance.forms.measures import MeasureFilterForm, MeasureForm, MilestoneForm, ProgressForm
from governance.models import ChangeRecord, Measure, MeasureProgress, Milestone, StaleEdit

DUE_SOON_DAYS = 14


def measures_for_list(measures):
    return measures.select_related("locality", "responsible_person", "category").prefetch_related(
        "milestones", Prefetch("progress_reports", queryset=MeasureProgress.objects.order_by("-date", "-pk"))
    )


@permission_required("governance.view_measure", raise_exception=True)
@require_safe
def measure_list(request):
    """Overdue measures first, then those due within 14 days, then the rest."""
    filter_form = MeasureFilterForm(request.GET, user=request.user)
    measures = filter_form.filter(Measure.objects.all())
    today = timezone.localdate()
    overdue = measures.overdue(today=today)
    due_soon = measures.due_soon(days=DUE_SOON_DAYS, today=today)
    rest = measures.exclude(pk__in=overdue.values("pk")).exclude(pk__in=due_soon.values("pk"))
    sections = [
        ("overdue", _("Overdue"), measures_for_list(overdue)),
        ("due-soon", _("Due within %(days)d days") % {"days": DUE_SOON_DAYS}, measures_for_list(due_soon)),
        ("other", _("Other measures"), measures_for_list(rest)),
    ]
    return render(request, "governance/measure_list.html", {
        "filter_form": filter_form,
        "filter_summary": filter_form.summary(),
        "sections": sections,
        "map": {
            "geojson_url": reverse("governance:measures_geojson"),
            "bounds": json.dumps([settings.MAP_BOUNDS[:2], settings.MAP_BOUNDS[2:]]),
            "tiles_url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        },
    })


@permission_required("governance.view_measure", raise_exception=True)
@require_safe
def measures_geojson(request):
    """Measures as GeoJSON points for the maps of the list and the detail page (``?atgard=<pk>``: that one).

    A measure without a point of its own is shown at the centre of its locality (``at_locality``), one
    with neither is left out.
    """
    measures = Measure.objects.filter(
        Q(latitude__isnull=False, longitude__isnull=False) | Q(locality__isnull=False)
    ).select_related("locality")
    one = request.GET.get("atgard", "")
    if one:
        measures = measures.filter(pk=int(one)) if re.fullmatch(r"[0-9]{1,9}", one) else measures.none()
    features = []
    for m in measures:
        latitude, longitude, at_locality = m.point
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": {
                "id": m.pk, "title": m.title, "status": m.get_status_display(),
                "radius_metres": None if at_locality else m.radius_metres,
                "at_locality": at_locality, "place": m.locality.name if m.locality_id else "",
                "url": reverse("governance:measure_detail", args=[m.pk]),
            },
        })
    return HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        content_type="application/geo+json",
    )


def detail_context(request, measure, progress_form=None, milestone_form=None):
    return {
        "measure": measure,
        "can_edit": measure.can_edit(request.user),
        "progress_reports": measure.progress_reports.select_related("author").order_by("-date", "-pk"),
        "milestones": measure.milestones.all(),
        "results": indicators.compute_all(measure),
        "effect": effect.follow_up(measure).as_dict(),
        "history": history_of(measure),
        "progress_form": progress_form or ProgressForm(prefix="progress", measure=measure),
        "milestone_form": milestone_form or MilestoneForm(prefix="milestone", measure=measure),
        "is_overdue": measure.is_overdue(),
        "linked_reports": measure.reports.select_related("category", "locality").order_by("pk"),
        "linked_problems": measure.problems.select_related("report"),
        "point": measure.point,
        "map": {
            "geojson_url": reverse("governance:measures_geojson") + f"?atgard={measure.pk}",
            "bounds": json.dumps([settings.MAP_BOUNDS[:2], settings.MAP_BOUNDS[2:]]),
            "tiles_url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        },
    }


def get_measure(pk):
    return get_object_or_404(
        Measure.objects.select_related(
            "locality", "category", "responsible_person", "decision__meeting__group", "decision__decided_by",
            "control_locality_near",
            "control_locality_far",
        ),
        pk=pk,
    )


@permission_required("governance.view_measure", raise_exception=True)
@require_safe
def measure_detail(request, pk):
    measure = get_measure(pk)
    return render(request, "governance/measure_detail.html", detail_context(request, measure))


@permission_required("governance.add_measure", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def measure_create(request):
    initial = {"version": 1}
    decision = request.GET.get("beslut", "")
    if re.fullmatch(r"[0-9]{1,9}", decision):
        initial["decision"] = int(decision)  # "Start a measure from this decision"
    report = request.GET.get("rapport", "")
    if report:
        initial["report_references"] = report[:20]  # "Start a measure that answers this report"; the form checks it
    form = MeasureForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        measure = form.save(commit=False)
        measure.save_new(request.user, links=form.links)
        messages.success(request, _("The measure is saved."))
        return redirect("governance:measure_detail", pk=measure.pk)
    return render(request, "governance/measure_form.html", {"form": form, "measure": None})


@permission_required("governance.view_measure", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def measure_edit(request, pk):
    measure = get_measure(pk)
    if not measure.can_edit(request.user):
        raise PermissionDenied
    before = measure.snapshot()
    form = MeasureForm(request.POST or None, instance=measure, user=request.user)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        submitted_version = form.cleaned_data["version"]
        try:
            measure.save_edit(request.user, submitted_version, before, links=form.links)
        except StaleEdit as error:
            # Someone saved in between: show what they changed; the editor decides and saves again.
            current = get_measure(pk)
            conflicts = history_of_records(current.changes_since(submitted_version))
            data = request.POST.copy()
            data["version"] = current.version
            form = MeasureForm(data, instance=current, user=request.user)
            form.is_valid()
            form.add_error(None, str(error))
            return render(request, "governance/measure_form.html",
                          {"form": form, "measure": measure, "conflicts": conflicts}, status=409)
        messages.success(request, _("The measure is saved."))
        return redirect("governance:measure_detail", pk=measure.pk)
    return render(request, "governance/measure_form.html", {"form": form, "measure": measure, "conflicts": conflicts})


def history_of_records(records):
    labels = {
        name: Measure._meta.get_field(name).verbose_name for name in Measure.TRACKED_FIELDS + Measure.LINK_FIELDS
    }
    return [
        {"record": record, "changes": [
            (labels[name], values[0], values[1]) for name, values in record.changes.items() if name in labels
        ]}
        for record in records
    ]


def editable_measure(request, pk):
    measure = get_measure(pk)
    if not measure.can_edit(request.user):
        raise PermissionDenied
    return measure


@permission_required("governance.view_measure", raise_exception=True)
@require_POST
def measure_add_progress(request, pk):
    measure = editable_measure(request, pk)
    form = ProgressForm(request.POST, prefix="progress", measure=measure)
    if not form.is_valid():
        return render(request, "governance/measure_detail.html", detail_context(request, measure, progress_form=form),
                      status=400)
    measure.report_progress(form.save(commit=False), by=request.user)
    messages.success(request, _("The progress report is saved."))
    return redirect(reverse("governance:measure_detail", args=[measure.pk]) + "#process")


@permission_required("governance.view_measure", raise_exception=True)
@require_POST
def measure_add_milestone(request, pk):
    measure = editable_measure(request, pk)
    form = MilestoneForm(request.POST, prefix="milestone", measure=measure)
    if not form.is_valid():
        return render(request, "governance/measure_detail.html", detail_context(request, measure, milestone_form=form),
                      status=400)
    measure.add_milestone(form.save(commit=False), by=request.user)
    messages.success(request, _("The milestone is saved."))
    return redirect(reverse("governance:measure_detail", args=[measure.pk]) + "#process")


@permission_required("governance.view_measure", raise_exception=True)
@require_POST
def milestone_done(request, pk, milestone_pk):
    measure = editable_measure(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, measure=measure)
    if measure.mark_milestone_done(milestone, by=request.user):
        messages.success(request, _("The milestone is marked as done."))
    return redirect(reverse("governance:measure_detail", args=[measure.pk]) + "#process")
