"""The order in which the suite's tests are handed to the xdist workers (scheduling only:
no test depends on it).

`make test` starts pytest while the template database is still being migrated (about a
minute on one core); a worker's first database test waits for it. So each worker starts
with the tests that need no database (settings checks in subprocesses, the deployment
manifests, the Celery worker, source scans), and then the slow tests, longest first, so
that the workers finish together instead of one running a long test alone at the end.

With `--dist worksteal` xdist gives each worker an equal, consecutive share of the
collection and lets an idle worker take half of another's queue. `order` therefore lays
the collection out as one lane per worker: whole groups (a module's database or
no-database tests) dealt to the shortest lane, each lane in the order above.
"""

from __future__ import annotations

from collections import defaultdict

# Slowest first; the rest keep their collection order.
RUN_FIRST = (
    "tests/test_shared_nothing.py",
    "tests/e2e/test_reflow.py",
    "tests/test_worker_faults.py",
    "tests/test_notification_outbox.py",
    "tests/test_celery.py",
    "tests/e2e/",
    "tests/test_demo.py",
    "tests/test_visibility.py",
    "tests/test_idempotent_creates.py",
    "tests/test_api_conformance.py",
    "tests/test_settings.py",
    "tests/test_deploy.py",
    "tests/agreements/test_catalogue.py",
    "tests/test_observability.py",
)

# pytest-django's fixtures that open the database (ours reach it through these).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def needs_database(item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def _rank(item) -> tuple[int, int]:
    first = next(
        (i for i, prefix in enumerate(RUN_FIRST) if item.nodeid.startswith(prefix)),
        len(RUN_FIRST),
    )
    return (int(needs_database(item)), first)


def order(items: list, lanes: int) -> list:
    """The items laid out in `lanes` consecutive lanes of about equal length, each
    starting with its share of the no-database tests and of the slow ones."""
    ranked = sorted(items, key=_rank)  # stable: collection order within a rank
    if lanes <= 1:
        return ranked
    groups: dict[tuple[str, bool], list] = defaultdict(list)
    for item in ranked:  # dicts keep insertion order: groups in rank order
        groups[(item.nodeid.split("::", 1)[0], needs_database(item))].append(item)
    phases: list[list[list]] = [[], [], []]  # no database, slow, the rest
    for group in groups.values():
        needs_db, first = _rank(group[0])
        phases[0 if not needs_db else 1 if first < len(RUN_FIRST) else 2].append(group)
    phases[2].sort(key=len, reverse=True)  # the largest first: lanes end up even
    lane_items: list[list] = [[] for _ in range(lanes)]
    for phase in phases:
        dealt = [0] * lanes
        for group in phase:
            # the lane with the fewest of this phase, then the fewest in all
            lane = min(range(lanes), key=lambda i: (dealt[i], len(lane_items[i])))
            if phase is phases[2]:
                lane = min(range(lanes), key=lambda i: len(lane_items[i]))
            lane_items[lane].extend(group)
            dealt[lane] += len(group)
    # Exactly the share worksteal hands each worker (the rest divided by the workers
    # left), so that no lane's first test lands at the end of the one before: moved from
    # the end of a long lane (the quick database tests) to the end of a short one.
    sizes, left = [], len(ranked)
    for i in range(lanes):
        sizes.append(left // (lanes - i))
        left -= sizes[-1]
    spare = [item for lane, size in zip(lane_items, sizes, strict=True) for item in lane[size:]]
    for lane, size in zip(lane_items, sizes, strict=True):
        del lane[size:]
        lane.sort(key=_rank)
        need = size - len(lane)
        lane.extend(spare[:need])
        del spare[:need]
    return [item for lane in lane_items for item in lane]
