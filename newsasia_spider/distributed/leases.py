"""In-flight requests under lease, so a worker killed mid-crawl loses none of them.

A worker pops a request from the shared queue and, in the same Redis script, files it under a
lease id in the run's `inflight` hash with an expiry in the `leases` sorted set. While the
worker lives it renews its leases (every third of NEWSASIA_LEASE_SECONDS). The lease ends when
the request is done *and stored*: its response went through the spider and the archive batch
holding what it gave was committed (an article page whose batch dies with the worker is fetched
again). A lease that expires, because its worker was killed or hangs, is put back in the queue
by whichever worker notices first, so the others finish the killed worker's share.

A request that comes back to the scheduler (a redirect, a retry) carries its lease id in meta:
queuing the follow-up ends the lease, the follow-up being safe in the queue.

Expiry uses the Redis server's clock (TIME inside the scripts): workers' clocks may disagree.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

import redis

from newsasia_spider.distributed.redis_keys import RunKeys

logger = logging.getLogger(__name__)

LEASE = "newsasia_lease"  # request meta: the lease id the request was popped under

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6\n"

# KEYS: requests, inflight, leases; ARGV: lease id, lease seconds. -> the popped request or nil
_POP = (
    _NOW
    + """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
redis.call('HSET', KEYS[2], ARGV[1], item[1], ARGV[1] .. ':score', item[2])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
return item[1]
"""
)

# KEYS: leases; ARGV: lease seconds, ids... Renews the ids still leased (XX: never revives one).
_RENEW = (
    _NOW
    + """
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
return 0
"""
)

# KEYS: requests, inflight, leases; ARGV: ids to put back, or none for every expired lease.
_REQUEUE = (
    _NOW
    + """
local ids = ARGV
if #ids == 0 then ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now) end
local moved = 0
for _, id in ipairs(ids) do
  if redis.call('ZREM', KEYS[3], id) == 1 then
    local data = redis.call('HGET', KEYS[2], id)
    if data then
      redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[2], id .. ':score') or 0, data)
      moved = moved + 1
    end
  end
  redis.call('HDEL', KEYS[2], id, id .. ':score')
end
return moved
"""
)


class Leases:
    """One worker's leases on one outlet's queue."""

    def __init__(self, server: redis.Redis, keys: RunKeys, seconds: float) -> None:
        self.server, self.keys, self.seconds = server, keys, seconds
        self.held: set[str] = set()  # popped by this worker, not yet ended
        self.finished: set[str] = set()  # done; they end once the archive has committed
        self.stored_after_next_commit: set[str] = set()
        self.waits_for_commits = False  # True once the archive tells us of its commits
        self.batch_lost = False  # the archive refused a batch: no lease ends any more
        self._pop = server.register_script(_POP)
        self._renew = server.register_script(_RENEW)
        self._requeue = server.register_script(_REQUEUE)

    # -- the scheduler's side -----------------------------------------------------------------
    def pop(self) -> tuple[str, bytes] | None:
        """The next request of the queue, leased: (lease id, encoded request), or None."""
        lease = uuid.uuid4().hex
        keys = [self.keys.requests, self.keys.inflight, self.keys.leases]
        data = self._pop(keys=keys, args=[lease, self.seconds])
        if not data:
            return None
        self.held.add(lease)
        return lease, data

    def end(self, leases: Iterable[str]) -> None:
        """The requests are done (stored, or queued again as a follow-up): forget them."""
        leases = [lease for lease in leases if lease]
        if not leases:
            return
        with self.server.pipeline(transaction=False) as pipe:
            pipe.zrem(self.keys.leases, *leases)
            pipe.hdel(self.keys.inflight, *leases, *(f"{lease}:score" for lease in leases))
            pipe.execute()
        self.held.difference_update(leases)

    # -- completion: what the middlewares and the archive say ---------------------------------
    def done(self, lease: str | None) -> None:
        """The request's response (or failure) went through the spider."""
        if not lease or lease not in self.held:
            return
        if self.waits_for_commits:
            self.finished.add(lease)
        else:
            self.end([lease])

    def lost(self) -> None:
        """The archive refused a batch: what it held is not stored, and which requests gave it
        can't be told apart. None of this worker's leases ends now; they all go back to the
        queue when it closes (give_back), to be fetched again by another worker."""
        self.batch_lost = True

    def committed(self, closing: bool = False) -> None:
        """The archive committed a batch. What was done before the previous commit is stored
        now: an item yielded just before a commit may reach the batch just after it. When the
        crawl closes every response has been handled, so all that is done is stored."""
        if self.batch_lost:
            return
        if closing:
            ready = self.stored_after_next_commit | self.finished
            self.stored_after_next_commit, self.finished = set(), set()
        else:
            ready = self.stored_after_next_commit
            self.stored_after_next_commit, self.finished = self.finished, set()
        try:
            self.end(ready)
        except redis.RedisError as exc:  # they expire and are fetched again: nothing is lost
            logger.warning("%s: cannot end %d lease(s): %s", self.keys.outlet, len(ready), exc)

    # -- liveness -----------------------------------------------------------------------------
    def renew(self) -> None:
        if self.held:
            self._renew(keys=[self.keys.leases], args=[self.seconds, *self.held])

    def give_back(self) -> int:
        """Put this worker's unfinished requests back in the queue (a clean stop), or all it
        holds once a batch was lost."""
        if self.batch_lost:
            unfinished = set(self.held)
        else:
            unfinished = self.held - self.finished - self.stored_after_next_commit
        if not unfinished:
            return 0
        moved = self.requeue(unfinished)
        self.held -= unfinished
        return moved

    def requeue(self, leases: Iterable[str] = ()) -> int:
        """Put the given leases' requests back in the queue; with none given, every expired
        lease's (anyone's). Returns how many went back."""
        keys = [self.keys.requests, self.keys.inflight, self.keys.leases]
        return int(self._requeue(keys=keys, args=list(leases)))

    def outstanding(self) -> int:
        """Leases of all workers on this outlet's queue."""
        return int(self.server.zcard(self.keys.leases))
