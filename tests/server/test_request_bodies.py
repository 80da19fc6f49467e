"""Request bodies reach Django through the front whatever awaitable the server's receive is."""

import asyncio

from a2wsgi import WSGIMiddleware

from newsline.asgi import coroutine_receive


class Awaitable:
    """Awaits to a message without being a coroutine, as granian's `receive()` does."""

    def __init__(self, message):
        self.message = message

    def __await__(self):
        return self.message
        yield  # a generator: awaitable, yet no coroutine


def echo(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]


def test_a_body_is_read_when_receive_returns_no_coroutine():
    async def post(app) -> tuple[int, bytes]:
        sent = []

        def receive():
            return Awaitable({"type": "http.request", "body": b"headline=Bridge"})

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": "/", "raw_path": b"/", "root_path": "", "query_string": b"",
            "headers": [(b"host", b"testserver"), (b"content-length", b"15")],
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
        }  # fmt: skip
        await app(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    assert asyncio.run(post(coroutine_receive(WSGIMiddleware(echo)))) == (200, b"headline=Bridge")
