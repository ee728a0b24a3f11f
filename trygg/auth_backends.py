"""Who may do what: Django's ModelBackend, with a user's permissions read in one query instead of two.

Every staff page asks for permissions (the view's check, the menu); ModelBackend reads the user's
own and their groups' permissions with a query each. This backend reads both at once and fills
the same per-request caches, so ``get_user_permissions`` and ``get_group_permissions`` answer
from it too.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef


class PortalBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        self._read_once(user_obj, obj)
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        self._read_once(user_obj, obj)
        return super().get_group_permissions(user_obj, obj)

    def _read_once(self, user_obj, obj):
        """Fill ModelBackend's two caches with one query, the first time either is asked for; it answers
        from them (and get_all_permissions from both)."""
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous or hasattr(user_obj, "_user_perm_cache"):
            return
        if user_obj.is_superuser:
            rows = [(app, code, True, True) for app, code in
                    Permission.objects.values_list("content_type__app_label", "codename").order_by()]
        else:
            User = type(user_obj)
            own = Exists(User.user_permissions.through.objects.filter(
                **{User.user_permissions.field.m2m_field_name(): user_obj.pk}, permission=OuterRef("pk")))
            from_group = Exists(User.groups.through.objects.filter(
                **{User.groups.field.m2m_field_name(): user_obj.pk}, group__permissions=OuterRef("pk")))
            rows = (Permission.objects.filter(own | from_group).annotate(own=own, from_group=from_group)
                    .values_list("content_type__app_label", "codename", "own", "from_group").order_by())
        mine, groups = set(), set()
        for app, code, is_own, is_from_group in rows:
            if is_own:
                mine.add(f"{app}.{code}")
            if is_from_group:
                groups.add(f"{app}.{code}")
        user_obj._user_perm_cache, user_obj._group_perm_cache = mine, groups
