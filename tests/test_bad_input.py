"""Bad input is a 400 with a plain message (problem+json in the API), never a 500.

An impossible date, a malformed cursor or a NUL byte in an address, a search or a form
answers 400; hypothesis throws random query parameters at every public list page and
endpoint and finds no server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

BAD = [
    ("/afspraken/?asOf=2026-02-30", "is geen datum"),
    ("/api/v1/agreements?asOf=2026-02-30", None),
    ("/zoeken/?q=a%00b", "niet is toegestaan"),
    ("/afspraken/LAS%00X/", "niet is toegestaan"),
    ("/api/v1/agreements/LAS%00X", None),
    ("/zoeken/?q=%00&kind=%00", "niet is toegestaan"),
    ("/api/v1/agreements?q=%00", None),
]


@pytest.mark.parametrize(("url", "says"), BAD)
def test_bad_input_is_a_400_in_the_users_language(client, url, says):
    response = client.get(url)
    assert response.status_code == 400, url
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400
    else:
        import re

        text = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", response.content.decode()))
        assert says in text, text[300:700]


def test_a_nul_byte_in_a_form_is_refused_before_anything_is_saved(client, field_party):
    from consultations.models import Comment

    client.force_login(field_party)
    response = client.post("/consultaties/x/", {"text": "a\x00b"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def _public_lists() -> list[str]:
    names = []
    for name, row in MATRIX.items():
        if row.kwargs or row.default != 200 or name.startswith(("accounts:", "feed-")):
            continue
        if any(code != 200 for code in row.overrides.values()):
            continue
        names.append(name)
    return sorted(names)


PARAMS = [
    "asOf", "page", "pageSize", "cursor", "q", "status", "kind", "sort", "ordering", "date",
    "programme", "tranche", "topic", "layer", "plateau", "phase", "region", "format", "fields",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-13-01", "0", "-1", "abc", "9" * 30, "%00", "\x00"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


@pytest.mark.parametrize("name", _public_lists())
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4))
def test_no_query_makes_a_list_page_or_endpoint_fail(client, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code < 500, (name, query)
