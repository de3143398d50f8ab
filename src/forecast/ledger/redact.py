"""A database URL as messages and outputs show it: every password replaced by `***`.

A PostgreSQL URL carries its password in the user information (`user:secret@host`) or as a
query parameter (`?password=secret`, `sslpassword=`); both are hidden, however the password
is spelled (it may hold `@`, `/`, `?` or `#` unescaped, which a URL parser would misread).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

HIDDEN = "***"
# a query parameter whose name mentions a password, up to the next & (or the end)
_SECRET_PARAMETER = re.compile(r"(?i)([?&][^=&?#]*pass[^=&?#]*=)[^&]*")


def shown_url(url: str) -> str:
    """`url` with its passwords hidden; anything without `://` is returned as it is."""
    head, sep, rest = url.partition("://")
    if not sep:
        return url
    rest = _SECRET_PARAMETER.sub(lambda m: m.group(1) + HIDDEN, rest)
    at = rest.rfind("@")
    if at >= 0:
        userinfo, host = rest[:at], rest[at + 1:]
        user, colon, _ = userinfo.partition(":")
        rest = f"{user}:{HIDDEN}@{host}" if colon else rest
    return head + sep + rest


def secrets(url: str) -> list[str]:
    """The passwords `url` holds, as written and decoded, longest first (to scrub messages)."""
    _, sep, rest = url.partition("://")
    if not sep:
        return []
    found = [m.group(0).split("=", 1)[1] for m in _SECRET_PARAMETER.finditer(rest)]
    at = rest.rfind("@")
    if at >= 0 and ":" in rest[:at]:
        found.append(rest[:at].partition(":")[2])
    words = {w for s in found for w in (s, unquote(s)) if w}
    return sorted(words, key=len, reverse=True)


def scrubbed(text: str, url: str) -> str:
    """`text` (an error from the database driver) with every password of `url` hidden."""
    for secret in secrets(url):
        text = text.replace(secret, HIDDEN)
    return shown_url(text) if "://" in text else text
