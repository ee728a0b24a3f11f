from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from governance.forms.situation import FreezeForm
from governance.models import SituationReport
from governance.situation import freeze
from governance.situation_pdf import filename, render_pdf


@permission_required("governance.view_situationreport", raise_exception=True)
@require_safe
def situation_reports(request):
    reports = SituationReport.objects.select_related("created_by").defer("figures")
    return render(request, "governance/situation_report_list.html", {"reports": reports})


@permission_required("governance.add_situationreport", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def situation_report_create(request):
    form = FreezeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = freeze(rhythm=data["rhythm"], day=data["day"], analysis=data["analysis"],
                        priorities=data["priorities"], by=request.user)
        messages.success(request, _("The situation report is frozen."))
        return redirect("governance:situation_report", pk=report.pk)
    return render(request, "governance/situation_report_form.html", {"form": form})


@permission_required("governance.view_situationreport", raise_exception=True)
@require_safe
def situation_report(request, pk):
    report = get_object_or_404(SituationReport.objects.select_related("created_by"), pk=pk)
    versions = SituationReport.objects.filter(rhythm=report.rhythm, period_start=report.period_start).defer("figures")
    context = {"report": report, "data": report.figures, "frozen": True, "public": False, "versions": versions,
               "priorities": report.priorities.all()}
    return render(request, "governance/situation_report.html", context)


@permission_required("governance.view_situationreport", raise_exception=True)
@require_safe
def situation_report_pdf(request, pk):
    """The situation report as a PDF/A document for the diary, in the reader's language."""
    report = get_object_or_404(SituationReport.objects.select_related("created_by"), pk=pk)
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    response["Cache-Control"] = "private, no-store"
    return response
