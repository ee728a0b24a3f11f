"""The public page of the cooperation agreement and its organisation."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from governance.models import Agreement, GroupRole


@login_not_required
@require_safe
def agreement(request):
    current = Agreement.objects.prefetch_related("documents", "groups").order_by("-signed_on", "-pk").first()
    groups = []
    if current:
        for group in current.groups.all():
            members = group.current_members().select_related("user")
            groups.append(
                {
                    "group": group,
                    "chairs": [m for m in members if m.role == GroupRole.CHAIR],
                    "coordinators": [m for m in members if m.role == GroupRole.COORDINATOR],
                }
            )
    return render(request, "governance/agreement.html", {"agreement": current, "groups": groups})
