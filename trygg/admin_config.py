from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class PortalAdminConfig(SimpleAdminConfig):
    """Django's admin, discovering every app's admin module except django-leaflet's.

    leaflet.admin imports GeoDjango, which needs GDAL; the portal keeps plain
    latitude/longitude fields and does not install GDAL.
    """

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name != "leaflet" and module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
