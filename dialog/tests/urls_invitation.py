"""The site's URLs plus a stand-in for "dialog:invitation" while the answering side is not merged.

The invitation mails link to that URL; once the real view exists this adds nothing.
"""

from django.http import HttpResponse
from django.urls import include, path

import dialog.urls
from trygg import urls as site

HAS_INVITATION = any(getattr(pattern, "name", None) == "invitation" for pattern in dialog.urls.urlpatterns)
stand_in = [] if HAS_INVITATION else [
    path("enkat/inbjudan/<str:token>/", lambda request, token: HttpResponse(token), name="invitation")
]

urlpatterns = [
    path("", include((dialog.urls.urlpatterns + stand_in, "dialog"))),
    *[pattern for pattern in site.urlpatterns if getattr(pattern, "namespace", None) != "dialog"],
]
handler400, handler403 = site.handler400, site.handler403
handler404, handler500 = site.handler404, site.handler500
