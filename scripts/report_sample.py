"""A reported consultation with answered comments and a queued report-PDF job.

Used by the runtime check (scripts/runtime_check.py, in process) and by the image's
smoke test (scripts/image_test.py, which sends this file's text to `manage shell` in the
image): both then have the report PDF laid out by the task.
"""

from __future__ import annotations


def reported_consultation_job(slug: str, comments: int = 30):
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from consultations.models import (
        Answer,
        Comment,
        Consultation,
        DraftVersion,
        ReportFile,
        Section,
    )
    from portal.accounts.models import Membership, Organisation, User
    from portal.accounts.roles import Role

    now = timezone.now()
    manager = User.objects.create_user(email=f"pm@{slug}.example.org", password=None)
    manager.groups.add(Group.objects.get(name=Role.PROGRAMME_MANAGER.value))
    party = User.objects.create_user(email=f"veld@{slug}.example.org", password=None)
    organisation = Organisation.objects.create(name="Zorgsoft (fictief)", slug=f"zorgsoft-{slug}")
    Membership.objects.create(user=party, organisation=organisation)
    consultation = Consultation.objects.create(
        title=f"Controle {slug}",
        slug=slug,
        subject="gisa",
        introduction="Inleiding",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
        created_by=manager,
        report_summary="Wat we hoorden.",
        report_published_at=now,
    )
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.REPORTED)
    version = DraftVersion.objects.create(consultation=consultation, number=1)
    section = Section.objects.create(
        version=version, order=1, number="1", title="Principes", text="De tekst."
    )
    for n in range(comments):
        comment = Comment.objects.create(
            consultation=consultation,
            section=section,
            author=party,
            organisation=organisation,
            text=f"Reactie {n} met **opmaak**.",
        )
        Answer.objects.create(
            comment=comment, disposition="noted", reason="Meegenomen.", answered_by=manager
        )
    return ReportFile.objects.create(consultation=consultation, requested_by=manager)
