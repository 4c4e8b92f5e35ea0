"""Plain ASGI middleware: security headers on every response, and a cap on body size.

Written as ASGI (not BaseHTTPMiddleware) so the body cap counts bytes as they arrive,
including chunked uploads with no Content-Length.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shakewise.web.errors import error_body

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The API docs page (Swagger UI, served from local files) sets inline styles.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), accelerometer=(self)"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Sent only over HTTPS (browsers ignore it over HTTP, and over a self-signed certificate
# the person has not accepted); a year, as OWASP's HSTS cheat sheet suggests.
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [*SECURITY_HEADERS, (b"content-security-policy", csp.encode())]
                if scope.get("scheme") == "https":
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class AllowedHosts:
    """Answer only requests whose Host header names this server (DNS-rebinding defence:
    a foreign page that points its own name at 127.0.0.1 still sends its own name)."""

    def __init__(self, app: ASGIApp, names: tuple[str, ...]) -> None:
        self.app = app
        self.names = frozenset(names)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.names or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            error_body(400, "This server does not answer to that host name.", code="bad_host")
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _allowed(self, scope: Scope) -> bool:
        host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
        return name in self.names


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 and the usual error shape.

    A declared Content-Length is checked up front; a chunked body is counted as it
    arrives, and once it passes the limit the app sees a disconnect and anything it
    still tries to send is dropped, so the 413 is the only answer.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}  # path → its own limit (recording uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, limit)
            return
        seen = 0
        started = refused = False

        async def counting() -> Message:
            nonlocal seen, refused, started
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not started:
                        await self._refuse(send, limit)
                    started = refused = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting, tracking)

    async def _refuse(self, send: Send, limit: int) -> None:
        body = json.dumps(
            error_body(
                413,
                f"The request body is larger than {limit} bytes."
                " Send a shorter description, fewer answers or a shorter recording.",
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
