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
