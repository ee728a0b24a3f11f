from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from governance import picture
from governance.forms.picture import PictureFilterForm
from governance.picture_chart import hotspot_chart, trend_chart
from incidents.models import Locality, ReportConfirmation


def picture_page(request, public):
    form = PictureFilterForm(request.GET or None, localities=Locality.objects.order_by("name"))
    if request.GET and not form.is_valid():
        context = {"form": form, "public": public, "data": None, "query": request.GET.urlencode(),
                   "cache_seconds": settings.PICTURE_CACHE_SECONDS}
        return render(request, "governance/picture.html", context, status=400)
    data = compute_from(form, public)
    return render(request, "governance/picture.html", {
        "form": form, "public": public, "data": data, "query": request.GET.urlencode(),
        "cache_seconds": settings.PICTURE_CACHE_SECONDS,
        "confirmations": None if public else confirmations_from(form),
    })


def confirmations_from(form):
    """"I have seen this too" in the period, per category: residents saying a public report matches what they saw."""
    cleaned = form.cleaned_data if form.is_bound else {}
    period = form.selected_period() if form.is_bound else picture.Period.last_full(picture.MONTH)
    rows = ReportConfirmation.objects.per_category(
        period.start, period.end, locality=cleaned.get("locality"), kind=cleaned.get("kind") or None
    )
    return {"period": period, "rows": rows, "total": sum(count for _category, count, _reports in rows)}


def compute_from(form, public):
    cleaned = form.cleaned_data if form.is_bound else {}
    period = form.selected_period() if form.is_bound else picture.Period.last_full(picture.MONTH)
    return picture.cached_compute(
        period, locality=cleaned.get("locality"), kind=cleaned.get("kind") or None, public=public,
        language=translation.get_language(), localities=form.localities,
    )


CHARTS = {
    "trend": ("governance/picture_trend.svg",
              lambda data, localities: trend_chart(data["trend"], _("Reports per month"))),
    "hotspots": ("governance/picture_hotspots.svg",
                 lambda data, localities: hotspot_chart(data["hotspots"], _("Reports per 250 m square"), localities)),
}


def chart_svg(request, public, name):
    form = PictureFilterForm(request.GET or None, localities=Locality.objects.order_by("name"))
    if request.GET and not form.is_valid():
        return render(request, "governance/picture_error.txt", {"form": form}, status=400,
                      content_type="text/plain; charset=utf-8")
    template, layout = CHARTS[name]
    response = render(request, template, {"chart": layout(compute_from(form, public), form.localities)}, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def steering_picture(request):
    return picture_page(request, public=False)


@login_not_required
@require_safe
def public_picture(request):
    return picture_page(request, public=True)


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def picture_trend_svg(request):
    return chart_svg(request, public=False, name="trend")


@login_not_required
@require_safe
def public_picture_trend_svg(request):
    return chart_svg(request, public=True, name="trend")


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def picture_hotspots_svg(request):
    return chart_svg(request, public=False, name="hotspots")


@login_not_required
@require_safe
def public_picture_hotspots_svg(request):
    return chart_svg(request, public=True, name="hotspots")
