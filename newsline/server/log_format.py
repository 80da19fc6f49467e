"""Log lines as JSON objects, one a line, for log collectors (NEWSLINE_LOG_FORMAT=json)."""

import json
import logging
import time
from collections.abc import Mapping

_second = [-1, ""]


def utc_timestamp(now: float) -> str:
    """`now` as ISO 8601 in UTC with milliseconds: 2026-11-25T22:40:30.481Z."""
    second = int(now)
    if second != _second[0]:  # one strftime a second, not one a line
        _second[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))]
    return f"{_second[1]}.{int((now - second) * 1000):03d}Z"


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, then message or fields.

    A record logged with a mapping as its only argument (`log.info("%(path)s", fields)`)
    carries structured fields: they become the object's keys, so the same call reads as
    text with a text formatter. Tracebacks go in "exception" as one string.
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
        }
        if isinstance(record.args, Mapping):
            line.update(record.args)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Format a record for a person: UTC time, level, logger, message (and traceback)."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        return utc_timestamp(record.created)
