"""The access log, and capability tokens kept out of every log line.

Links to saved results, shared results and subscriptions carry their secret in the path
(/saved/<token>/ ...): whoever reads a log that has them can open them. The access log here
writes the path with the token masked and the client's address as the rate limits see it
(matcher/clientip.py), and `MaskCapabilityTokens` masks them in Django's own request logging.
gunicorn's access log stays off (its default), since it would write the raw path.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from matcher.clientip import client_ip

CAPABILITY_PATH = re.compile(r"/(saved|shared|notify/confirm|notify/manage)/[^/\s?#\"']+")
MASK = "[token]"

access_logger = logging.getLogger("access")


def mask_tokens(text: str) -> str:
    """`text` with the token of every capability path replaced by [token]."""
    return CAPABILITY_PATH.sub(lambda m: f"/{m.group(1)}/{MASK}", text)


class MaskCapabilityTokens(logging.Filter):
    """A logging filter that masks capability tokens in the message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class AccessLogMiddleware:
    """One line per request: client, method, path (tokens masked), status, size, duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if access_logger.isEnabledFor(logging.INFO):
            size = len(response.content) if not response.streaming else "-"
            access_logger.info(
                '%s "%s %s" %s %s %.0fms',
                client_ip(request) or "-",
                request.method,
                mask_tokens(request.path),
                response.status_code,
                size,
                (time.perf_counter() - started) * 1000,
            )
        return response
