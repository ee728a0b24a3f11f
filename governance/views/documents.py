"""Documents attached to a meeting (agenda papers, underlag).

Coordinators attach and delete them; everyone who may see the meeting
downloads them; the public only those marked public, and only from a meeting
whose minutes are public. Files live under MEDIA with a name nobody can guess
and are always served through these views, never from a public URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from governance.forms.meetings import DocumentForm
from governance.models import MeetingDocument
from governance.views.adjustment import public_meeting_or_404
from governance.views.meetings import detail_context, meeting_or_404


def file_response(document):
    try:
        file = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(file, as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def document_upload(request, pk):
    meeting = meeting_or_404(pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "governance/meeting_detail.html",
                      detail_context(request, meeting, document_form=form), status=400)
    meeting.attach_document(form.save(commit=False), by=request.user)
    messages.success(request, _("The document is attached."))
    return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#documents")


@permission_required("governance.view_meeting", raise_exception=True)
@require_safe
def document_download(request, pk, document_pk):
    return file_response(get_object_or_404(MeetingDocument, pk=document_pk, meeting_id=pk))


@permission_required("governance.change_meeting", raise_exception=True)
@require_POST
def document_delete(request, pk, document_pk):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=document_pk, meeting_id=pk)
    document.delete_by(request.user)
    messages.success(request, _("The document is deleted."))
    return redirect(reverse("governance:meeting_detail", args=[pk]) + "#documents")


@login_not_required
@require_safe
def public_document(request, pk, document_pk):
    meeting = public_meeting_or_404(pk)
    return file_response(get_object_or_404(MeetingDocument, pk=document_pk, meeting=meeting, is_public=True))
