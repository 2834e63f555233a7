"""Every to-do link on the home page opens a working page, for every demo role.

The demo data puts something on each list (releases to review and to publish, unanswered
comments, applications to assess, conditions to follow up, overdue reports and actions);
each link is followed as the person who sees it."""

from __future__ import annotations

import re

import pytest

from portal.accounts.models import User
from portal.core.demo import DEMO_USERS

pytestmark = pytest.mark.django_db


def _todo_links(html: str) -> list[str]:
    section = re.search(r'<section class="portal-todo".*?</section>', html, re.S)
    return re.findall(r'href="([^"]+)"', section.group(0)) if section else []


def test_every_to_do_link_opens_a_working_page_for_every_role(client, demo_data):
    followed = 0
    for spec in DEMO_USERS:
        client.force_login(User.objects.get(email=spec.email))
        for url in _todo_links(client.get("/").content.decode()):
            url = url.replace("&amp;", "&")
            response = client.get(url)
            assert response.status_code == 200, (spec.email, url, response.status_code)
            followed += 1
        client.logout()
    assert followed >= 3, "the demo puts to-do items in front of the staff"
