"""Redis as a cache that fails quietly: when it cannot be reached the board keeps serving
from the database.

Every value in the cache can be computed again (jobboard/lib/cache.py), so an unreachable
cache costs speed, never correctness. Connecting and each command give up after
CACHE_TIMEOUT_SECONDS; a failure is logged and answered as a miss (`get` gives the default,
`add` and `set` store nothing), and for CACHE_RETRY_SECONDS afterwards the cache is not
asked at all, so a server that accepts connections and never answers delays one request,
not every one. Rate limits then let requests through (RATELIMIT_FAIL_OPEN); sessions are
read from the database, where `cached_db` keeps them anyway.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

FAILURES = (RedisError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        options = params.setdefault("OPTIONS", {})
        timeout = settings.CACHE_TIMEOUT_SECONDS
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, params)
        self._skip_until = 0.0

    def ping(self) -> None:
        """Ask the server itself, for /readyz; raises when it does not answer."""
        self._cache.get_client(write=True).ping()

    def _call(self, name: str, fallback: Callable[[], Any], *args, **kwargs) -> Any:
        if time.monotonic() < self._skip_until:
            return fallback()
        try:
            return getattr(super(), name)(*args, **kwargs)
        except FAILURES as error:
            self._skip_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
            log.warning(
                "The cache failed (%s: %s); serving without it for %s s",
                type(error).__name__,
                error,
                settings.CACHE_RETRY_SECONDS,
            )
            return fallback()

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        # Django's answer for a key it does not have; rate limits read it as "not counted".
        def missing():
            raise ValueError(f"Key '{key}' not found: the cache is unavailable")

        return self._call("incr", missing, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: None)
