"""The Wegiz multi-year agenda: data exchanges on their way to a mandatory standard.

An exchange moves through four phases (voorfase → voorbereidingsfase → uitvoeringsfase →
nazorgfase); every change is a dated row. A designation per spoor tracks the order in
council (AMvB). Agenda updates freeze the whole agenda as published. Field parties
propose new exchanges in intake rounds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from portal.core.fields import StateField
from portal.core.models import LockVersioned


class Phase(models.TextChoices):
    VOORFASE = "voorfase", _("Voorfase (first test)")
    VOORBEREIDING = "voorbereidingsfase", _("Voorbereidingsfase (preparation)")
    UITVOERING = "uitvoeringsfase", _("Uitvoeringsfase (norm and AMvB)")
    NAZORG = "nazorgfase", _("Nazorgfase (monitoring)")


PHASE_ORDER = [p.value for p in Phase]


class Exchange(LockVersioned):
    """A data exchange (gegevensuitwisseling) on the Wegiz agenda."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=250)
    care_domain = models.CharField(_("care domain"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    commissioner = models.CharField(
        _("commissioning directorate (opdrachtgever)"), max_length=200, blank=True
    )
    quality_standard = models.CharField(
        _("quality standard (Zorginstituut register)"), max_length=250, blank=True
    )
    information_standard = models.CharField(
        _("information standard (Nictiz)"), max_length=250, blank=True
    )
    nen_norm = models.CharField(_("NEN norm"), max_length=60, blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.VOORFASE
    )
    on_agenda = models.BooleanField(_("on the agenda"), default=True)
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="exchanges",
        verbose_name=_("agreements it relies on"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=["agreements"])

    class Meta:
        verbose_name = _("data exchange")
        verbose_name_plural = _("data exchanges")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("wegiz:exchange", args=[self.number])

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class StandingPhaseChanges(models.Manager):
    """The phase changes that stand: a voided (wrong) entry is kept for the record but
    counts nowhere. The default manager, so every reader (pages, timeline, API, feeds,
    charts, the related `exchange.phase_changes`) leaves voided entries out; the record
    itself reads `PhaseChange.all_objects`."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class PhaseChange(models.Model):
    """A dated move into a phase: done (actual) or expected (planned)."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    date = models.DateField(_("date"))
    is_planned = models.BooleanField(_("planned (not yet happened)"), default=False)
    is_correction = models.BooleanField(_("correction"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("why it was voided"), blank=True)

    history = HistoricalRecords()

    objects = StandingPhaseChanges()
    all_objects = models.Manager()  # noqa: DJ012 (a manager; ruff reads models.* as a field)

    class Meta:
        verbose_name = _("phase change")
        base_manager_name = "all_objects"
        verbose_name_plural = _("phase changes")
        ordering = ["exchange", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.date:%Y-%m-%d}"

    @property
    def planned_date_passed(self) -> bool:
        """A planned move whose date has gone by without being recorded as happened."""
        return self.is_planned and self.date < timezone.localdate()


class Designation(models.Model):
    """Making an exchange mandatory, per spoor, through an order in council (AMvB)."""

    class Spoor(models.IntegerChoices):
        ONE = 1, _("Spoor 1: electronic")
        TWO = 2, _("Spoor 2: electronic and by a norm")

    class Step(models.TextChoices):
        CONSIDERED = "considered", _("Considered")
        DRAFTING = "drafting", _("AMvB being drafted")
        CONSULTATION = "consultation", _("Public consultation")
        COUNCIL_OF_STATE = "council_of_state", _("Advice of the Council of State")
        PUBLISHED = "published", _("Published")
        IN_FORCE = "in_force", _("In force")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="designations")
    spoor = models.PositiveSmallIntegerField(_("spoor"), choices=Spoor.choices)
    step = models.CharField(
        _("AMvB step"), max_length=20, choices=Step.choices, default=Step.CONSIDERED
    )
    expected_in_force = models.DateField(_("expected in force"), null=True, blank=True)
    actual_in_force = models.DateField(_("actually in force"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["exchange", "spoor"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "spoor"],
                name="wegiz_one_designation_per_spoor",
                violation_error_message=_(
                    "This exchange has a designation for this spoor already."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exchange_id} {self.get_spoor_display()}"

    @property
    def expected_has_passed(self) -> bool:
        """The expected date of entry into force has gone by and it is not in force: the
        agenda's expectation needs updating."""
        return bool(
            self.expected_in_force
            and not self.actual_in_force
            and self.step != self.Step.IN_FORCE
            and self.expected_in_force < timezone.localdate()
        )


class Study(models.Model):
    class Kind(models.TextChoices):
        MKBA = "mkba", _("MKBA (social cost-benefit analysis)")
        MATURITY = "volwassenheidsscan", _("Volwassenheidsscan (maturity scan)")
        FIRST_TEST = "first_test", _("First test (added value, support, feasibility)")

    class Conclusion(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        MIXED = "mixed", _("Mixed")
        NEGATIVE = "negative", _("Negative")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="studies")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    completed_on = models.DateField(_("completed on"))
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=Conclusion.choices)
    outcome = models.TextField(_("outcome"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["exchange", "completed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%Y}"


class AgendaUpdate(models.Model):
    """A published update (actualisatie) of the agenda, with the agenda frozen as it was."""

    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"), unique=True)
    introduction = models.TextField(_("introduction (Markdown)"), blank=True)
    snapshot = models.JSONField(_("agenda as published"), default=list, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("agenda update")
        verbose_name_plural = _("agenda updates")
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("wegiz:update", args=[self.pk])


class IntakeRound(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = StateField(_("status"), default=Status.PLANNED, choices=Status.choices, protected=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake round")
        verbose_name_plural = _("intake rounds")
        ordering = ["-id"]
        constraints = [
            # One round at a time takes proposals.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="open"),
                name="wegiz_one_open_intake_round",
                violation_error_message=_("One intake round can be open at a time."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @transition(field=status, source=Status.PLANNED, target=Status.OPEN)
    def open(self) -> None:
        pass

    @transition(field=status, source=Status.OPEN, target=Status.CLOSED)
    def close(self) -> None:
        pass


class IntakeProposal(LockVersioned):
    """A field party's proposal to put an exchange on the agenda."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted onto the agenda")
        DECLINED = "declined", _("Declined")

    round = models.ForeignKey(IntakeRound, on_delete=models.PROTECT, related_name="proposals")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="wegiz_proposals",
        verbose_name=_("organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wegiz_proposals"
    )
    title = models.CharField(_("proposed exchange"), max_length=250)
    care_process = models.TextField(_("care process"))
    parties_involved = models.TextField(_("parties involved"))
    why_it_matters = models.TextField(_("why it matters"))
    quality_standard = models.CharField(_("quality standard it rests on"), max_length=250)
    field_support = models.TextField(_("support from the field"))
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    added_value_score = models.PositiveSmallIntegerField(
        _("added value (1-5)"), null=True, blank=True
    )
    added_value_explanation = models.TextField(_("explanation on added value"), blank=True)
    support_score = models.PositiveSmallIntegerField(_("support (1-5)"), null=True, blank=True)
    support_explanation = models.TextField(_("explanation on support"), blank=True)
    feasibility_score = models.PositiveSmallIntegerField(
        _("feasibility (1-5)"), null=True, blank=True
    )
    feasibility_explanation = models.TextField(_("explanation on feasibility"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    exchange = models.OneToOneField(
        Exchange, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake proposal")
        verbose_name_plural = _("intake proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(added_value_score__isnull=True) | Q(added_value_score__range=(1, 5)),
                name="wegiz_added_value_score_range",
                violation_error_message=_("Scores run from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(support_score__isnull=True) | Q(support_score__range=(1, 5)),
                name="wegiz_support_score_range",
                violation_error_message=_("Scores run from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(feasibility_score__isnull=True) | Q(feasibility_score__range=(1, 5)),
                name="wegiz_feasibility_score_range",
                violation_error_message=_("Scores run from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("wegiz:proposal", args=[self.pk])

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED], target=Status.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED)
    def accept(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.DECLINED)
    def decline(self) -> None:
        pass

    @property
    def is_assessed(self) -> bool:
        return None not in (self.added_value_score, self.support_score, self.feasibility_score)
