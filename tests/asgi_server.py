"""The ASGI front served by uvicorn on a thread, against the test database.

pytest-django's `live_server` is a WSGI server: it cannot hold a server-sent-event
stream open. This serves `newsline.asgi.front` the way `newsline serve` does, with
the test database shared into the server's threads as Django's live server does.
"""

import asyncio
import gc
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from django.db import connections


class AsgiLiveServer:
    def __init__(self):
        from newsline.asgi import front, wsgi
        from newsline.server.bridge import DjangoBridge

        self._shared = {
            conn.alias: conn
            for conn in connections.all(initialized_only=True)
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in self._shared.values():
            conn.inc_thread_sharing()
        self._pool = ThreadPoolExecutor(16, initializer=self._share_connections)
        django_app = DjangoBridge(wsgi, executor=self._pool)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            front(django_app), host="127.0.0.1", port=self.port, log_level="warning",
            lifespan="on", loop="asyncio", http="h11", timeout_graceful_shutdown=1,
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _share_connections(self):
        for alias, conn in self._shared.items():
            connections[alias] = conn

    def _serve(self):
        loop = asyncio.new_event_loop()
        loop.set_default_executor(self._pool)  # the live tail's reads share it too
        asyncio.set_event_loop(loop)
        loop.run_until_complete(self._server.serve())
        loop.close()

    def start(self):
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the ASGI server did not start")
            self._thread.join(0.01)
        return self

    def stop(self):
        self._server.should_exit = True
        self._thread.join(10)
        # The server's threads each opened a database connection: let them end and their
        # connections go, or PostgreSQL refuses to drop the test database at the end.
        self._pool.shutdown(wait=True, cancel_futures=True)
        gc.collect()
        for conn in self._shared.values():
            conn.dec_thread_sharing()
