from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from trygg import roles


class ContactDetails(models.Model):
    """How to reach the person who wrote something (a report, feedback): never public.

    Given only with consent; removed when the writer asks, when their account is
    deleted and by retention a set time after the matter was closed.
    """

    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_given = models.BooleanField(_("consent to be contacted"), default=False)

    CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone", "consent_given"]
    # For QuerySet.update(): what a row looks like once its contact details are gone.
    NO_CONTACT = {"contact_name": "", "contact_email": "", "contact_phone": "", "consent_given": False}
    # For QuerySet.filter(): rows that still hold contact details (or a consent to use them).
    HAS_CONTACT = Q(contact_name__gt="") | Q(contact_email__gt="") | Q(contact_phone__gt="") | Q(consent_given=True)

    class Meta:
        abstract = True

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    def clear_contact(self, save=True):
        """Remove the contact details and the consent; saves only those fields unless ``save=False``."""
        for name, value in self.NO_CONTACT.items():
            setattr(self, name, value)
        if save:
            self.save(update_fields=self.CONTACT_FIELDS)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def register(self, email, password):
        """A resident's registration: a new account stays closed until the link mailed to the address is opened.

        Returns (user, created). For an address that already has an account
        nothing changes (least of all its password); the caller mails the owner
        and answers exactly as for a new address, so that the form never tells
        who has an account.
        """
        email = self.normalize_email(email).lower()
        existing = self.filter(email__iexact=email).first()
        if existing:
            return existing, False
        return self.create_user(email, password, is_active=False), True

    def residents(self):
        """Registered residents: no role group, not staff, not superuser."""
        return self.filter(is_staff=False, is_superuser=False, groups__isnull=True)


class User(AbstractUser):
    """A person who logs in: a registered resident or a member of staff.

    The email address is the login name. Roles are Django groups (see roles.py).
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    @cached_property
    def role_names(self):
        """Names of the portal roles this user holds, in the order of roles.ROLES (read once per request)."""
        held = {group.name for group in self.groups.all()}
        return [role for role in roles.ROLES if role in held]

    @cached_property
    def is_portal_staff(self):
        """Whoever can reach the admin or any staff page: a role, admin access or permissions of their own.

        They all get the staff rules (idle timeout, maximum session age).
        """
        return self.is_superuser or self.is_staff or bool(self.role_names) or self.has_direct_permissions

    @cached_property
    def has_direct_permissions(self):
        # Through the permission backend: the query that reads them fills the request's permission
        # caches too, so the view's permission check that follows costs nothing.
        return bool(self.get_user_permissions())

    @property
    def awaits_activation(self):
        """Registered, never opened the activation link (an account an administrator closed has logged in or a role)."""
        return not self.is_active and self.last_login is None and self.can_delete_own_account

    @property
    def can_delete_own_account(self):
        """Residents may delete their own account; staff accounts are closed by an administrator."""
        return not (self.is_staff or self.is_superuser or self.groups.exists())

    def personal_data(self):
        """Everything the portal holds about this user and links to them, for their own download (registerutdrag).

        The account is the portal's own section; every app adds its own through
        ``register_extract(user)`` in its AppConfig (reports with their history
        and photos, feedback, ...).
        """
        extract = {
            "account": {
                "email": self.email,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "date_joined": self.date_joined.isoformat(),
                "last_login": self.last_login.isoformat() if self.last_login else None,
            }
        }
        for app_config in apps.get_app_configs():
            section = getattr(app_config, "register_extract", None)
            if section is not None:
                extract.update(section(self))
        return extract

    def delete_account(self):
        """Delete this account, at its owner's request or by retention.

        Every app clears what it holds about the person through
        ``delete_account(user)`` in its AppConfig (reports are public records and
        stay, without the link to the account and without contact details), then
        the account goes.
        """
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                clear = getattr(app_config, "delete_account", None)
                if clear is not None:
                    clear(self)
            self.delete()

    @property
    def requires_two_factor(self):
        """Two-factor for the roles that see personal data, and for every account that can reach the admin
        or holds permissions outside the roles (e.g. a data-protection officer's account)."""
        return (
            self.is_superuser
            or self.is_staff
            or self.has_direct_permissions
            or any(role in roles.TWO_FACTOR_ROLES for role in self.role_names)
        )


class RetentionAction(models.Model):
    """One run of one retention class (gallring): what was thinned, how much, under which decision."""

    performed_at = models.DateTimeField(_("performed"), db_default=Now(), db_index=True)
    # The key of a RetentionClass an app declares (trygg/retention.py).
    retention_class = models.CharField(_("retention class"), max_length=30)
    object_type = models.CharField(_("object type"), max_length=100)
    count = models.PositiveIntegerField(_("number of objects"))
    decision_reference = models.CharField(_("decision reference"), max_length=200)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention action")
        verbose_name_plural = _("retention actions")
        ordering = ["-performed_at"]

    def __str__(self):
        return f"{self.retention_class_name()}: {self.count}"

    @admin.display(description=_("retention class"), ordering="retention_class")
    def retention_class_name(self):
        from trygg.retention import name_of

        return name_of(self.retention_class)


class AuditEntry(models.Model):
    """The staff audit trail: who looked at, exported or changed personal data or access, and when.

    Object histories stay where they are (a report's ReportEvent history, the
    ChangeRecord of meetings, decisions and measures, the admin's own log of
    every addition, change and deletion); this trail collects, across the
    portal, what a data-protection officer asks about. Nothing here holds a
    resident's contact details: only which object was concerned.
    """

    class Action(models.TextChoices):
        CONTACT_VIEWED = "contact_viewed", _("Contact details viewed")
        EXPORTED = "exported", _("Data exported")
        ROLES_CHANGED = "roles_changed", _("Roles or access changed")

    created_at = models.DateTimeField(_("time"), db_default=Now(), db_index=True)
    actor = models.ForeignKey(
        "trygg.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept when the account is later closed, so the trail still says who it was.
    actor_email = models.EmailField(_("by (email)"), blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "created_at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @classmethod
    def record(cls, actor, action, obj=None, detail="", model=None):
        """Note one action of actor on obj (or on many objects of model, e.g. an export)."""
        model = model or (type(obj) if obj is not None else None)
        return cls.objects.create(
            actor=actor if actor and actor.is_authenticated else None,
            actor_email=getattr(actor, "email", "") or "",
            action=action,
            object_type=model._meta.label_lower if model is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            detail=detail,
        )
