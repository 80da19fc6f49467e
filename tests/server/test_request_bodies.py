"""Requests reach Django through the front's bridge (newsline/server/bridge.py) whole."""

import asyncio

from newsline.server.bridge import SPOOL_BYTES, DjangoBridge


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
    return [environ["REQUEST_METHOD"].encode(), b" ", body]


def streamed(environ, start_response):
    class Stream:
        streaming = True
        closed = False

        def __iter__(self):
            yield from (b"one,", b"two,", b"three")

        def close(self):
            Stream.closed = True

    start_response("200 OK", [("Content-Type", "text/plain")])
    streamed.response = Stream()
    return streamed.response


def call(
    app, parts: list[bytes], *, awaitable=Awaitable, max_body=None, declared=True
) -> tuple[int, list[dict]]:
    async def run():
        sent, messages = [], list(parts)

        def receive():
            body = messages.pop(0)
            return awaitable({"type": "http.request", "body": body, "more_body": bool(messages)})

        async def send(message):
            sent.append(message)

        length = str(sum(map(len, parts))).encode()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": "/", "raw_path": b"/", "root_path": "", "query_string": b"",
            "headers": [(b"host", b"testserver")]
            + ([(b"content-length", length)] if declared else []),
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
        }  # fmt: skip
        await DjangoBridge(app, threads=2, max_body=max_body)(scope, receive, send)
        return sent[0]["status"], sent[1:]

    return asyncio.run(run())


def body_of(messages: list[dict]) -> bytes:
    return b"".join(m.get("body", b"") for m in messages)


def test_a_body_is_read_when_receive_returns_no_coroutine():
    status, messages = call(echo, [b"headline=Bridge"])
    assert (status, body_of(messages)) == (200, b"POST headline=Bridge")


def test_a_body_in_many_parts_past_the_memory_spool_arrives_whole():
    parts = [bytes([65 + n]) * (SPOOL_BYTES // 3) for n in range(5)]
    status, messages = call(echo, parts)
    assert status == 200
    assert body_of(messages) == b"POST " + b"".join(parts)


def test_a_page_is_sent_in_one_message():
    _, messages = call(echo, [b"x"])
    assert len(messages) == 1 and not messages[0].get("more_body")


def test_a_streaming_response_is_sent_chunk_by_chunk_and_closed():
    status, messages = call(streamed, [b""])
    assert status == 200
    assert [m["body"] for m in messages] == [b"one,", b"two,", b"three", b""]
    assert [m.get("more_body", False) for m in messages] == [True, True, True, False]
    assert streamed.response.closed


def refuse(environ, start_response):
    raise AssertionError("Django must not see a body over the limit")


def test_a_body_over_the_limit_is_refused_before_django_sees_it():
    for declared in (True, False):  # by its Content-Length, or as it arrives
        status, messages = call(refuse, [b"x" * 600, b"x" * 600], max_body=1000, declared=declared)
        assert status == 413 and b"too large" in body_of(messages)
    status, messages = call(echo, [b"x" * 500, b"x" * 500], max_body=1000)
    assert status == 200
