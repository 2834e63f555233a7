"""Anonymous pages can be kept by a browser or a cache and revalidated: an ETag from the
data version, 304 before the view runs, and a new ETag once an audited change commits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.accounts.roles import Role
from tests.factories import ExchangeFactory, make_person

pytestmark = pytest.mark.django_db


def _visit(client, url):
    """A returning visitor: the first page set the CSRF cookie, the second is labelled."""
    first = client.get(url)
    assert first.status_code == 200
    assert "ETag" not in first  # the first page sets the cookie its token is made from
    return client.get(url)


def test_a_public_page_is_labelled_and_answers_304_without_running_the_view(
    client, django_assert_max_num_queries
):
    url = reverse("wegiz:agenda")
    page = _visit(client, url)
    assert page.status_code == 200
    etag = page["ETag"]
    assert etag.startswith('W/"')
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
    with django_assert_max_num_queries(1):  # the data version, nothing of the page
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"')
    assert other.status_code == 200


def test_a_committed_change_gives_a_new_etag_and_the_new_content(
    client, django_capture_on_commit_callbacks
):
    url = reverse("wegiz:agenda")
    etag = _visit(client, url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        ExchangeFactory(title="Nieuwe uitwisseling voor de ETag-test")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Nieuwe uitwisseling voor de ETag-test" in response.content.decode()
    assert response["ETag"] != etag


def test_the_language_and_the_address_are_part_of_the_label(client):
    url = reverse("wegiz:agenda")
    dutch = _visit(client, url)["ETag"]
    assert client.get(url + "?page=1")["ETag"] != dutch
    client.cookies["portal_language"] = "en"
    english = client.get(url, HTTP_IF_NONE_MATCH=dutch)
    assert english.status_code == 200
    assert english["ETag"] != dutch


def test_pages_of_a_logged_in_person_are_never_labelled(client):
    client.force_login(make_person(Role.FIELD_PARTY))
    url = reverse("wegiz:agenda")
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    assert "ETag" not in page
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 200


def test_the_api_is_left_to_its_own_rules(client):
    """A page's ETag means nothing to the API, which labels its answers itself (see
    tests/test_api_caching.py)."""
    client.get(reverse("wegiz:agenda"))
    page = client.get(reverse("wegiz:agenda"))
    response = client.get("/api/v1/exchanges", HTTP_IF_NONE_MATCH=page["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != page["ETag"]
