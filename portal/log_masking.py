"""Private links never reach a log: every path segment that looks like a token is masked.

A self-assessment or invitation link carries a 256-bit token and only its hash is stored;
a log line with the path would undo that. Two places write paths: Django's own loggers
(``django.request`` logs every 4xx/5xx with its path, ``django.server`` every request in
development), through the handlers of ``LOGGING``, which get ``TokenMaskingFilter``; and
gunicorn's access and error logs, written by ``TokenMaskingLogger`` (``gunicorn.conf.py``
names it, so every gunicorn started from the project uses it).

Generic on purpose (``portal`` knows no app's URLs): a token is a path segment of at least 40
characters of the URL-safe alphabet. A long slug is masked too, which costs a log reader a
little and never leaks a link.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{40,}(?=[/?#\s\"']|$)")
MASK = "[token]"


def mask(text):
    return TOKEN_SEGMENT.sub(MASK, text) if isinstance(text, str) else text


class TokenMaskingFilter(logging.Filter):
    """Formats the record's message once, masked; never drops a record."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class TokenMaskingLogger(GunicornLogger):
    """gunicorn's logger with every access-log value (request line, path, referer, headers)
    and every error-log message masked."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(TokenMaskingFilter())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: mask(value)
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
