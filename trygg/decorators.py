"""View decorators shared by the apps."""

from functools import wraps

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods


def logged_on_post(title, button, model=None):
    """A view that shows personal data or exports it, and logs that it did, acts only on POST.

    A link on another site or in a mail makes the browser GET the address with
    the staff member's session: such a GET only shows a page with a button
    (nothing revealed, nothing logged). The POST needs the CSRF token, so only a
    deliberate press of the button writes the audit entry in their name. The
    query string (an export's filters) stays in the button's form address.
    ``title`` and ``button`` are lazy translations; with ``model`` the GET
    answers 404 for an object (``pk`` in the URL) that does not exist.
    """

    def decorator(view):
        @wraps(view)
        @require_http_methods(["GET", "HEAD", "POST"])
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if model is not None:
                get_object_or_404(model, pk=kwargs["pk"])
            return render(
                request,
                "trygg/logged_action.html",
                {"title": title, "button": button, "action": request.get_full_path()},
            )

        return wrapper

    return decorator
