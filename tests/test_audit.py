from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.audit.registry import audited_models
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rename_in_admin(client, org, new_name):
    return client.post(
        f"/beheer/accounts/organisation/{org.pk}/change/",
        {
            "name": new_name,
            "slug": org.slug,
            "kind": org.kind,
            "website": "",
            "description": "",
            "is_fictional": "on" if org.is_fictional else "",
        },
    )


def test_admin_change_is_recorded_with_who_when_what_and_why(client, admin):
    org = OrganisationFactory(name="Oude naam", slug="oud")
    client.force_login(admin)
    before = timezone.now()
    assert _rename_in_admin(client, org, "Nieuwe naam").status_code == 302
    record = org.history.latest()
    assert record.history_user == admin
    assert record.history_type == "~"
    assert record.history_change_reason == "admin.organisation.changed"
    assert record.history_date >= before
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "Oude naam", "Nieuwe naam")
    ]


def test_activity_page_shows_field_level_diff(client, admin, programme_manager):
    org = OrganisationFactory(name="Oude naam", slug="oud")
    client.force_login(admin)
    _rename_in_admin(client, org, "Nieuwe naam")
    client.force_login(programme_manager)
    response = client.get(reverse("audit:activity"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Oude naam</del>" in html
    assert "<ins>Nieuwe naam</ins>" in html
    assert "admin.organisation.changed" in html
    first = response.context["entries"][0]
    assert first.user == admin
    assert first.action == "changed"


def test_role_changes_are_history_too(client, admin):
    target = UserFactory(email="rol@example.org")
    target.groups.add(Group.objects.get(name=Role.CDS_REVIEWER.value))
    client.force_login(admin)
    response = client.get(reverse("audit:object-history", args=["accounts.user", target.pk]))
    assert response.status_code == 200
    changes = [c for e in response.context["entries"] for c in e.changes if c.field == "groups"]
    assert changes
    assert changes[0].new == Role.CDS_REVIEWER.value


def test_password_hashes_never_enter_the_history():
    user = UserFactory()
    user.set_password("iets-anders-heel-lang")
    user.save()
    history_fields = {f.name for f in User.history.model._meta.fields}
    assert "password" not in history_fields
    assert "last_login" not in history_fields


def test_activity_filters_by_person_kind_and_date(client, admin, programme_manager):
    client.force_login(admin)
    org = OrganisationFactory(name="Filter BV", slug="filter-bv")
    _rename_in_admin(client, org, "Filter BV 2")
    client.force_login(programme_manager)
    url = reverse("audit:activity")

    by_admin = client.get(url, {"person": "admin@example"}).context["entries"]
    assert by_admin
    assert all(e.user == admin for e in by_admin)

    by_model = client.get(url, {"model": "accounts.organisation"}).context["entries"]
    assert by_model
    assert all(e.label == "accounts.organisation" for e in by_model)

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert client.get(url, {"date_from": tomorrow}).context["entries"] == []
    today = timezone.localdate().isoformat()
    assert client.get(url, {"date_from": today, "date_to": today}).context["entries"]


def test_activity_filter_rejects_reversed_dates_with_a_message(client, programme_manager):
    client.force_login(programme_manager)
    response = client.get(
        reverse("audit:activity"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "einddatum moet op of na de begindatum" in response.content.decode()


def test_object_history_of_a_deleted_object_stays_readable(client, admin):
    org = OrganisationFactory(name="Verdwijnt", slug="verdwijnt")
    pk = org.pk
    client.force_login(admin)
    client.post(f"/beheer/accounts/organisation/{pk}/delete/", {"post": "yes"})
    assert not Organisation.objects.filter(pk=pk).exists()
    response = client.get(reverse("audit:object-history", args=["accounts.organisation", pk]))
    assert response.status_code == 200
    actions = [e.action for e in response.context["entries"]]
    assert actions[0] == "deleted"
    assert response.context["entries"][0].reason == "admin.organisation.deleted"


def test_object_history_unknown_model_or_id_is_404(client, programme_manager):
    client.force_login(programme_manager)
    assert client.get(reverse("audit:object-history", args=["auth.nope", 1])).status_code == 404
    assert (
        client.get(
            reverse("audit:object-history", args=["accounts.organisation", "abc"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("audit:object-history", args=["accounts.organisation", 999999])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["field_party", "coordinator_x", "cds_reviewer"])
def test_activity_is_refused_to_non_staff(persona_client, persona):
    assert persona_client(persona).get(reverse("audit:activity")).status_code == 403


def test_public_is_sent_to_login_for_activity(client):
    response = client.get(reverse("audit:activity"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_activity_link_only_in_staff_navigation(client, programme_manager, field_party):
    client.force_login(field_party)
    assert 'href="/activiteit/"' not in client.get("/").content.decode()
    client.force_login(programme_manager)
    assert 'href="/activiteit/"' in client.get("/").content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_activity_page_queries_do_not_grow(client, programme_manager, django_assert_num_queries, n):
    admin_user = UserFactory(email="actor@example.org")
    for i in range(n):
        org = Organisation(name=f"Org {i}", slug=f"org-{i}", kind="other")
        org._change_reason = "test.organisation.created"
        org.save()
        org.name = f"Org {i} (bewerkt)"
        org.save()
        for model in (Organisation,):
            model.history.filter(pk=org.pk).update(history_user=admin_user)
    client.force_login(programme_manager)
    url = reverse("audit:activity") + "?model=accounts.organisation"
    client.get(url)  # warm the session
    # session, user, roles; count, page; then per model on the page: records and
    # their predecessors; the unread-notification count in the header.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    total = response.context["page_obj"].paginator.count
    assert total >= 2 * n
    assert len(response.context["entries"]) == min(total, 50)


def test_unfiltered_activity_page_is_bounded_by_the_number_of_models(
    client, programme_manager, admin, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(30)
    client.force_login(programme_manager)
    client.get(reverse("audit:activity"))
    # Per model on the page at most: records, predecessors, m2m rows, m2m targets.
    with django_assert_max_num_queries(5 + 4 * len(audited_models())):
        assert client.get(reverse("audit:activity")).status_code == 200


def test_every_domain_model_keeps_history():
    ours = {"accounts", "roadmap", "agreements"}
    from django.apps import apps

    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in ours
        and not m.__name__.startswith("Historical")
        and m._meta.label_lower not in audited_models()
    ]
    assert missing == []
