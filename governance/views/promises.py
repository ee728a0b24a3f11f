"""Citizen promises (medborgarlöften), public, and the yearly action plan (handlingsplan), for staff."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from governance.forms.measures import CitizenPromiseForm
from governance.models import ActionPlan, CitizenPromise, Measure

FIRST_YEAR, LAST_YEAR = 2000, 2100


def promises_with_measures():
    # Only what the public may see of a measure: its title and status.
    return CitizenPromise.objects.prefetch_related(
        Prefetch("measures", queryset=Measure.objects.only("pk", "title", "status").order_by("due_on", "pk"))
    )


@login_not_required
@require_safe
def promises(request):
    """This year's promises first, then earlier years'."""
    by_year = [(year, list(items)) for year, items in groupby(promises_with_measures(), key=lambda p: p.year)]
    return render(request, "governance/promise_list.html", {"by_year": by_year, "this_year": timezone.localdate().year})


@permission_required("governance.add_citizenpromise", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def promise_create(request):
    return promise_form(request, CitizenPromise(year=timezone.localdate().year))


@permission_required("governance.change_citizenpromise", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def promise_edit(request, pk):
    return promise_form(request, get_object_or_404(CitizenPromise, pk=pk))


def promise_form(request, promise):
    form = CitizenPromiseForm(request.POST or None, instance=promise)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The citizen promise is saved."))
        return redirect("governance:promises")
    return render(request, "governance/promise_form.html", {"form": form, "promise": promise})


@permission_required("governance.view_actionplan", raise_exception=True)
@require_safe
def action_plan_current(request):
    return redirect("governance:action_plan", year=timezone.localdate().year)


@permission_required("governance.view_actionplan", raise_exception=True)
@require_safe
def action_plan(request, year):
    """The year's measures (starting or due that year) and promises, printable."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    plan = ActionPlan.objects.select_related("adopted_by__meeting").filter(year=year).first()
    measures = (
        Measure.objects.filter(Q(starts_on__year=year) | Q(due_on__year=year))
        .select_related("locality", "responsible_person")
        .order_by("starts_on", "pk")
    )
    return render(request, "governance/action_plan.html", {
        "year": year,
        "plan": plan,
        "measures": measures,
        "promises": promises_with_measures().filter(year=year),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
    })
