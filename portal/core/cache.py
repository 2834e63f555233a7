"""A Redis cache that keeps the site up when Redis is not.

The cache holds nothing that cannot be lost (rate-limit counters, computed fragments):
when Redis is unreachable every read is a miss and every write is skipped, with a
warning, instead of an error page. The rate limit is not enforced while Redis is down.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(name: str, fallback: Any):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as error:
            log.warning(
                "cache: Redis unreachable during %s (%s); carrying on without it", name, error
            )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    get = _degrade("get", lambda key, default=None, version=None: default)
    get_many = _degrade("get_many", {})
    has_key = _degrade("has_key", False)
    add = _degrade("add", False)
    set = _degrade("set", None)
    set_many = _degrade("set_many", [])
    touch = _degrade("touch", False)
    delete = _degrade("delete", False)
    delete_many = _degrade("delete_many", None)
    incr = _degrade("incr", lambda key, delta=1, version=None: delta)
    clear = _degrade("clear", None)
