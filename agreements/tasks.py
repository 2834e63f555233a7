from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from agreements.services import agreements_due_for_reassessment
from portal.accounts.roles import Role


@shared_task(name="agreements.flag_reassessments", acks_late=True)
def flag_reassessments() -> int:
    """Flag temporary agreements whose re-assessment is within 60 days or past.

    Safe to run more than once a day: an agreement is flagged (and mailed about) once per
    re-assessment date; changing the date clears the flag.
    """
    today = timezone.localdate()
    with transaction.atomic():
        due = list(agreements_due_for_reassessment(today).select_for_update(skip_locked=True))
        for agreement in due:
            agreement.reassessment_flagged_on = today
            agreement.skip_history_when_saving = True  # a bookkeeping stamp, not a change
            agreement.save(update_fields=["reassessment_flagged_on"])
    if not due:
        return 0
    # One mail per language, each in the language its recipients last chose.
    by_language: dict[str, list[str]] = {}
    for email, language in (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PROGRAMME_MANAGER.value)
        .values_list("email", "language")
    ):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    for language, recipients in sorted(by_language.items()):
        with override(language):
            lines = [
                f"- {a.code} {a.title}: {date_format(a.reassessment_date, 'DATE_FORMAT')}"
                for a in due
            ]
            send_mail(
                subject=_("Temporary agreements due for re-assessment"),
                message=_("These temporary agreements are due for re-assessment:")
                + "\n\n"
                + "\n".join(lines),
                from_email=None,
                recipient_list=recipients,
            )
    return len(due)


@shared_task(name="agreements.releases_take_effect", acks_late=True)
def releases_take_effect() -> int:
    """Planned releases come into force on their day (just after midnight, and again in the
    morning in case the night run was missed; the second run finds nothing to do)."""
    from agreements.services import releases_take_effect as take_effect

    return take_effect()
