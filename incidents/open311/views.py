"""Open311 GeoReport v2: services (the categories) and service requests (the reports).

Every answer comes in JSON or XML, chosen by the URL's suffix; errors are the
specification's list of code and description: 403 for a missing or bad key,
404 for an unknown resource, 400 for bad input, and 503 with Retry-After while
the database cannot be reached (nothing was stored; send it again). Reading is
public; sending a report needs an api_key, and keyed requests have their own
hourly limit. A repeated POST stores one report (see idempotency.py).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from incidents.actions import submit_report
from incidents.models import OPEN_STATUSES, Category, Open311Key, Report, ReportEvent, Source
from incidents.open311 import documents, idempotency
from incidents.open311.forms import MAX_RESULTS, RequestSearchForm, ServiceRequestForm, WindowForm
from incidents.open311.renderers import render, render_errors
from trygg import ratelimit
from trygg.errors import is_database_unavailable, with_retry_after
from trygg.mail import absolute_url

# Requests without a key: per client and hour, unless settings.RATE_LIMITS["open311"] says otherwise.
ANONYMOUS_LIMITS = [(1000, 3600)]


class Open311Error(Exception):
    def __init__(self, status, *descriptions):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


def form_errors(form):
    return [
        message if field == "__all__" else f"{field}: {message}"
        for field, messages in form.errors.items()
        for message in messages
    ]


def parameters(request):
    """The request's parameters; a body Django cannot read is a clear 400, never a 500."""
    if request.method != "POST":
        return request.GET
    try:
        return request.POST
    except RequestDataTooBig:
        raise Open311Error(400, _("The request is too large.")) from None
    except (MultiPartParserError, TooManyFilesSent, SuspiciousOperation, BadRequest):
        raise Open311Error(400, _("The request body could not be read.")) from None


def authenticate(request):
    """The active key sent as api_key, None without one; 403 for a key that is wrong or revoked."""
    secret = parameters(request).get("api_key") or request.GET.get("api_key")
    if not secret:
        return None
    key = Open311Key.objects.matching(secret)
    if key is None:
        raise Open311Error(403, _("The api_key is not valid or has been revoked."))
    return key


def check_rate(request, key):
    if key is not None:
        exceeded = ratelimit.hit("open311-key", key.pk, [(key.requests_per_hour, 3600)])
    else:
        limits = settings.RATE_LIMITS.get("open311", ANONYMOUS_LIMITS)
        exceeded = ratelimit.hit("open311", ratelimit.client_key(request), limits)
    if exceeded:
        raise Open311Error(429, _("Too many requests. Please wait a while and try again."))


def endpoint(*methods):
    """A public Open311 view: method check, api_key, rate limit, and errors in the asked format."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorator(view):
        @login_not_required
        @wraps(view)
        def wrapped(request, fmt, **kwargs):
            try:
                if request.method not in allowed:
                    raise Open311Error(405, _("This method is not allowed here."))
                key = authenticate(request)
                check_rate(request, key)
                return view(request, fmt, key=key, **kwargs)
            except Open311Error as error:
                response = render_errors(fmt, error.descriptions, error.status)
                if error.status == 405:
                    response["Allow"] = ", ".join(sorted(allowed))
                return response
            except Exception as error:
                if is_database_unavailable(error):
                    return unavailable(request, fmt)
                raise

        return wrapped

    return decorator


def format_of(request):
    """The answer's format when the URL did not resolve to one: JSON for .json, else XML."""
    return "json" if request.path_info.endswith(".json") else "xml"


def unavailable(request, fmt=None):
    """503 in the specification's error format: the database cannot be reached, nothing was stored."""
    message = _("The service is temporarily unavailable and nothing was stored. Please try again shortly.")
    response = render_errors(fmt or format_of(request), [message], 503)
    return with_retry_after(response)


def bad_request(request):
    """400 in the specification's error format, e.g. for a NUL character in the address."""
    return render_errors(format_of(request), [_("The request could not be understood.")], 400)


@endpoint("GET")
def discovery(request, fmt, key):
    base = reverse("open311:discovery", kwargs={"fmt": fmt}).removesuffix(f"discovery.{fmt}")
    return render(fmt, documents.discovery(absolute_url(base)), "discovery")


@endpoint("GET")
def services(request, fmt, key):
    categories = Category.objects.active()
    return render(fmt, [documents.service(category) for category in categories], "services", "service")


@endpoint("GET")
def service_definition(request, fmt, key, service_code):
    category = Category.objects.active().filter(code=service_code).first()
    if category is None:
        raise Open311Error(404, _("Unknown service_code."))
    return render(fmt, documents.service_definition(category), "service_definition")


