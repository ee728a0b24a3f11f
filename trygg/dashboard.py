"""What each user can do, shown on their dashboard.

An app lists its tasks in its AppConfig as ``dashboard_tasks``; the dashboard
shows every task whose permission the user holds.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class Task:
    title: str
    description: str
    url_name: str
    permission: str | None = None
    needs_admin_access: bool = False

    def is_available_to(self, user):
        if self.needs_admin_access and not user.is_staff:
            return False
        return self.permission is None or user.has_perm(self.permission)

    @property
    def url(self):
        return reverse(self.url_name)


def tasks_for(user):
    tasks = []
    for app_config in apps.get_app_configs():
        tasks.extend(task for task in getattr(app_config, "dashboard_tasks", ()) if task.is_available_to(user))
    return tasks
