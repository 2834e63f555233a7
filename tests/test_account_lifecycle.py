"""Accounts without typed passwords: invitations by administrators, registration with a
verified e-mail address (as a private person or asking to act for an organisation),
the person's own data download, and closing an account."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from consultations import services as consultation_services
from consultations.models import Comment
from portal.accounts.models import AccessRequest, Invitation, User
from portal.accounts.roles import Role
from portal.notifications.models import Subscription
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Een-eigen-wachtwoord-2026"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


@pytest.fixture(autouse=True)
def _mail_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Mail leaves after the request's transaction commits: each POST here runs its
    commit callbacks as a committed request would."""
    from django.test import Client

    post = Client.post

    def committed_post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", committed_post)


def _invite(client, admin, **fields):
    client.force_login(admin)
    page = client.get(reverse("accounts:invite"))
    key = page.context["form"]["idempotency_key"].value()
    return client.post(reverse("accounts:invite"), {"idempotency_key": key, **fields})


def test_an_administrator_invites_and_the_person_chooses_their_own_password(
    client, admin, organisation_a
):
    response = _invite(
        client,
        admin,
        email="nieuw@zorg.example",
        full_name="Nina Nieuw",
        organisation=organisation_a.pk,
        role="field_party",
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nieuw@zorg.example"]]
    link = _link(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert "Nina Nieuw" in page.content.decode()
    weak = client.post(link, {"full_name": "Nina Nieuw", "password1": "kort", "password2": "kort"})
    assert weak.status_code == 200 and not User.objects.filter(email="nieuw@zorg.example").exists()
    done = client.post(
        link, {"full_name": "Nina Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    user = User.objects.get(email="nieuw@zorg.example")
    assert user.check_password(NEW_PASSWORD) and user.has_role(Role.FIELD_PARTY)
    assert list(user.memberships.values_list("organisation", flat=True)) == [organisation_a.pk]
    assert client.get(reverse("accounts:profile")).status_code == 200  # logged in
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 404
    assert (
        Invitation.objects.get()
        .history.filter(history_change_reason="accounts.invitation.accepted")
        .exists()
    )


def test_an_invitation_expires(client, admin, organisation_a):
    _invite(
        client, admin, email="laat@zorg.example", organisation=organisation_a.pk, role="field_party"
    )
    link = _link(mail.outbox[0])
    client.logout()
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        page = client.get(link)
    assert page.status_code == 404
    assert "kan niet worden gebruikt" in page.content.decode()


def test_an_existing_account_accepts_the_invitation_after_logging_in(
    client, admin, field_party, organisation_b
):
    _invite(
        client, admin, email=field_party.email, organisation=organisation_b.pk, role="field_party"
    )
    link = _link(mail.outbox[0])
    other = make_person(Role.FIELD_PARTY, email="ander@example.org")
    client.force_login(other)
    client.post(link)
    assert not field_party.memberships.filter(organisation=organisation_b).exists()
    client.force_login(field_party)
    assert client.post(link).status_code == 302
    assert field_party.memberships.filter(organisation=organisation_b).exists()


@pytest.mark.parametrize("persona", ["field_party", "programme_manager", "board_member"])
def test_only_administrators_invite(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:invite")).status_code == 403
    assert client.post(reverse("accounts:invite"), {"email": "x@example.org"}).status_code == 403
    assert not Invitation.objects.exists()


def _register(client, **fields):
    data = {
        "email": "burger@example.org",
        "full_name": "Bea Burger",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **fields,
    }
    return client.post(reverse("accounts:register"), data)


def test_a_private_person_registers_confirms_and_comments(client, open_consultation):
    page = _register(client)
    assert "Kijk in uw e-mail" in page.content.decode()
    user = User.objects.get(email="burger@example.org")
    assert not user.is_active
    login = {"username": "burger@example.org", "password": NEW_PASSWORD}
    assert client.post(reverse("accounts:login"), login).status_code == 200  # not yet
    assert client.get(_link(mail.outbox[0])).status_code == 302
    assert client.post(reverse("accounts:login"), login).status_code == 302
    url = open_consultation.get_absolute_url()
    form = client.get(url).context["form"]
    section = consultation_services.current_version(open_consultation).sections.get()
    response = client.post(
        url,
        {
            "organisation": "",
            "target": f"s-{section.pk}",
            "text": "Als burger vind ik dit belangrijk.",
            "may_publish": "on",
            "idempotency_key": form["idempotency_key"].value(),
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.organisation is None and comment.attribution == "Een particulier"
    client.logout()
    shown = client.get(
        reverse("consultations:section", args=["ronde", section.pk])
    ).content.decode()
    assert "Een particulier" in shown and "Bea Burger" not in shown


def test_registering_with_a_known_address_reveals_nothing_and_tells_its_owner(client, field_party):
    page = _register(client, email=field_party.email.upper())
    assert "Kijk in uw e-mail" in page.content.decode()
    assert User.objects.filter(email__iexact=field_party.email).count() == 1
    assert "al een account" in mail.outbox[0].body


def test_a_changed_or_old_verification_link_is_refused(client):
    _register(client)
    link = _link(mail.outbox[0])
    assert client.get(link[:-3] + "abc/").status_code == 400
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)):
        page = client.get(link)
    assert page.status_code == 400 and "verlopen" in page.content.decode()
    assert not User.objects.get(email="burger@example.org").is_active


def test_a_request_to_act_for_an_organisation_is_approved_by_one_of_its_members(
    client, organisation_a, field_party, field_party_b
):
    _register(client, organisation=organisation_a.pk)
    client.get(_link(mail.outbox[0]))
    request = AccessRequest.objects.get()
    assert request.status == "pending"
    # A member of another organisation does not see it and cannot decide it.
    client.force_login(field_party_b)
    assert "Bea Burger" not in client.get(reverse("accounts:access-requests")).content.decode()
    decide = reverse("accounts:access-request-decide", args=[request.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    # A member of the organisation was told, and approves.
    assert field_party.notifications.exists()
    client.force_login(field_party)
    assert "Bea Burger" in client.get(reverse("accounts:access-requests")).content.decode()
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    user = User.objects.get(email="burger@example.org")
    assert user.memberships.filter(organisation=organisation_a).exists()
    assert AccessRequest.objects.get().decided_by == field_party


def test_a_person_downloads_their_own_data(client, field_party, organisation_a, open_consultation):
    section = consultation_services.current_version(open_consultation).sections.get()
    consultation_services.comment_submit(
        actor=field_party,
        consultation=open_consultation,
        organisation=organisation_a,
        text="Mijn reactie",
        may_publish=True,
        section=section,
    )
    client.force_login(field_party)
    response = client.get(reverse("accounts:my-data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == field_party.email
    assert data["organisations"][0]["name"] == organisation_a.name
    assert [c["text"] for c in data["consultationComments"]] == ["Mijn reactie"]
    assert client.logout() is None
    assert client.get(reverse("accounts:my-data")).status_code == 302


def test_closing_an_account_keeps_published_comments_under_the_organisation(
    client, field_party, organisation_a, open_consultation
):
    from portal.notifications.services import follow

    section = consultation_services.current_version(open_consultation).sections.get()
    consultation_services.comment_submit(
        actor=field_party,
        consultation=open_consultation,
        organisation=organisation_a,
        text="Blijft staan",
        may_publish=True,
        section=section,
    )
    follow(actor=field_party, target=open_consultation)
    client.force_login(field_party)
    refused = client.post(reverse("accounts:close"), {})
    assert refused.status_code == 200 and User.objects.get(pk=field_party.pk).is_active
    assert client.post(reverse("accounts:close"), {"confirm": "on"}).status_code == 302
    closed = User.objects.get(pk=field_party.pk)
    assert closed.closed_at and not closed.is_active and closed.full_name == ""
    assert closed.email.endswith("@closed.invalid") and not closed.has_usable_password()
    assert not closed.memberships.exists() and not closed.groups.exists()
    assert not Subscription.objects.filter(user=closed).exists()
    comment = Comment.objects.get()
    assert comment.text == "Blijft staan" and comment.attribution == organisation_a.name
    assert closed.history.filter(history_change_reason="accounts.user.closed").exists()
    login = {"username": "veld@example.org", "password": PASSWORD}
    assert client.post(reverse("accounts:login"), login).status_code == 200


def test_the_new_comment_form_offers_commenting_as_a_private_person(
    client, field_party, organisation_a, open_consultation
):
    client.force_login(field_party)
    form = client.get(open_consultation.get_absolute_url()).context["form"]
    choices = [label for _value, label in form.fields["organisation"].choices]
    assert choices[0] == "Mijzelf, als particulier" and organisation_a.name in choices
    assert form["organisation"].value() == organisation_a.pk


def test_a_logged_in_person_asks_to_act_for_another_organisation(
    client, field_party, field_party_b, organisation_b
):
    client.force_login(field_party)
    url = reverse("accounts:membership-request")
    assert client.post(url, {"organisation": organisation_b.pk}).status_code == 302
    again = client.post(url, {"organisation": organisation_b.pk})
    assert "al een verzoek" in again.content.decode()
    assert AccessRequest.objects.filter(user=field_party, status="pending").count() == 1
    assert field_party_b.notifications.exists()  # its member is told
    client.force_login(field_party_b)
    request = AccessRequest.objects.get()
    decide = reverse("accounts:access-request-decide", args=[request.pk])
    assert client.post(decide, {"decision": "refuse"}).status_code == 302
    assert AccessRequest.objects.get().status == "refused"
    assert not field_party.memberships.filter(organisation=organisation_b).exists()


def test_registering_in_english_keeps_english_for_the_mails(client):
    from django.core import mail

    from portal.accounts.models import User

    client.post("/taal/", {"language": "en", "next": "/"})
    client.post(
        reverse("accounts:register"),
        {
            "full_name": "Robin Reader",
            "email": "robin@example.org",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
        },
    )
    user = User.objects.get(email="robin@example.org")
    assert user.language == "en"
    assert "Confirm your e-mail address" in mail.outbox[-1].subject
