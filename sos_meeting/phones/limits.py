"""How much one phone may ask of the laptop: requests per address, and the size of a form."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

BODY_LIMIT = 96 * 1024
"""Bytes in one form sent (a long answer, percent-encoded, is well under this)."""
FIELD_LIMITS = {"number": 12, "why": 4000, "higher": 4000, "form": 64, "code": 24, "who": 12}
"""Characters in each field; a field not named here is refused."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    """A token bucket per address: `burst` requests at once, then `per_minute`."""

    def __init__(
        self,
        *,
        burst: int = 40,
        per_minute: int = 60,
        addresses: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.burst = burst
        self.rate = per_minute / 60
        self.addresses = addresses
        self._buckets: dict[str, _Bucket] = {}

    def allow(self, address: str, now: float | None = None) -> bool:
        now = self.clock() if now is None else now
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= self.addresses:  # forget the quietest half
                ordered = sorted(self._buckets.items(), key=lambda kv: kv[1].at)
                for key, _ in ordered[: len(ordered) // 2]:
                    del self._buckets[key]
            bucket = self._buckets[address] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True
