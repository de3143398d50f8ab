"""The page's guard: only this machine's browser with the printed token gets in.

The server listens on 127.0.0.1 only; every request must carry the token (`?token=` or the
X-Forecast-Token header) and a Host of 127.0.0.1:PORT or localhost:PORT (so a web page
cannot reach it by DNS rebinding); POSTs must be JSON (so a cross-site form cannot post);
responses forbid framing, outside loads, caching and referrers (the token is in the URL).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]

TOKEN_HEADER = b"x-forecast-token"
HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; "
                                 b"img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                                 b"form-action 'none'; frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def refusal(scope: Scope, token: str, hosts: frozenset[str]) -> tuple[int, str] | None:
    """Why a request is refused (status, reason), or None when it may pass."""
    headers = {k.lower(): v for k, v in scope.get("headers") or []}
    host = headers.get(b"host", b"").decode("latin-1").lower()
    if host not in hosts:
        return 403, "forbidden: foreign Host header"
    given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[-1]
    given = headers.get(TOKEN_HEADER, b"").decode("latin-1") or given
    # utf-8: a token typed with characters outside Latin-1 is wrong, not an error
    if not secrets.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        return 403, "forbidden: missing or wrong token; use the URL printed by forecast serve"
    method = scope.get("method", "GET")
    if method not in ("GET", "HEAD", "POST"):
        return 405, "method not allowed"
    if method == "POST":
        media = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if media != "application/json":
            return 415, "POST bodies must be JSON (Content-Type: application/json)"
    return None


class Guard:
    """ASGI middleware applying `refusal` to every HTTP request and the headers to every answer."""

    def __init__(self, app: ASGIApp, token: str, port: int):
        self.app, self.token, self.hosts = app, token, allowed_hosts(port)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = refusal(scope, self.token, self.hosts)
        if refused is not None:
            status, reason = refused
            body = json.dumps({"error": reason}).encode()
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, guarded_send)
