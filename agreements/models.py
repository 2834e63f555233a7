"""The national agreement catalogue (Landelijk afsprakenstelsel).

An agreement has versions; exactly one version is current once a release that carries it
is published. Releases bundle added, changed and withdrawn versions and are reviewed
(toetsing) by the architecture board before publication.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from agreements.querysets import (
    AgreementQuerySet,
    ComplianceQuerySet,
    HarmonisationQuerySet,
    ReleaseItemQuerySet,
    ReleaseQuerySet,
    VersionQuerySet,
)
from portal.core.fields import StateField
from portal.core.models import LockVersioned


class AgreementSystem(models.Model):
    """An agreement system: the national one, or one being harmonised into it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_national = models.BooleanField(_("national agreement system"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement system")
        verbose_name_plural = _("agreement systems")
        ordering = ["-is_national", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_national"],
                condition=Q(is_national=True),
                name="agreements_one_national_system",
                violation_error_message=_("There is one national agreement system."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    """A standard the catalogue refers to; its maintainer (beheerder) keeps the text."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    maintainer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="standards",
        verbose_name=_("maintainer (beheerder)"),
    )
    url = models.URLField(_("link to the standard"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(LockVersioned):
    class Layer(models.TextChoices):
        LEGAL = "juridisch", _("Legal (juridisch)")
        ORGANISATIONAL = "organisatorisch", _("Organisational (organisatorisch)")
        SEMANTIC = "semantisch", _("Semantic (semantisch)")
        TECHNICAL = "technisch", _("Technical (technisch)")

    class Topic(models.TextChoices):
        IDENTIFICATION = "identificatie", _("Identification")
        AUTHENTICATION = "authenticatie", _("Authentication")
        AUTHORISATION = "autorisatie", _("Authorisation")
        CONSENT = "toestemming", _("Consent")
        LOCALISATION = "lokalisatie", _("Localisation")
        ADDRESSING = "adressering", _("Addressing")
        LOGGING = "logging", _("Logging")
        NETWORK = "netwerk", _("Secure network")
        COMMUNICATION_PATTERN = "communicatiepatroon", _("Communication pattern")
        INFORMATION_MODEL = "informatiemodel", _("Information models and code systems")
        GOVERNANCE = "governance", _("Governance")

    class Plateau(models.TextChoices):
        P2026 = "2026-2027", "2026-2027"
        P2028 = "2028-2030", "2028-2030"
        P2031 = "2031-2035", "2031-2035"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=250)
    system = models.ForeignKey(
        AgreementSystem,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("agreement system"),
    )
    layer = models.CharField(_("layer"), max_length=20, choices=Layer.choices)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    plateau = models.CharField(_("plateau"), max_length=9, choices=Plateau.choices)
    status = StateField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    standards = models.ManyToManyField(
        Standard, blank=True, related_name="agreements", verbose_name=_("standards")
    )
    is_temporary = models.BooleanField(
        _("temporary agreement (tussentijdse afspraak)"), default=False
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reassessment_date = models.DateField(_("re-assessment date"), null=True, blank=True)
    replacement_note = models.TextField(
        _("what will replace it"),
        blank=True,
        help_text=_("For a temporary agreement: the national solution expected to replace it."),
    )
    reassessment_flagged_on = models.DateField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=["standards"])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["code"]
        # The GIN index on search_vector is created by a PostgreSQL-only migration.
        constraints = [
            models.CheckConstraint(
                condition=Q(is_temporary=False)
                | (Q(valid_until__isnull=False) & Q(reassessment_date__isnull=False)),
                name="agreements_temporary_has_period",
                violation_error_message=_("A temporary agreement has a re-assessment date."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreements_valid_period_ordered",
                violation_error_message=_("The end of the validity lies after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.code])

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=[Status.DRAFT, Status.ADOPTED], target=Status.ADOPTED)
    def adopt(self) -> None:
        """A published release put a version of it in force."""

    @transition(field=status, source=[Status.DRAFT, Status.ADOPTED], target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    def reassessment_due(self, today: dt.date, within_days: int = 60) -> bool:
        return bool(
            self.is_temporary
            and self.reassessment_date
            and self.reassessment_date <= today + dt.timedelta(days=within_days)
        )


class AgreementVersion(models.Model):
    """One wording of an agreement. It takes effect when a release carrying it is published."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text (Markdown)"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_version_unique",
                violation_error_message=_("This agreement has a version with this number already."),
            ),
            # One current version per agreement, whatever the code does.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_current=True),
                name="agreements_one_current_version",
                violation_error_message=_("An agreement has one current version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} v{self.number}"


class Release(LockVersioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("release notes (Markdown)"), blank=True)
    status = StateField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # The day its versions come into force: the day of publication or later. Until then a
    # published release is planned; a daily task brings it into force (`took_effect`).
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    took_effect = models.BooleanField(_("in force"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-published_on", "-number"]

    def __str__(self) -> str:
        return _("Release") + f" {self.number}"  # outside the f-string: makemessages sees it

    def get_absolute_url(self) -> str:
        return reverse("agreements:release-detail", args=[self.number])

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.IN_REVIEW)
    def submit(self) -> None:
        pass

    @transition(field=status, source=Status.IN_REVIEW, target=Status.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=status, source=Status.IN_REVIEW, target=Status.RETURNED)
    def send_back(self) -> None:
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.PUBLISHED)
    def publish(self) -> None:
        pass

    @property
    def is_planned(self) -> bool:
        """Published, with versions that come into force on a later day."""
        return self.status == self.Status.PUBLISHED and not self.took_effect

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class ReleaseItem(models.Model):
    class ChangeType(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="items")
    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        related_name="release_items",
        verbose_name=_("agreement version"),
    )
    change_type = models.CharField(_("change"), max_length=10, choices=ChangeType.choices)
    # Carried by a release that is not published yet (kept by the release's services), so
    # that the database itself holds a version to one open release.
    is_open = models.BooleanField(_("in an open release"), default=True, editable=False)

    history = HistoricalRecords()
    objects = ReleaseItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("release item")
        verbose_name_plural = _("release items")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "version"],
                name="agreements_item_unique",
                violation_error_message=_("This version is in the release already."),
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(is_open=True),
                name="agreements_version_in_one_open_release",
                violation_error_message=_(
                    "This version is in another release that is not published yet; take it "
                    "out of that release first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release_id}: {self.get_change_type_display()} {self.version_id}"


class Review(models.Model):
    """The architecture board's review (toetsing) of a release."""

    class Verdict(models.TextChoices):
        SUFFICIENT = "sufficient", _("Sufficient")
        INSUFFICIENT = "insufficient", _("Insufficient")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with reasons")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="release_reviews"
    )
    consistency = models.CharField(_("consistency"), max_length=12, choices=Verdict.choices)
    consistency_explanation = models.TextField(_("explanation on consistency"))
    coherence = models.CharField(_("coherence"), max_length=12, choices=Verdict.choices)
    coherence_explanation = models.TextField(_("explanation on coherence"))
    legal = models.CharField(_("legal compliance"), max_length=12, choices=Verdict.choices)
    legal_explanation = models.TextField(_("explanation on legal compliance"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review (toetsing)")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.get_outcome_display()}"


class Harmonisation(models.Model):
    """How another agreement system relates to a national agreement."""

    class Relation(models.TextChoices):
        DUPLICATES = "duplicates", _("Duplicates it")
        REFERS_TO = "refers_to", _("Refers to it")
        MERGED = "merged", _("Merged into it")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="harmonisations"
    )
    system = models.ForeignKey(
        AgreementSystem,
        on_delete=models.PROTECT,
        related_name="harmonisations",
        verbose_name=_("agreement system"),
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    note = models.TextField(_("note"), blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    history = HistoricalRecords()
    objects = HarmonisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("harmonisation")
        verbose_name_plural = _("harmonisations")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "system"],
                name="agreements_harm_unique",
                violation_error_message=_("This harmonisation has been recorded already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} ({self.system_id} → {self.agreement_id})"


class ComplianceRecord(LockVersioned):
    """NTV: a party validated against an agreement version."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        PARTIAL = "partial", _("Partly passed")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="compliance_records",
        verbose_name=_("party"),
    )
    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        related_name="compliance_records",
        verbose_name=_("agreement version"),
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    tested_on = models.DateField(_("tested on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The validating organisation (the NTV) whose member or client recorded it; its
    # members may correct it. Empty when the ministry recorded it from a report.
    recorded_by = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_compliance",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    objects = ComplianceQuerySet.as_manager()

    class Meta:
        verbose_name = _("compliance record (NTV)")
        verbose_name_plural = _("compliance records (NTV)")
        ordering = ["-tested_on"]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.tested_on:%Y-%m-%d}"


class Reassessment(models.Model):
    """The outcome of re-assessing a temporary agreement (tussentijdse afspraak): extended to
    a later date, replaced by a named agreement, or withdrawn; with the parties that
    support the outcome and the release that carries it."""

    class Outcome(models.TextChoices):
        EXTENDED = "extended", _("Extended")
        REPLACED = "replaced", _("Replaced")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="reassessments",
        verbose_name=_("agreement"),
    )
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    next_reassessment = models.DateField(_("next re-assessment"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    supporters = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="supported_reassessments",
        verbose_name=_("parties that support it"),
    )
    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reassessments",
        verbose_name=_("release that carries it"),
    )
    reasoning = models.TextField(_("reasoning"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=["supporters"])

    class Meta:
        verbose_name = _("re-assessment")
        verbose_name_plural = _("re-assessments")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="extended")
                | (Q(extended_until__isnull=False) & Q(next_reassessment__isnull=False)),
                name="agreements_extension_has_dates",
                violation_error_message=_(
                    "An extension names the new end and the next re-assessment."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="replaced") | Q(replaced_by__isnull=False),
                name="agreements_replacement_is_named",
                violation_error_message=_("A replacement names the agreement that replaces it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.get_outcome_display()} {self.decided_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.agreement.get_absolute_url()}#herbeoordeling-{self.pk}"
