from django.conf import settings


def portal(request):
    """The portal's name, contact block and map configuration, from settings."""
    return {
        "portal": settings.PORTAL,
        "map_config": {
            "bounds": ",".join(str(value) for value in settings.MAP_BOUNDS),
            "tiles_url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_ATTRIBUTION,
        },
    }
