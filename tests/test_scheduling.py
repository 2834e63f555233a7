"""The suite's own scheduling (tests/scheduling.py): every worker starts with tests that
need no database, and the lanes match the shares xdist's worksteal hands out."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.scheduling import order


@dataclass
class FakeItem:
    nodeid: str
    marked_db: bool = False
    fixturenames: list = field(default_factory=list)

    def get_closest_marker(self, name):
        return object() if name == "django_db" and self.marked_db else None


def _suite():
    items = [FakeItem(f"tests/test_pages.py::test_{i}", marked_db=True) for i in range(40)]
    items += [FakeItem(f"tests/test_api.py::test_{i}", fixturenames=["db"]) for i in range(25)]
    items += [FakeItem(f"tests/test_settings.py::test_{i}") for i in range(6)]
    items += [FakeItem(f"tests/test_deploy.py::test_{i}") for i in range(5)]
    items += [FakeItem(f"tests/test_i18n.py::test_{i}") for i in range(3)]
    items += [FakeItem("tests/test_shared_nothing.py::test_it", marked_db=True)]
    items += [FakeItem("tests/test_worker_faults.py::test_it", marked_db=True)]
    return items


@pytest.mark.parametrize("lanes", [2, 3])
def test_each_lane_starts_without_the_database_and_has_its_worksteal_share(lanes):
    items = _suite()
    ordered = order(items, lanes)
    assert sorted(i.nodeid for i in ordered) == sorted(i.nodeid for i in items)
    start, left = 0, len(items)
    for lane in range(lanes):
        size = left // (lanes - lane)
        first = ordered[start]
        assert not first.marked_db and "db" not in first.fixturenames, (lane, first.nodeid)
        start, left = start + size, left - size


def test_one_lane_is_no_database_first_then_slowest_first():
    ordered = [i.nodeid for i in order(_suite(), 1)]
    assert ordered[:11] == [f"tests/test_settings.py::test_{i}" for i in range(6)] + [
        f"tests/test_deploy.py::test_{i}" for i in range(5)
    ]
    assert ordered[11:14] == [f"tests/test_i18n.py::test_{i}" for i in range(3)]
    assert ordered[14:16] == [
        "tests/test_shared_nothing.py::test_it",
        "tests/test_worker_faults.py::test_it",
    ]
    assert ordered[16] == "tests/test_pages.py::test_0"
