from django.contrib import admin

from incidents.models import Locality


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "latitude", "longitude", "population"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
