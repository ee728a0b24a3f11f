from django.conf import settings


def portal(request):
    """The portal's name and contact block, from settings."""
    return {"portal": settings.PORTAL}
