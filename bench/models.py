from django.db import models
from django.db.models.functions import Now


class Ping(models.Model):
    """One row written by the bare baseline view: what a write costs without the portal around it."""

    created_at = models.DateTimeField(db_default=Now())
