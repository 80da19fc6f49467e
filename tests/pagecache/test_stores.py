"""Both page stores keep the same contract (DESIGN invariant 8)."""

import asyncio
import os
import uuid

import pytest
import time_machine

from newsline.pagecache.store_redis import RedisStore
from newsline.pagecache.store_sqlite import SQLiteStore


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield SQLiteStore(str(tmp_path / "pages.sqlite3"), max_entries=3)
        return
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set; CI's second run tests the Redis store")
    store = RedisStore(os.environ["REDIS_URL"], prefix=f"test-{uuid.uuid4().hex}")
    yield store
    store.clear()


def test_a_page_is_found_by_its_key(store):
    assert store.store("k1", b"page one", tags=["a", "b"], ttl=60, since=store.generation())
    assert store.get("k1") == b"page one"
    assert asyncio.run(store.aget("k1")) == b"page one"
    assert store.get("k2") is None


def test_a_purge_deletes_exactly_the_pages_of_its_tags(store):
    since = store.generation()
    store.store("k1", b"1", tags=["article:1", "newsline:en"], ttl=60, since=since)
    store.store("k2", b"2", tags=["article:2", "newsline:en"], ttl=60, since=since)
    store.store("k3", b"3", tags=["article:3", "newsline:az"], ttl=60, since=since)
    assert store.purge(["article:1"]) == 1
    assert [store.get(k) for k in ("k1", "k2", "k3")] == [None, b"2", b"3"]
    assert store.purge(["newsline:en", "newsline:az"]) == 2
    assert [store.get(k) for k in ("k2", "k3")] == [None, None]


def test_a_page_rendered_before_a_purge_is_not_stored_after_it(store):
    since = store.generation()  # the render starts
    store.purge(["article:1"])  # a publish commits and purges meanwhile
    assert not store.store("k1", b"old", tags=["article:1"], ttl=60, since=since)
    assert store.get("k1") is None
    # Another tag's purge does not keep it out, and a render started after is stored.
    assert store.store("k2", b"page", tags=["article:2"], ttl=60, since=since)
    assert store.store("k1", b"new", tags=["article:1"], ttl=60, since=store.generation())


def test_a_stored_again_page_keeps_only_its_new_tags(store):
    store.store("k1", b"v1", tags=["section:1:en"], ttl=60, since=store.generation())
    store.store("k1", b"v2", tags=["section:2:en"], ttl=60, since=store.generation())
    store.purge(["section:2:en"])
    assert store.get("k1") is None


def test_clear_empties_the_store(store):
    store.store("k1", b"1", tags=["a"], ttl=60, since=store.generation())
    store.clear()
    assert store.get("k1") is None


def test_the_sqlite_store_answers_no_page_past_its_ttl(tmp_path):
    """As Redis expires a key, so does the SQLite store (the same contract)."""
    store = SQLiteStore(str(tmp_path / "pages.sqlite3"))
    with time_machine.travel(1_700_000_000, tick=False):
        store.store("k1", b"page", tags=["t"], ttl=60, since=store.generation())
        assert store.get("k1") == b"page"
    with time_machine.travel(1_700_000_061, tick=False):
        assert store.get("k1") is None
        assert asyncio.run(store.aget("k1")) is None


def test_the_sqlite_store_is_shared_by_every_process_and_capped(tmp_path, monkeypatch):
    from newsline.pagecache import store_sqlite

    path = str(tmp_path / "pages.sqlite3")
    writer = SQLiteStore(path, max_entries=2)
    monkeypatch.setattr(store_sqlite, "SWEEP_EVERY", 1)
    for n in range(4):
        writer.store(f"k{n}", b"x", tags=["t"], ttl=60 + n, since=0)
    # Another connection (as another worker process would have) sees the same pages.
    reader = SQLiteStore(path)
    assert [reader.get(f"k{n}") for n in range(4)] == [None, None, b"x", b"x"]
    reader.purge(["t"])
    assert writer.get("k3") is None


def test_a_purge_in_another_process_reaches_this_one(tmp_path):
    import subprocess
    import sys

    path = str(tmp_path / "pages.sqlite3")
    here = SQLiteStore(path)
    here.store("k1", b"page", tags=["article:1"], ttl=60, since=here.generation())
    assert here.get("k1") == b"page"
    purge = (
        "import sys; from newsline.pagecache.store_sqlite import SQLiteStore; "
        "print(SQLiteStore(sys.argv[1]).purge(['article:1']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", purge, path], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "1", done.stderr
    assert here.get("k1") is None
