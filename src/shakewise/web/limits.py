"""Rate limits as route dependencies: who a request counts against, and the limits for
sign-ins, writes, uploads and sign-ins to one address (the limiters: `rate_limits.py`)."""

from __future__ import annotations

import ipaddress

from fastapi import Request
from starlette.exceptions import HTTPException

from shakewise.errors import InputError
from shakewise.web.auth import check_email
from shakewise.web.rate_limits import RateLimiter


def client_key(request: Request) -> str:
    """What a client's rate limits count against: its address, or for IPv6 its /64
    network (one subscriber is usually given a whole /64 and could otherwise take a fresh
    address for every request)."""
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network((address, 64), strict=False))
    return str(address)


def _within(limiter: RateLimiter, key: str, message: str) -> None:
    if not limiter.allow(key):
        raise HTTPException(429, message, headers={"retry-after": str(limiter.seconds)})


TOO_MANY = "Too many attempts. Wait a minute and try again."


def limit_logins(request: Request) -> None:
    """Sign-ins, registrations and password changes share one limit per client."""
    _within(request.app.state.login_limiter, client_key(request), TOO_MANY)


def limit_writes(request: Request) -> None:
    _within(request.app.state.write_limiter, client_key(request), TOO_MANY)


def limit_uploads(request: Request) -> None:
    """Recording analysis is the heaviest request: anonymous clients may send it too."""
    _within(request.app.state.upload_limiter, client_key(request), TOO_MANY)


def limit_signins_to(request: Request, email: str) -> None:
    """Sign-in attempts for one address per hour, from every client together: the limit
    per client does not stop a guesser spread over many networks (OWASP ASVS 2.2.1: at
    most 100 failed attempts an hour on one account). Counted for any address typed,
    with or without an account, so the refusal says nothing about which."""
    try:
        address = check_email(email)
    except InputError:
        address = email.strip().lower()
    _within(
        request.app.state.address_limiter,
        address,
        "Too many sign-in attempts for this address. Wait an hour and try again.",
    )
