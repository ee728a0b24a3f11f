from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from governance.cycle import missing, year_cycle


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def cycle(request):
    year = timezone.localdate().year
    steps = year_cycle(year, user=request.user)
    not_done = missing(steps)
    return render(request, "governance/cycle.html", {
        "year": year, "steps": steps, "missing": not_done,
        "overdue_count": sum(1 for item in not_done if item.overdue),
    })
