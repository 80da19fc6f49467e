"""The embedded default: an SQLite file in the data directory, shared by every process.

Why not diskcache, which the Django cache uses: its entries carry one tag each, and a
page depends on many (its article, section, tags, the news line…). Why not the Django
cache API: it has no tag index. One WAL-mode SQLite file gives both a one-row hit (a
primary-key read, no lock against writers) and an indexed tag → pages table, and every
worker process on the machine sees a purge at once.
"""

import random
import sqlite3
import threading
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, expires REAL NOT NULL, blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page_tags (tag TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (tag, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS page_tags_key ON page_tags (key);
CREATE INDEX IF NOT EXISTS pages_expires ON pages (expires);
CREATE TABLE IF NOT EXISTS purges (tag TEXT PRIMARY KEY, generation INTEGER NOT NULL,
    at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
# A purge stamp only has to outlive the longest render; a day is plenty.
PURGE_MEMORY = 86400
# One store in this many also sweeps expired pages and old purge stamps.
SWEEP_EVERY = 200


class SQLiteStore:
    def __init__(self, path: str, *, max_entries: int = 50_000):
        self.path = path
        self.max_entries = max_entries
        self._local = threading.local()
        # Create the file and schema now, not inside the first request; connections are
        # opened per thread on first use, so none is inherited across a fork.
        setup = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            setup.execute("PRAGMA journal_mode=WAL")
            setup.executescript(SCHEMA)
        finally:
            setup.close()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def get(self, key: str) -> bytes | None:
        # Expired rows wait for the next sweep; they are not answered meanwhile (as Redis's
        # TTL would not).
        row = (
            self._conn()
            .execute("SELECT blob FROM pages WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else None

    async def aget(self, key: str) -> bytes | None:
        # A primary-key read in WAL mode takes microseconds and never waits for a
        # writer; a thread hop would cost more than the read.
        return self.get(key)

    def generation(self) -> int:
        row = (
            self._conn().execute("SELECT value FROM counters WHERE name = 'generation'").fetchone()
        )
        return row[0] if row else 0

    def store(self, key: str, blob: bytes, *, tags: list[str], ttl: float, since: int) -> bool:
        conn = self._conn()
        marks = ",".join("?" * len(tags))
        with _immediate(conn):
            (purged,) = conn.execute(
                f"SELECT max(generation) FROM purges WHERE tag IN ({marks})", tags
            ).fetchone()
            if purged is not None and purged > since:
                return False
            conn.execute(
                "INSERT OR REPLACE INTO pages (key, expires, blob) VALUES (?, ?, ?)",
                (key, time.time() + ttl, blob),
            )
            conn.execute("DELETE FROM page_tags WHERE key = ?", (key,))
            conn.executemany(
                "INSERT OR IGNORE INTO page_tags (tag, key) VALUES (?, ?)",
                [(tag, key) for tag in tags],
            )
            if random.randrange(SWEEP_EVERY) == 0:
                self._sweep(conn)
        return True

    def purge(self, tags: list[str]) -> int:
        if not tags:
            return 0
        conn = self._conn()
        marks = ",".join("?" * len(tags))
        with _immediate(conn):
            conn.execute(
                "INSERT INTO counters (name, value) VALUES ('generation', 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1"
            )
            generation = self.generation()
            now = time.time()
            conn.executemany(
                "INSERT OR REPLACE INTO purges (tag, generation, at) VALUES (?, ?, ?)",
                [(tag, generation, now) for tag in tags],
            )
            keys = [
                row[0]
                for row in conn.execute(
                    f"SELECT DISTINCT key FROM page_tags WHERE tag IN ({marks})", tags
                )
            ]
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                in_chunk = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM pages WHERE key IN ({in_chunk})", chunk)
                conn.execute(f"DELETE FROM page_tags WHERE key IN ({in_chunk})", chunk)
        return len(keys)

    def clear(self) -> None:
        conn = self._conn()
        with _immediate(conn):
            for table in ("pages", "page_tags", "purges"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names

    def _sweep(self, conn: sqlite3.Connection) -> None:
        """Drop expired pages, old purge stamps, and the soonest-expiring pages over the cap."""
        now = time.time()
        conn.execute("DELETE FROM purges WHERE at < ?", (now - PURGE_MEMORY,))
        doomed = conn.execute(
            "SELECT key FROM pages WHERE expires < ? UNION "
            "SELECT key FROM (SELECT key FROM pages ORDER BY expires DESC LIMIT -1 OFFSET ?)",
            (now, self.max_entries),
        ).fetchall()
        conn.executemany("DELETE FROM pages WHERE key = ?", doomed)
        conn.executemany("DELETE FROM page_tags WHERE key = ?", doomed)


class _immediate:
    """A write transaction taken at BEGIN, so two processes never deadlock upgrading a read."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
