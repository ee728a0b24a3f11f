from django.urls import path, re_path, register_converter

from incidents.open311 import views


class FormatConverter:
    """The response format, given as the URL's suffix: .json or .xml."""

    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"

urlpatterns = [
    path("discovery.<open311_format:fmt>", views.discovery, name="discovery"),
    path("services.<open311_format:fmt>", views.services, name="services"),
    path("services/<str:service_code>.<open311_format:fmt>", views.service_definition, name="service_definition"),
    path("requests.<open311_format:fmt>", views.service_requests, name="requests"),
    path("requests/<int:service_request_id>.<open311_format:fmt>", views.service_request, name="request"),
    path("tokens/<str:token>.<open311_format:fmt>", views.token, name="token"),
    path("servicerequestupdates.<open311_format:fmt>", views.service_request_updates, name="updates"),
    re_path(r"^(?P<path>.*)$", views.unknown_resource, name="unknown"),
]
