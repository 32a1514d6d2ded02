"""Helpers for asserting on rendered pages."""

from __future__ import annotations

import re

# A CSRF token is 64 random letters and digits: "NPC" or "Bao" turns up in one now and then.
_CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def without_tokens(html: str) -> str:
    """The page with its CSRF tokens emptied, for asserting that some words are absent."""
    return _CSRF_TOKEN.sub(r"\1\2", html)
