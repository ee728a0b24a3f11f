"""What each user can do, shown on their dashboard.

An app lists its tasks in its AppConfig as ``dashboard_tasks``; the dashboard
shows every task whose permission the user holds. A task that some roles only
read names, in ``read_description``, what those without ``manage_permission``
can do there, so the page never promises what the user may not do.
"""

from dataclasses import dataclass, replace

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class Task:
    title: str
    description: str
    url_name: str
    permission: str | None = None
    needs_admin_access: bool = False
    manage_permission: str | None = None
    read_description: str | None = None

    def is_available_to(self, user):
        if self.needs_admin_access and not user.is_staff:
            return False
        return self.permission is None or user.has_perm(self.permission)

    def as_seen_by(self, user):
        if self.manage_permission and self.read_description and not user.has_perm(self.manage_permission):
            return replace(self, description=self.read_description)
        return self

    @property
    def url(self):
        return reverse(self.url_name)


def tasks_for(user):
    tasks = []
    for app_config in apps.get_app_configs():
        tasks.extend(
            task.as_seen_by(user) for task in getattr(app_config, "dashboard_tasks", ()) if task.is_available_to(user)
        )
    return tasks
