from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LATITUDE_VALIDATORS = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE_VALIDATORS = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


def coordinates_constraint(name):
    return models.CheckConstraint(
        condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
        name=name,
    )


class LocalityQuerySet(models.QuerySet):
    def nearest(self, latitude, longitude):
        """The locality whose centre is nearest the point (equirectangular distance)."""
        import math

        scale = math.cos(math.radians(float(latitude)))
        return min(
            self,
            key=lambda loc: (float(loc.latitude) - float(latitude)) ** 2
            + ((float(loc.longitude) - float(longitude)) * scale) ** 2,
            default=None,
        )


class Locality(models.Model):
    """A locality (ort) of the municipality, with its centre and population."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]
        constraints = [coordinates_constraint("locality_coordinates_in_range")]

    def __str__(self):
        return self.name
