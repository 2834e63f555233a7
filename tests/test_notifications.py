"""Follow, notifications (the outbox), e-mail now or as a digest, and one-click unsubscribe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from portal.notifications.models import Digest, Notification, Preference, Subscription
from portal.notifications.tasks import send_digests, send_pending
from portal.notifications.unsubscribe import make_token
from tests.factories import AgreementFactory, ExchangeFactory, PilotFactory, UserFactory

pytestmark = pytest.mark.django_db


def _follow(client, kind, obj_id, action="follow"):
    return client.post(
        reverse("notifications:follow"), {"kind": kind, "id": obj_id, "action": action}
    )


def _edit(client, agreement, **changes):
    data = {
        "lock_version": agreement.lock_version,
        "title": agreement.title,
        "system": agreement.system_id,
        "layer": agreement.layer,
        "topic": agreement.topic,
        "plateau": agreement.plateau,
        **changes,
    }
    return client.post(reverse("agreements:edit", args=[agreement.code]), data)


def test_field_party_follows_an_agreement_and_is_told_when_it_changes(
    client, field_party, programme_manager
):
    agreement = AgreementFactory(code="LAS-F-1")
    client.force_login(field_party)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert ">Volgen</button>" in page
    assert _follow(client, "agreement", agreement.pk).status_code == 302
    assert "Niet meer volgen" in client.get(agreement.get_absolute_url()).content.decode()

    client.force_login(programme_manager)
    assert _edit(client, agreement, title="Nieuwe titel").status_code == 302

    client.force_login(field_party)
    home = client.get("/").content.decode()
    assert 'class="portal-count">1<' in home  # the unread count in the header
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "LAS-F-1" in inbox and "Nieuwe titel" in inbox
    note = Notification.objects.get(user=field_party)
    opened = client.get(reverse("notifications:open", args=[note.pk]))
    assert opened.status_code == 302 and opened["Location"] == agreement.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="portal-count"' not in client.get("/").content.decode()


def test_the_person_who_made_the_change_is_not_told_of_it(client, programme_manager):
    agreement = AgreementFactory()
    client.force_login(programme_manager)
    _follow(client, "agreement", agreement.pk)
    assert _edit(client, agreement, title="Eigen wijziging").status_code == 302
    assert not Notification.objects.filter(user=programme_manager).exists()


def test_a_change_that_rolls_back_leaves_no_notification(field_party):
    exchange = ExchangeFactory(number=7, title="Beelden", care_domain="MSZ")
    Subscription.objects.create(user=field_party, target=exchange)
    with pytest.raises(RuntimeError), transaction.atomic():
        exchange.title = "Beelden en verslagen"
        exchange.save()
        assert Notification.objects.filter(user=field_party).count() == 1  # same transaction
        raise RuntimeError("the change fails after the notification was written")
    assert not Notification.objects.filter(user=field_party).exists()


def test_nobody_can_follow_what_they_may_not_see(client, field_party, programme_manager):
    draft = AgreementFactory(status=Agreement.Status.DRAFT)
    hidden = PilotFactory(title="Stil", slug="stil", kind="pilot", summary="x", is_published=False)
    client.force_login(field_party)
    assert _follow(client, "agreement", draft.pk).status_code == 404
    assert _follow(client, "pilot", hidden.pk).status_code == 404
    assert _follow(client, "user", field_party.pk).status_code == 404
    assert _follow(client, "agreement", "abc").status_code == 404
    assert not Subscription.objects.filter(user=field_party).exists()
    client.force_login(programme_manager)
    assert _follow(client, "agreement", draft.pk).status_code == 302


def test_anonymous_visitors_are_sent_to_log_in_to_follow(client):
    agreement = AgreementFactory()
    assert (
        "Log in om wijzigingen te volgen"
        in client.get(agreement.get_absolute_url()).content.decode()
    )
    response = _follow(client, "agreement", agreement.pk)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert not Subscription.objects.exists()


def test_section_followers_hear_only_of_what_they_may_see(field_party, programme_manager):
    from portal.notifications.services import follow

    follow(actor=field_party, section="agreements")
    follow(actor=programme_manager, section="agreements")
    AgreementFactory(code="LAS-D-1", status=Agreement.Status.DRAFT)
    assert not Notification.objects.filter(user=field_party).exists()
    assert Notification.objects.filter(user=programme_manager, label__contains="LAS-D-1").exists()
    AgreementFactory(code="LAS-P-1")
    assert Notification.objects.filter(user=field_party, label__contains="LAS-P-1").exists()


def test_notifications_of_another_person_are_not_found(client, field_party, field_party_b):
    exchange = ExchangeFactory(number=8, title="X", care_domain="MSZ")
    Subscription.objects.create(user=field_party, target=exchange)
    exchange.save()
    note = Notification.objects.get(user=field_party)
    client.force_login(field_party_b)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    client.post(reverse("notifications:mark-all-read"))
    note.refresh_from_db()
    assert note.read_at is None
    sub = Subscription.objects.get(user=field_party)
    assert client.post(reverse("notifications:unfollow", args=[sub.pk])).status_code == 404
    assert Subscription.objects.filter(pk=sub.pk).exists()


def test_following_page_lists_what_one_follows_and_can_stop(client, field_party):
    agreement = AgreementFactory(code="LAS-S-1")
    client.force_login(field_party)
    _follow(client, "agreement", agreement.pk)
    client.post(reverse("notifications:follow"), {"section": "wegiz"})
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "LAS-S-1" in page
    assert "Wegiz-agenda – <strong>gevolgd</strong>" in page
    sub = Subscription.objects.get(user=field_party, section="")
    assert client.post(reverse("notifications:unfollow", args=[sub.pk])).status_code == 302
    client.post(reverse("notifications:follow"), {"section": "wegiz", "action": "unfollow"})
    assert not Subscription.objects.filter(user=field_party).exists()
    assert client.post(reverse("notifications:follow"), {"section": "nope"}).status_code == 404


def test_immediate_mail_is_sent_once_with_a_one_click_unsubscribe(field_party):
    exchange = ExchangeFactory(number=9, title="Verwijzing", care_domain="MSZ")
    Subscription.objects.create(user=field_party, target=exchange)
    mail.outbox.clear()
    exchange.title = "Verwijzing en terugrapportage"
    exchange.save()
    send_pending()
    send_pending()  # a second run (or a duplicate delivery) sends nothing more
    mine = [m for m in mail.outbox if field_party.email in m.to]
    assert len(mine) == 1
    message = mine[0]
    assert "Verwijzing en terugrapportage" in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and "/meldingen/afmelden/" in link
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(user=field_party).emailed_at is not None


def test_people_who_chose_a_digest_get_no_immediate_mail(field_party):
    Preference.objects.create(user=field_party, email=Preference.Email.DAILY)
    exchange = ExchangeFactory(number=10, title="X", care_domain="MSZ")
    Subscription.objects.create(user=field_party, target=exchange)
    mail.outbox.clear()
    exchange.save()
    assert send_pending() == 0 and mail.outbox == []


def test_daily_digest_is_built_once_per_period_even_when_the_task_runs_twice(
    field_party, monkeypatch
):
    Preference.objects.create(user=field_party, email=Preference.Email.DAILY)
    first = ExchangeFactory(number=11, title="Eerste", care_domain="MSZ")
    second = ExchangeFactory(number=12, title="Tweede", care_domain="MSZ")
    for e in (first, second):
        Subscription.objects.create(user=field_party, target=e)
        e.save()
    mail.outbox.clear()
    assert send_digests("daily") == 1
    assert send_digests("daily") == 0
    assert len(mail.outbox) == 1
    assert "Eerste" in mail.outbox[0].body and "Tweede" in mail.outbox[0].body
    assert Digest.objects.filter(user=field_party).count() == 1
    assert not Notification.objects.filter(user=field_party, emailed_at__isnull=True).exists()
    # A change later the same day waits for tomorrow's digest, then goes out once.
    first.title = "Eerste, herzien"
    first.save()
    assert send_digests("daily") == 0
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert send_digests("daily") == 1
    assert send_digests("daily") == 0
    assert len(mail.outbox) == 2 and "Eerste, herzien" in mail.outbox[1].body
    assert send_digests("weekly") == 0  # not theirs


def test_weekly_digest_goes_to_weekly_readers_only(field_party, field_party_b):
    Preference.objects.create(user=field_party, email=Preference.Email.WEEKLY)
    Preference.objects.create(user=field_party_b, email=Preference.Email.NONE)
    exchange = ExchangeFactory(number=13, title="X", care_domain="MSZ")
    for user in (field_party, field_party_b):
        Subscription.objects.create(user=user, target=exchange)
    exchange.save()
    mail.outbox.clear()
    assert send_digests("weekly") == 1
    assert [m.to for m in mail.outbox] == [[field_party.email]]
    # Those who chose no e-mail still see it in the portal.
    assert Notification.objects.filter(user=field_party_b).exists()
    with pytest.raises(ValueError, match="hourly"):
        send_digests("hourly")


def test_unsubscribe_link_asks_first_and_works_without_login(client, field_party):
    token = make_token(field_party)
    url = reverse("notifications:unsubscribe", args=[token])
    # Opening the link (as a mail scanner does) only asks.
    page = client.get(url)
    assert page.status_code == 200
    assert "E-mail stoppen" in page.content.decode()
    assert not Preference.objects.filter(user=field_party, email=Preference.Email.NONE).exists()
    # The page's button posts, without a session or CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(url).status_code == 200
    assert Preference.objects.get(user=field_party).email == Preference.Email.NONE
    assert Preference.history.filter(user=field_party).exists()  # audited


def test_one_click_unsubscribe_post_of_a_mail_program_works(client, field_party):
    """RFC 8058: the mail program posts `List-Unsubscribe=One-Click` to the link."""
    token = make_token(field_party)
    response = client.__class__(enforce_csrf_checks=True).post(
        reverse("notifications:unsubscribe", args=[token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=field_party).email == Preference.Email.NONE


@pytest.mark.parametrize("tamper", ["one-char", "other-user", "garbage", "old-address"])
def test_a_tampered_unsubscribe_link_is_refused(client, field_party, field_party_b, tamper):
    token = make_token(field_party)
    if tamper == "one-char":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif tamper == "other-user":
        # the payload of another person with the signature of this one
        other = make_token(field_party_b)
        token = other.split(":")[0] + ":" + ":".join(token.split(":")[1:])
    elif tamper == "garbage":
        token = "eyJ1Ijo1fQ:abc:def"
    elif tamper == "old-address":
        field_party.email = "nieuw@example.org"
        field_party.save()
    response = client.get(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "niet geldig" in response.content.decode()
    assert not Preference.objects.filter(email=Preference.Email.NONE).exists()


def test_preference_form_saves_and_rejects_unknown_choices(client, field_party):
    client.force_login(field_party)
    url = reverse("notifications:settings")
    assert client.post(url, {"email": "weekly"}).status_code == 302
    assert Preference.objects.get(user=field_party).email == "weekly"
    response = client.post(url, {"email": "hourly"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Preference.objects.get(user=field_party).email == "weekly"


def test_a_release_with_many_items_is_one_notification(field_party):
    exchange = ExchangeFactory(number=14, title="X", care_domain="MSZ")
    Subscription.objects.create(user=field_party, target=exchange)
    for _ in range(5):
        exchange.save()
    assert Notification.objects.filter(user=field_party).count() == 1


@pytest.mark.parametrize("n", [1, 12])
def test_notifications_page_queries_do_not_grow(client, field_party, django_assert_num_queries, n):
    for i in range(n):
        e = ExchangeFactory(number=100 + i, title=f"X{i}", care_domain="MSZ")
        Subscription.objects.create(user=field_party, target=e)
        e.save()
    assert Notification.objects.filter(user=field_party).count() == n
    client.force_login(field_party)
    client.get(reverse("notifications:inbox"))
    # session, user, roles, count, page, unread count in the header; the audit-link and
    # to-do permission checks
    with django_assert_num_queries(8):
        assert client.get(reverse("notifications:inbox")).status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_following_page_queries_do_not_grow_with_followed_objects(
    client, field_party, django_assert_max_num_queries, n
):
    for i in range(n):
        agreement = AgreementFactory()
        e = ExchangeFactory(number=200 + i, title=f"X{i}", care_domain="MSZ")
        for target in (agreement, e):
            Subscription.objects.create(user=field_party, target=target)
    client.force_login(field_party)
    client.get(reverse("notifications:settings"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("notifications:settings")).status_code == 200


def test_new_user_starts_with_empty_states(client):
    user = UserFactory()
    client.force_login(user)
    assert "Nog geen meldingen" in client.get(reverse("notifications:inbox")).content.decode()
    assert "U volgt nog niets" in client.get(reverse("notifications:settings")).content.decode()


def test_email_reaches_each_person_in_the_language_they_chose(client, field_party, field_party_b):
    from django.utils.translation import gettext, override

    client.force_login(field_party_b)
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    field_party_b.refresh_from_db()
    assert field_party_b.language == "en"
    field_party.refresh_from_db()
    assert field_party.language == "nl"  # the default: the site's language
    exchange = ExchangeFactory(number=11, title="Verwijzing", care_domain="MSZ")
    for person in (field_party, field_party_b):
        Subscription.objects.create(user=person, target=exchange)
    mail.outbox.clear()
    exchange.title = "Verwijzing en terugrapportage"
    exchange.save()
    send_pending()
    subject = "News on what you follow in the GIS portal"
    with override("nl"):
        dutch = gettext(subject)
    assert dutch != subject
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[field_party_b.email].subject == subject
    assert by_person[field_party.email].subject == dutch
    assert "Hello" in by_person[field_party_b.email].body
    assert "Hello" not in by_person[field_party.email].body
