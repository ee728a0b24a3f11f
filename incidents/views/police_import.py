"""The coordinator's police import page: the last runs, unmapped event types, and an import now.

The work is ``incidents.police.run_import``, the same as the scheduled
``import_police_events`` command's; every run is kept as an ImportRun.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from incidents import police
from incidents.forms import PoliceImportForm
from incidents.models import ImportRun, PoliceEventType

RUNS_SHOWN = 20


@permission_required("incidents.view_importrun", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def police_import(request):
    form = PoliceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("incidents.add_importrun"):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if form.cleaned_data["source"] == PoliceImportForm.FILE:
                run, result = police.run_import(upload.name, data=upload.read(), by=request.user)
            else:
                run, result = police.run_import(settings.POLICE_EVENTS_URL, by=request.user)
            if result is None:
                messages.error(request, _("The import failed: %(error)s") % {"error": run.error})
            else:
                messages.success(request, _(
                    "Police events imported: %(new)d new, %(updated)d updated, %(skipped)d skipped."
                ) % {"new": run.new, "updated": run.updated, "skipped": run.skipped})
                if run.unmapped:
                    messages.warning(request, _(
                        "Events of types without a category were not imported: %(types)s. Map the types below."
                    ) % {"types": ", ".join(sorted(run.unmapped))})
            return redirect("incidents:police_import")
    return render(request, "incidents/police_import.html", {
        "form": form,
        "runs": ImportRun.objects.select_related("started_by")[:RUNS_SHOWN],
        "unmapped": PoliceEventType.objects.filter(category__isnull=True, ignored=False),
        "url": settings.POLICE_EVENTS_URL,
    }, status=400 if form.errors else 200)