def public_update():
    """The history entries that are updates: moves to a public status, and the current public response."""
    latest_response = (
        ReportEvent.objects.filter(report=OuterRef("report"), action=ReportEvent.Action.RESPONDED)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    current_response = Q(action=ReportEvent.Action.RESPONDED, pk=Subquery(latest_response)) & ~Q(
        report__public_response=""
    )
    return ReportEvent.PUBLIC_STATUS_CHANGE | current_response


def public_updates():
    """The updates of public reports."""
    return ReportEvent.objects.filter(public_update(), report__in=Report.objects.public())


def public_requests():
    """Public reports, each with the moment of its last update (the service request's updated_datetime)."""
    last_update = (
        ReportEvent.objects.filter(public_update(), report=OuterRef("pk")).order_by("-created_at").values("created_at")
    )
    return (
        Report.objects.public()
        .select_related("category", "locality")
        .annotate(last_public_change=Coalesce(Subquery(last_update[:1]), "created_at"))
    )


def render_requests(fmt, reports):
    return render(fmt, [documents.service_request(report) for report in reports], "service_requests", "request")


@csrf_exempt
@endpoint("GET", "POST")
def service_requests(request, fmt, key):
    if request.method == "POST":
        return create_service_request(request, fmt, key)
    form = RequestSearchForm(request.GET)
    form.is_valid()
    ids = form.cleaned_data.get("service_request_id")
    reports = public_requests()
    if ids and "service_request_id" not in form.errors:
        # Ids of reports that are not public are left out, as ids that do not exist are.
        return render_requests(fmt, reports.filter(pk__in=ids).order_by("pk"))
    if form.errors:
        raise Open311Error(400, *form_errors(form))
    search = form.cleaned_data
    reports = reports.filter(created_at__gte=search["start_date"], created_at__lte=search["end_date"])
    if search["service_code"]:
        reports = reports.filter(category__code__in=search["service_code"])
    if search["status"] == {"open"}:
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif search["status"] == {"closed"}:
        reports = reports.exclude(status__in=OPEN_STATUSES)
    return render_requests(fmt, reports.order_by("-created_at", "-pk")[:MAX_RESULTS])


def submission_ids(request, key):
    """The submission ids this request is recognised by when sent again; the first is the one to store."""
    idempotency_key = request.headers.get(idempotency.HEADER)
    if idempotency_key is not None:
        if not idempotency.is_valid_key(idempotency_key):
            raise Open311Error(400, _("The Idempotency-Key header must be 1 to 255 visible ASCII characters."))
        return [idempotency.key_submission_id(key, idempotency_key)]
    return idempotency.identical_request_ids(key, request.POST, request.FILES)


def create_service_request(request, fmt, key):
    if key is None:
        raise Open311Error(403, _("An api_key is required to send a report."))
    ids = submission_ids(request, key)
    keyed = idempotency.HEADER in request.headers
    # A repeat answers as the first request did, without validating or storing anything again.
    report = Report.objects.filter(submission_id__in=ids, open311_key=key).first()
    if report is not None and keyed and idempotency.is_another_request(ids[0], request.POST, request.FILES):
        raise Open311Error(422, _("This Idempotency-Key was already used for a different request."))
    if report is None:
        form = ServiceRequestForm(request.POST, request.FILES)
        if not form.is_valid():
            raise Open311Error(400, *form_errors(form))
        media_url = form.cleaned_data["media_url"]
        report, _created = submit_report(
            source=Source.RESIDENT,
            open311_key=key,
            submission_id=ids[0],
            # Never fetched and never public (publishing copies the description, so not there):
            # coordinators find the link in the report's history, on its first entry.
            history_text=f"media_url: {media_url}" if media_url else "",
            **form.report_fields(),
        )
        if keyed:
            idempotency.remember_request(ids[0], request.POST, request.FILES)
    return render(fmt, [documents.created_request(report)], "service_requests", "request", status=201)


@endpoint("GET")
def service_request(request, fmt, key, service_request_id):
    report = public_requests().filter(pk=service_request_id).first()
    if report is None:  # also when it is not public: the same answer as for an id that does not exist
        raise Open311Error(404, _("Unknown service_request_id."))
    return render_requests(fmt, [report])


@endpoint("GET")
def token(request, fmt, key, token):
    report = Report.objects.filter(token=token).first()
    if report is None:
        raise Open311Error(404, _("Unknown token."))
    return render(fmt, [documents.token(report)], "service_requests", "request")


@endpoint("GET")
def service_request_updates(request, fmt, key):
    """The updates extension: public status changes and current public responses of public reports, oldest first."""
    form = WindowForm(request.GET)
    if not form.is_valid():
        raise Open311Error(400, *form_errors(form))
    events = list(
        public_updates()
        .filter(created_at__gte=form.cleaned_data["start_date"], created_at__lte=form.cleaned_data["end_date"])
        .select_related("report")
        .order_by("created_at", "pk")[:MAX_RESULTS]
    )
    return render(fmt, documents.request_updates(events), "service_request_updates", "request_update")


@csrf_exempt
@login_not_required
def unknown_resource(request, path=""):
    """Any other path under the API: 404 in JSON for .json, else in XML."""
    return render_errors(format_of(request), [_("Not found.")], 404)
