"""Where a distributed run keeps its state in Redis: key names, the connection, the current run.

Every key of a run starts with `<prefix>:<archive id>:<run>:<outlet>:`, so archives, runs,
outlets and test cases (each with its own prefix) never share a queue; the politeness slots
are `<prefix>:slots:<domain>`, shared by every run and archive, since a site's patience doesn't
depend on who is asking.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import redis
from scrapy.settings import BaseSettings

CONNECT_TIMEOUT_SECONDS = 5


class RedisUnavailable(Exception):
    """The Redis server can't be reached or refuses us: one line for the user."""


def resolve_redis_url(explicit: str | None, settings: BaseSettings) -> str | None:
    """The Redis server asked for: the command's option, else $NEWSASIA_REDIS_URL, else the
    setting; None when none names one."""
    return explicit or os.environ.get("NEWSASIA_REDIS_URL") or settings.get("NEWSASIA_REDIS_URL")


def connect(url: str) -> redis.Redis:
    """A client for url, checked with a PING; raises RedisUnavailable."""
    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=30,
            retry_on_timeout=True,
        )
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {describe(url)}: {exc}") from exc
    return client


def redis_time(client: redis.Redis) -> float:
    """The Redis server's clock, in seconds: the one clock every worker shares."""
    seconds, microseconds = client.time()
    return seconds + microseconds / 1e6


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"


@dataclass(frozen=True)
class RunKeys:
    """The Redis keys of one outlet in one distributed run."""

    prefix: str
    run: str
    outlet: str

    @classmethod
    def from_settings(cls, settings: BaseSettings, outlet: str) -> RunKeys:
        return cls(settings.get("NEWSASIA_REDIS_NAMESPACE"), run_name(settings), outlet)

    def key(self, what: str) -> str:
        return f"{self.prefix}:{self.run}:{self.outlet}:{what}"

    @property
    def requests(self) -> str:  # sorted set: the queue, scored by -priority
        return self.key("requests")

    @property
    def seen(self) -> str:  # set: fingerprints of every request ever queued in this run
        return self.key("seen")

    @property
    def inflight(self) -> str:  # hash: lease id -> the popped request (and its queue score)
        return self.key("inflight")

    @property
    def leases(self) -> str:  # sorted set: lease id -> when it expires (Redis clock)
        return self.key("leases")

    @property
    def workers(self) -> str:  # hash: worker name -> its state and, once done, its stats
        return self.key("workers")

    @property
    def alive(self) -> str:  # sorted set: worker name -> until when it is known to be alive
        return self.key("alive")

    def all(self) -> list[str]:
        return [self.requests, self.seen, self.inflight, self.leases, self.workers, self.alive]


def run_name(settings: BaseSettings) -> str:
    run = str(settings.get("NEWSASIA_DISTRIBUTED_RUN") or "").strip()
    if not run:
        raise RedisUnavailable(
            "no distributed run named: set NEWSASIA_DISTRIBUTED_RUN or use `newsasia worker`"
        )
    return run


def archive_namespace(prefix: str, archive_id: str) -> str:
    """Where an archive's runs keep their keys: `<prefix>:<archive id>` (Storage.archive_id), so
    two archives sharing a Redis server (and numbering their runs alike) never meet."""
    return f"{prefix}:{archive_id}"


def slot_key(prefix: str, domain: str) -> str:
    """The sorted set of a domain's politeness slots: holder -> lease expiry."""
    return f"{prefix}:slots:{domain}"


# --- the current run: what `newsasia crawl --distributed` announces for other machines' workers


def current_run_key(prefix: str) -> str:
    return f"{prefix}:current-run"


def announce_run(client: redis.Redis, prefix: str, run: str, outlets: list[str]) -> None:
    client.set(current_run_key(prefix), json.dumps({"run": run, "outlets": outlets}))


def current_run(client: redis.Redis, prefix: str) -> dict[str, Any] | None:
    """{"run": name, "outlets": [...]} of the run under way, or None."""
    raw = client.get(current_run_key(prefix))
    if not raw:
        return None
    try:
        announced = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return announced if isinstance(announced, dict) and announced.get("run") else None


def end_run(client: redis.Redis, prefix: str, run: str) -> None:
    """Stop announcing run (if it is still the current one)."""
    announced = current_run(client, prefix)
    if announced and announced["run"] == run:
        client.delete(current_run_key(prefix))
