"""Programme portfolio: programmes, tranches and what they deliver, risks, decisions,
recommendations and the portfolio meeting (portfolio-overleg).

Internal information (risks, unpublished decisions, meeting notes) is staff-only; the
public sees programmes, published tranches, public milestones and published decisions.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.models import LockVersioned
from roadmap import querysets as qs


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Programme(LockVersioned):
    Status = ProgrammeStatus

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    owner_directorate = models.CharField(_("owner directorate"), max_length=200, blank=True)
    commissioner = models.CharField(_("commissioner (opdrachtgever)"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    goal = models.TextField(_("goal"), blank=True)
    exchanges = models.ManyToManyField(
        "roadmap.Exchange", blank=True, related_name="programmes", verbose_name=_("Wegiz exchanges")
    )

    history = HistoricalRecords(m2m_fields=["exchanges"])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgrammeStatus.values),
                name="programme_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:programme", args=[self.slug])


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DELIVERED = "delivered", _("Delivered")


class Tranche(LockVersioned):
    """A bundle of deliverables from several programmes toward one goal for care providers."""

    Status = TrancheStatus

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    goal = models.TextField(_("goal"))
    value_for_care_providers = models.TextField(_("value for care providers"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    is_published = models.BooleanField(_("published"), default=False)
    exchanges = models.ManyToManyField(
        "roadmap.Exchange",
        blank=True,
        related_name="tranches",
        verbose_name=_("Wegiz exchanges it serves"),
    )

    history = HistoricalRecords(m2m_fields=["exchanges"])

    objects = qs.TrancheQuerySet.as_manager()

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TrancheStatus.values),
                name="tranche_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="portfolio_tranche_period_ordered",
                violation_error_message=_("The end of the tranche lies after its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:tranche", args=[self.slug])


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    SLIPPED = "slipped", _("Slipped")
    CANCELLED = "cancelled", _("Cancelled")


class Deliverable(LockVersioned):
    Status = DeliverableStatus

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="deliverables",
        verbose_name=_("programme"),
    )
    tranche = models.ForeignKey(
        Tranche,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("tranche"),
    )
    title = models.CharField(_("title"), max_length=250)
    start = models.DateField(_("start"))
    due = models.DateField(_("due"))
    original_due = models.DateField(_("originally due"), editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("depends on"),
    )
    exchanges = models.ManyToManyField("roadmap.Exchange", blank=True, related_name="deliverables")
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="deliverables"
    )

    history = HistoricalRecords(m2m_fields=["depends_on"])

    objects = qs.DeliverableQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliverableStatus.values),
                name="deliverable_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=Q(due__gte=F("start")),
                name="portfolio_deliverable_period_ordered",
                violation_error_message=_("The due date lies on or after the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slip_days(self) -> int:
        return max(0, (self.due - self.original_due).days)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:programme", args=[self.programme.slug]) + f"#product-{self.pk}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACHIEVED = "achieved", _("Achieved")
    SLIPPED = "slipped", _("Slipped")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(LockVersioned):
    Status = MilestoneStatus

    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    original_date = models.DateField(_("original date"), editable=False)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    is_public = models.BooleanField(_("public"), default=True)
    programmes = models.ManyToManyField(Programme, blank=True, related_name="milestones")
    tranches = models.ManyToManyField(Tranche, blank=True, related_name="milestones")
    exchanges = models.ManyToManyField("roadmap.Exchange", blank=True, related_name="milestones")
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="milestones"
    )

    history = HistoricalRecords()

    objects = qs.MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="milestone_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:milestones") + f"?mijlpaal={self.pk}"

    @property
    def has_slipped(self) -> bool:
        return self.status == self.Status.SLIPPED or (
            self.status != self.Status.ACHIEVED and self.date > self.original_date
        )


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATED = "mitigated", _("Mitigated")
    CLOSED = "closed", _("Closed")


class Risk(LockVersioned):
    """Internal: never shown to the public."""

    Status = RiskStatus

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    probability = models.PositiveSmallIntegerField(_("probability (1-5)"))
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"))
    owner = models.CharField(_("owner"), max_length=200)
    mitigation = models.TextField(_("mitigation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)

    history = HistoricalRecords()

    objects = qs.InternalQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-probability", "-impact", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values),
                name="risk_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=Q(probability__range=(1, 5)) & Q(impact__range=(1, 5)),
                name="portfolio_risk_scores_in_range",
                violation_error_message=_("Probability and impact run from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.probability * self.impact

    def get_absolute_url(self) -> str:
        return reverse("portfolio:risks") + f"#risico-{self.pk}"


class PortfolioMeeting(LockVersioned):
    date = models.DateField(_("date"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes (internal)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portfolio meeting")
        verbose_name_plural = _("portfolio meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:meeting") + f"?date={self.date.isoformat()}"


class Decision(LockVersioned):
    meeting = models.ForeignKey(
        PortfolioMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("programme"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250)
    decision = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()

    objects = qs.DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:decisions") + f"#besluit-{self.pk}"


class DecisionAction(LockVersioned):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    objects = qs.DecisionActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due"]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("portfolio:decisions") + f"#besluit-{self.decision_id}"
