from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from roadmap.models import Region, RegionAssignment

PASSWORD = "a-Long-test-password-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = Organisation.Kind.CARE_PROVIDER
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get(name=Role(r).value) for r in extracted])
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    code = factory.Sequence(lambda n: f"R{n}")


class RegionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionAssignment

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


def make_person(*roles: Role, organisation: Organisation | None = None, **kwargs) -> User:
    user = UserFactory(roles=list(roles), **kwargs)
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    return user


# --- agreements ---------------------------------------------------------------------
import datetime as dt  # noqa: E402

from agreements.models import (  # noqa: E402
    Agreement,
    AgreementSystem,
    AgreementVersion,
    ComplianceRecord,
    Release,
    ReleaseItem,
    Standard,
)


class AgreementSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementSystem
        django_get_or_create = ["slug"]

    name = "Landelijk afsprakenstelsel"
    slug = "landelijk-afsprakenstelsel"
    is_national = True


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    code = factory.Sequence(lambda n: f"std-{n}")
    name = factory.Sequence(lambda n: f"Standaard {n}")
    maintainer = factory.SubFactory(OrganisationFactory, name="Nictiz", slug="nictiz")
    url = "https://www.nictiz.nl/"


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force: adopted, with a current first version."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"LAS-T-{n:04d}")
    title = factory.Sequence(lambda n: f"Afspraak {n}")
    system = factory.SubFactory(AgreementSystemFactory)
    layer = Agreement.Layer.TECHNICAL
    topic = Agreement.Topic.ADDRESSING
    plateau = Agreement.Plateau.P2026
    status = Agreement.Status.ADOPTED

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if not create:
            return
        text = kwargs.get("text", f"Tekst van {self.code}.")
        in_force = self.status != Agreement.Status.DRAFT
        AgreementVersion.objects.create(
            agreement=self,
            number=1,
            text=text,
            is_current=in_force,
            effective_from=kwargs.get("effective_from", dt.date(2025, 7, 1)) if in_force else None,
        )


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    number = factory.Sequence(lambda n: f"2030.{n}")
    title = factory.Sequence(lambda n: f"Release {n}")
    status = Release.Status.DRAFT


class ReleaseItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseItem

    release = factory.SubFactory(ReleaseFactory)
    change_type = ReleaseItem.ChangeType.ADDED


class ComplianceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceRecord

    organisation = factory.SubFactory(OrganisationFactory)
    result = ComplianceRecord.Result.PASSED
    tested_on = dt.date(2026, 3, 1)
