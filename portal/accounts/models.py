"""People, the organisations they act for, and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.accounts.roles import STAFF_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are matched case-insensitively.
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("Whether this person may log in to the administration site."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The language of the interface the person last chose; e-mail is written in it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
    )
    # Set when the person closed their account (`services.account_close`): the person's
    # details are removed; what they published stays, under their organisation's name.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # The identity at an OpenID Provider this account logs in with (see accounts/oidc.py).
    oidc_issuer = models.CharField(_("login service"), max_length=255, blank=True)
    oidc_subject = models.CharField(
        _("identifier at the login service"), max_length=255, blank=True
    )
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        through="accounts.Membership",
        related_name="members",
        blank=True,
        verbose_name=_("organisations"),
    )

    # Role changes (groups) are history too; the password hash never is.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="accounts_user_oidc_identity_unique",
                violation_error_message=_("Another account logs in with this identity."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Logging in stamps last_login; that is not a change worth a history row.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request and kept on the instance."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            if not self.is_active or self.pk is None:
                cached = frozenset()
            else:
                cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names

    @property
    def is_portal_staff(self) -> bool:
        return bool(self.role_names & {str(r) for r in STAFF_ROLES}) or self.is_superuser


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CARE_PROVIDER = "care_provider", _("Care provider")
        ICT_VENDOR = "ict_vendor", _("ICT vendor")
        UMBRELLA_BODY = "umbrella_body", _("Umbrella body")
        STANDARDS_BODY = "standards_body", _("Standards body")
        INSURER = "insurer", _("Insurer")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    reports_adoption = models.BooleanField(
        _("reports adoption figures"),
        default=False,
        help_text=_(
            "Its members may record how far the field has adopted exchanges and agreements "
            "(for example the national testing facility, NTV)."
        ),
    )
    records_compliance = models.BooleanField(
        _("records validation results (NTV)"),
        default=False,
        help_text=_(
            "Its members may record and correct the results of validating parties against "
            "agreement versions (the national testing facility, NTV)."
        ),
    )
    is_fictional = models.BooleanField(
        _("fictional (demo data)"),
        default=False,
        help_text=_("Marks an invented organisation in the demo data."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class AccessRequest(models.Model):
    """Someone asks for access that only a person may give: to act for an organisation
    (with roles), after logging in through an organisation's login service that named an
    organisation the portal does not know, or on their own request. An administrator
    approves or refuses it; until then the account has no access through it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Source(models.TextChoices):
        LOGIN_SERVICE = "oidc", _("Login service")
        PERSON = "person", _("The person's own request")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="access_requests", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("organisation"),
        help_text=_("Choose the organisation (create it first if needed) before approving."),
    )
    organisation_named = models.CharField(
        _("organisation as named by the login service"), max_length=255, blank=True
    )
    roles = models.CharField(
        _("roles asked for"), max_length=255, blank=True, help_text=_("Comma-separated roles.")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_access_request",
                violation_error_message=_("This person already has a request waiting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation or self.organisation_named}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:access-requests")

    def role_list(self) -> list[str]:
        return [r for r in (x.strip() for x in self.roles.split(",")) if r]


class Invitation(models.Model):
    """An administrator invites a person by e-mail to act for an organisation in a role.

    The link carries a random token; only its hash is stored. It can be used once and
    expires after `INVITATION_DAYS` days. The person chooses their own password (or
    logs in to an existing account) when accepting."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    def is_usable(self, now=None) -> bool:
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at
