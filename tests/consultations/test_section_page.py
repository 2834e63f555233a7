"""A section's comments page: each comment card shows who, when, the text (line breaks
kept, everything escaped), attachments, and the answer with what it changed once the
report is out; moderators see every comment and a form to hide an active one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from consultations.models import Comment, Consultation
from tests.factories import (
    AgreementVersionFactory,
    AnswerFactory,
    CommentAttachmentFactory,
    CommentFactory,
    ReleaseFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="rhc-card portal-card".*?</article>', html, re.S)


@pytest.fixture
def section_with_comments():
    named = CommentFactory(text="Eerste regel <b>vet?</b>\nTweede regel")
    Comment.objects.filter(pk=named.pk).update(  # 11 November in the Netherlands
        created_at=dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)
    )
    consultation, section = named.consultation, named.section
    CommentAttachmentFactory(comment=named, original_name="onderbouwing <1>.pdf")
    changed = SectionFactory(version=section.version, number="7")
    version = AgreementVersionFactory()
    release = ReleaseFactory(number="2031.1")
    AnswerFactory(
        comment=named,
        disposition="adopted",
        reason="Overgenomen & verwerkt",
        changed_section=changed,
        agreement_version=version,
        release=release,
    )
    private = CommentFactory(consultation=consultation, section=section, organisation=None)
    unnamed = CommentFactory(
        consultation=consultation, section=section, may_publish=False, text="Niet openbaar"
    )
    hidden = CommentFactory(consultation=consultation, section=section, text="Verborgen tekst")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    return {
        "url": reverse("consultations:section", args=[consultation.slug, section.pk]),
        "consultation": consultation,
        "named": named,
        "private": private,
        "unnamed": unnamed,
        "hidden": hidden,
        "version": version,
        "release": release,
    }


def test_the_public_reads_the_published_comments_and_after_the_report_their_answers(
    client, section_with_comments
):
    s = section_with_comments
    page = client.get(s["url"]).content.decode()
    cards = _cards(page)
    assert len(cards) == 2  # the named and the private person's; not the others
    first = cards[0]
    assert s["named"].organisation.name in first and "11 november 2026" in first
    assert "Eerste regel &lt;b&gt;vet?&lt;/b&gt;<br>Tweede regel" in first
    assert "onderbouwing &lt;1&gt;.pdf" in first
    assert reverse("consultations:attachment", args=[s["named"].attachments.get().pk]) in first
    assert "Antwoord" not in first  # no answers before the report is published
    assert "Een particulier" in cards[1]
    assert "Niet openbaar" not in page and "Verborgen tekst" not in page
    assert "<form" not in "".join(cards)  # nobody but moderators may hide

    Consultation.objects.filter(pk=s["consultation"].pk).update(status="reported")
    first = _cards(client.get(s["url"]).content.decode())[0]
    assert "<strong>Antwoord: Overgenomen.</strong> Overgenomen &amp; verwerkt" in first
    assert "paragraaf 7 van conceptversie" in first
    agreement = s["version"].agreement
    assert f'href="{agreement.get_absolute_url()}">{agreement.code} v{s["version"].number}' in first
    assert f'href="{s["release"].get_absolute_url()}">release 2031.1</a>' in first


def test_moderators_see_every_comment_and_may_hide_the_active_ones(
    client, programme_manager, section_with_comments
):
    s = section_with_comments
    client.force_login(programme_manager)
    page = client.get(s["url"]).content.decode()
    cards = _cards(page)
    assert len(cards) == 4
    by_id = {int(re.search(r'aria-labelledby="m-(\d+)"', c).group(1)): c for c in cards}
    assert "Niet met naam gepubliceerd" in by_id[s["unnamed"].pk]
    hidden = by_id[s["hidden"].pk]
    assert "utrecht-badge-status" in hidden and "<form" not in hidden
    form = re.search(r'<form method="post" action="([^"]+)".*?</form>', by_id[s["named"].pk], re.S)
    assert form.group(1) == reverse("consultations:comment-hide", args=[s["named"].pk])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
    response = client.post(form.group(1), {"reason": "Dubbel", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    s["named"].refresh_from_db()
    assert s["named"].status == Comment.Status.HIDDEN


def test_the_page_count_of_the_public_list_comes_from_the_section_s_counter(
    client, section_with_comments, django_assert_num_queries
):
    s = section_with_comments
    client.get(s["url"])
    # data version, consultation, section (with its counter), the page, its answers, its
    # attachments: no count over the section's comments.
    with django_assert_num_queries(6):
        page = client.get(s["url"]).content.decode()
    assert len(_cards(page)) == 2


def test_the_consultation_page_s_sections_follow_a_new_comment_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = CommentFactory()
    url = first.consultation.get_absolute_url()
    assert "1 openbare reactie<" in client.get(url).content.decode()
    assert "1 openbare reactie<" in client.get(url).content.decode()  # kept, unchanged
    with django_capture_on_commit_callbacks(execute=True):  # committed: the version moves
        CommentFactory(consultation=first.consultation, section=first.section)
    assert "2 openbare reacties<" in client.get(url).content.decode()
