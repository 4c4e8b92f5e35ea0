"""Who is asking: the local user, a signed-in account, or an API token.

- Single-user mode (the server listens on loopback only, the default): everything belongs
  to the local user and no login is needed.
- Otherwise accounts are required: Argon2-hashed passwords, a signed session cookie
  (HttpOnly, SameSite=Lax, Secure when configured) that stops working when the password
  changes, CSRF tokens on every form that changes data, and API tokens (Bearer) for
  programs. Login and write endpoints are rate limited (`web/rate_limits.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from fastapi import Depends, Request
from sqlalchemy import select
from starlette.exceptions import HTTPException
from zxcvbn import zxcvbn

from shakewise.errors import InputError
from shakewise.plain_text import UNSTORABLE
from shakewise.storage import accounts as stored
from shakewise.storage.database import Database
from shakewise.storage.models import ApiToken, User
from shakewise.web.settings import Settings

HASHER = PasswordHasher()
MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_EMAIL = 320
MIN_PASSWORD_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable", under 10^10 guesses
ZXCVBN_MAX_CHARS = 72  # zxcvbn refuses longer input; the start of a long phrase is checked
SESSION_DAYS = 14


class NotSignedIn(HTTPException):
    def __init__(self) -> None:
        super().__init__(401, "Sign in first (or send an API token: Authorization: Bearer ...).")


KEY_READ_TRIES = 100


def secret_key(settings: Settings, data_dir: Path) -> str:
    """The configured key, or one kept (owner-readable only) in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = data_dir / "secret_key"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:  # created owner-only and exclusively: two workers starting at once share one key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    for _ in range(KEY_READ_TRIES):  # the other worker may still be writing it
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.05)
    raise RuntimeError(f"The session key file {path} is empty; delete it and start again.")


def _fingerprint(user: User) -> str:
    """What a session cookie must still match: changes with the password and on sign-out."""
    seed = f"{user.password_hash or ''}:{user.session_epoch or 0}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def check_email(email: str) -> str:
    """The address in one spelling, checked by email-validator for its form only (no DNS
    lookup: the local mode may be offline)."""
    email = email.strip()
    if len(email) > MAX_EMAIL or UNSTORABLE.search(email):
        raise InputError("Enter a valid email address.")
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InputError(f"Enter a valid email address: {exc}") from None
    return checked.normalized.lower()


def _check_password(password: str, email: str) -> str:
    """Length, then a guessing estimate (zxcvbn) that knows common passwords, keyboard runs
    and the person's own email address (OWASP ASVS 2.1)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"Use a password of {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    estimate = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=[email, *email.split("@")])
    if estimate["score"] < MIN_PASSWORD_SCORE:
        warning = estimate["feedback"]["warning"]
        raise InputError(
            "This password would be easy to guess"
            + (f" ({warning.rstrip('.').lower()})" if warning else "")
            + ". Use a few unrelated words, or a longer phrase."
        )
    return password


@dataclass
class Accounts:
    """Account operations on the database (one per app)."""

    db: Database

    def register(self, email: str, password: str) -> None:
        """Make an account for this address unless it has one, and say nothing about
        which: a bad address or an easy password is refused the same way for both
        (neither check looks at the accounts), and both ways hash the password and try
        one insert, so they take the same time. Without email there is no other channel
        to tell the owner, so the next step is always "sign in" (docs/deployment.md)."""
        email = check_email(email)
        password_hash = HASHER.hash(_check_password(password, email))
        with self.db.session() as s:
            stored.create_user_if_new(s, email, password_hash)

    def login(self, email: str, password: str) -> User:
        """The user, or InputError with one message for every failure (no account probing):
        an unknown or malformed address costs the same hash as a wrong password."""
        try:
            address: str | None = check_email(email)  # spelt as registration spells it
        except InputError:
            address = None
        with self.db.session() as s:
            user = None if address is None else stored.user_by_email(s, address)
        try:
            if user is None or user.password_hash is None:
                HASHER.hash(password)  # spend the same time as a real check
                raise VerificationError
            HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise InputError("Email or password is not right.") from None
        return user

    def change_password(self, user_id: int, old: str, new: str) -> User:
        """Set a new password; returns the user (sign in again: older sessions stop)."""
        with self.db.session() as s:
            user = s.get(User, user_id)
            if user is None or user.password_hash is None:
                raise InputError("This account has no password to change.")
            try:
                HASHER.verify(user.password_hash, old)
            except (VerificationError, InvalidHashError):
                s.rollback()
                raise InputError("The current password is not right.") from None
            user.password_hash = HASHER.hash(_check_password(new, user.email or ""))
            stored.revoke_api_tokens(s, user_id)  # a new password ends every way in
            s.commit()
            return user

    def fingerprint(self, user_id: int) -> str | None:
        with self.db.session() as s:
            user = s.get(User, user_id)
            s.commit()
            return None if user is None else _fingerprint(user)

    def end_sessions(self, user_id: int) -> None:
        """Sign out everywhere: every session cookie of this user stops working."""
        with self.db.session() as s:
            user = s.get(User, user_id)
            if user is not None:
                user.session_epoch = (user.session_epoch or 0) + 1
            s.commit()

    def create_token(self, user_id: int, name: str) -> str:
        with self.db.session() as s:
            return stored.create_api_token(s, user_id, name)

    def token_user(self, token: str) -> int | None:
        with self.db.session() as s:
            return stored.user_for_token(s, token)

    def tokens(self, user_id: int) -> list[ApiToken]:
        with self.db.session() as s:
            rows = list(s.scalars(select(ApiToken).where(ApiToken.user_id == user_id)))
            s.commit()
            return rows

    def revoke_token(self, user_id: int, token_id: int) -> None:
        with self.db.session() as s:
            row = s.get(ApiToken, token_id)
            if row is not None and row.user_id == user_id:
                s.delete(row)
            s.commit()


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session.update(
        {"uid": user.id, "pv": _fingerprint(user), "csrf": secrets.token_urlsafe(24)}
    )


def sign_out(request: Request) -> None:
    """End this session and, with accounts, every other session of the same person: a
    copied cookie must not outlive a sign-out."""
    uid = request.session.get("uid")
    state = request.app.state
    if isinstance(uid, int) and state.settings.accounts_required:
        state.accounts.end_sessions(uid)
    request.session.clear()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, sent: str) -> None:
    expected = request.session.get("csrf")
    # compared as bytes: compare_digest refuses str with non-ASCII characters (a 500)
    if not expected or not hmac.compare_digest(
        str(expected).encode(), sent.encode("utf-8", "replace")
    ):
        raise HTTPException(403, "This form has expired. Go back, reload the page and try again.")


def current_user(request: Request) -> int:
    """The id of the user making this request (the local user in single-user mode)."""
    state = request.app.state
    if not state.settings.accounts_required:
        user_id: int = state.local_user_id
        return user_id
    accounts: Accounts = state.accounts
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = accounts.token_user(header[7:].strip())
        if found is None:
            raise NotSignedIn
        return found
    uid = request.session.get("uid")
    if isinstance(uid, int) and accounts.fingerprint(uid) == request.session.get("pv"):
        return uid
    raise NotSignedIn


UserId = Annotated[int, Depends(current_user)]


def optional_user(request: Request) -> int | None:
    """The user if known (local user, session or token), else None; never raises."""
    try:
        return current_user(request)
    except NotSignedIn:
        return None
