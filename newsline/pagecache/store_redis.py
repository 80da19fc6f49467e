"""Production: pages in Redis, shared by every app process on every machine.

A page is one string key (a hit is one GET); each tag is a set of page keys; a purge
reads the sets and deletes their pages in one Lua script, so it is atomic with stores.
The scripts touch keys they compute, so this needs one Redis, not Redis Cluster.
Size is bounded by TTLs and Redis's own `maxmemory-policy allkeys-lru`.
"""

import asyncio

import redis
import redis.asyncio

from newsline.pagecache.hot import EVERYTHING, HotPages

# A purge stamp only has to outlive the longest render.
PURGE_MEMORY = 3600

# KEYS: page, tag sets…, purge stamps…  ARGV: blob, ttl, since, tag count, tag-set ttl
STORE = """
local n = tonumber(ARGV[4])
for i = 1, n do
  local purged = redis.call('GET', KEYS[1 + n + i])
  if purged and tonumber(purged) > tonumber(ARGV[3]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 1, n do
  redis.call('SADD', KEYS[1 + i], KEYS[1])
  redis.call('PEXPIRE', KEYS[1 + i], ARGV[5])
end
return 1
"""
# KEYS: generation, then pairs of (tag set, purge stamp).  ARGV: stamp ttl, channel
# Every page of the tags is announced, deleted here or not (it may have expired here and
# still be held by a process's hot copy, newsline.pagecache.hot).
PURGE = """
local generation = redis.call('INCR', KEYS[1])
local deleted = 0
local announced = {}
for i = 2, #KEYS, 2 do
  local pages = redis.call('SMEMBERS', KEYS[i])
  for _, page in ipairs(pages) do
    deleted = deleted + redis.call('DEL', page)
    announced[#announced + 1] = page
  end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + 1], generation, 'EX', ARGV[1])
end
local message = table.concat(announced, ' ')
if #announced > 0 then redis.call('PUBLISH', ARGV[2], message) end
return {deleted, message}
"""


class RedisStore:
    def __init__(self, url: str, *, prefix: str, tag_ttl: float = 86400):
        self.url = url
        self.prefix = f"{prefix}:pages:"
        # Where purges are announced to the hot copies of every process.
        self.purge_channel = f"{prefix}:pages:purged"
        self._hot: HotPages | None = None
        self.tag_ttl_ms = int(tag_ttl * 1000)
        self.client = redis.Redis.from_url(url)
        self._store = self.client.register_script(STORE)
        self._purge = self.client.register_script(PURGE)
        self._async: dict[asyncio.AbstractEventLoop, redis.asyncio.Redis] = {}

    def _page(self, key: str) -> str:
        return f"{self.prefix}p:{key}"

    def get(self, key: str) -> bytes | None:
        return self.client.get(self._page(key))

    async def aget(self, key: str) -> bytes | None:
        # An asyncio client belongs to the loop it was made in (one per server worker).
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            self._async = {k: v for k, v in self._async.items() if not k.is_closed()}
            client = self._async[loop] = redis.asyncio.Redis.from_url(self.url)
        return await client.get(self._page(key))

    def generation(self) -> int:
        return int(self.client.get(f"{self.prefix}generation") or 0)

    def store(self, key: str, blob: bytes, *, tags: list[str], ttl: float, since: int) -> bool:
        sets = [f"{self.prefix}t:{tag}" for tag in tags]
        stamps = [f"{self.prefix}purged:{tag}" for tag in tags]
        args = [blob, max(1, int(ttl * 1000)), since, len(tags), self.tag_ttl_ms]
        return bool(self._store(keys=[self._page(key), *sets, *stamps], args=args))

    def purge(self, tags: list[str]) -> int:
        if not tags:
            return 0
        keys = [f"{self.prefix}generation"]
        for tag in tags:
            keys += [f"{self.prefix}t:{tag}", f"{self.prefix}purged:{tag}"]
        deleted, announced = self._purge(keys=keys, args=[PURGE_MEMORY, self.purge_channel])
        if self._hot is not None and announced:
            self._hot.forget(announced)  # here at once; other processes when they hear it
        return int(deleted)

    def clear(self) -> None:
        for found in self.client.scan_iter(f"{self.prefix}*", count=1000):
            self.client.delete(found)
        if self._hot is not None:
            self._hot.forget(EVERYTHING)
        self.client.publish(self.purge_channel, EVERYTHING)

    def hot_pages(self, max_bytes: int) -> HotPages:
        """This process's copy of hot pages, dropped page by page as purges announce."""
        if self._hot is None:
            self._hot = HotPages(
                url=self.url,
                channel=self.purge_channel,
                page_prefix=self._page(""),
                max_bytes=max_bytes,
            )
        return self._hot
