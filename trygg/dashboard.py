"""What each user can do, and what needs doing, shown on their dashboard.

An app lists its tasks in its AppConfig as ``dashboard_tasks``; the dashboard
shows every task whose permission the user holds, the account's own tasks
(``account=True``: password, two-factor, own data) last. An app lists what
needs doing as ``dashboard_todos``: a count (a function of the user) with a
link to the list that shows those items; the dashboard opens with them. A task that some roles only
read names, in ``read_description``, what those without ``manage_permission``
can do there, so the page never promises what the user may not do.
"""

from collections.abc import Callable
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
    account: bool = False

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


@dataclass(frozen=True)
class ToDo:
    """A count of things that need doing, e.g. new reports, linking to the list that shows them."""

    label: str
    url_name: str
    count: Callable
    permission: str | None = None
    query: str = ""

    def is_available_to(self, user):
        return self.permission is None or user.has_perm(self.permission)

    @property
    def url(self):
        return reverse(self.url_name) + self.query


def todos_for(user):
    """(to-do, count) for every to-do of the apps that the user may act on."""
    return [
        (todo, todo.count(user))
        for app_config in apps.get_app_configs()
        for todo in getattr(app_config, "dashboard_todos", ())
        if todo.is_available_to(user)
    ]
