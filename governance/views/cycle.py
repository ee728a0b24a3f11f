from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from governance.cycle import year_cycle


@permission_required("governance.view_meeting", raise_exception=True)
def cycle(request):
    year = timezone.localdate().year
    return render(request, "governance/cycle.html", {"year": year, "steps": year_cycle(year)})
