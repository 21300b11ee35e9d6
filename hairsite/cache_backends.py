"""Cache backends that log their failures and carry on as an empty cache.

A cache only saves work: when Redis is down or the cache directory cannot be
written, pages are rendered instead of failing, and the cache is used again
as soon as it answers.
"""

import logging
from collections.abc import Callable

from django.core.cache.backends import filebased, redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class DegradingCacheMixin:
    """Turn the backend's own errors into a miss, or a write that did not happen."""

    errors: tuple[type[Exception], ...] = ()
    # Log when the cache stops answering and when it is back, not on every call.
    failing = False

    def _or[T](self, fallback: T, call: Callable[..., T], *args, **kwargs) -> T:
        try:
            result = call(*args, **kwargs)
        except self.errors as error:
            if not self.failing:
                logger.error("Cache unavailable, carrying on without it: %r", error)
                self.failing = True
            return fallback
        if self.failing:
            logger.warning("Cache available again.")
            self.failing = False
        return result

    def add(self, *args, **kwargs) -> bool:
        return self._or(False, super().add, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def set(self, *args, **kwargs) -> None:
        return self._or(None, super().set, *args, **kwargs)

    def touch(self, *args, **kwargs) -> bool:
        return self._or(False, super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs) -> bool:
        return self._or(False, super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs) -> dict:
        return self._or({}, super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs) -> bool:
        return self._or(False, super().has_key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs) -> list:
        return self._or(list(data), super().set_many, data, *args, **kwargs)

    def delete_many(self, *args, **kwargs) -> None:
        return self._or(None, super().delete_many, *args, **kwargs)

    def clear(self) -> None:
        return self._or(None, super().clear)


class RedisCache(DegradingCacheMixin, redis.RedisCache):
    errors = (RedisError,)


class FileBasedCache(DegradingCacheMixin, filebased.FileBasedCache):
    errors = (OSError,)

    def _createdir(self) -> None:
        # Called on first use too: a directory it cannot make is one more miss.
        self._or(None, super()._createdir)
