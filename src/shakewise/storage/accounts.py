"""Users and API tokens as stored. Password hashing, sessions and login live in the web
layer; this module only keeps what it is given (a hash, never a password)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shakewise.errors import InputError
from shakewise.storage import models
from shakewise.storage.database import local_user_id

__all__ = [
    "create_api_token",
    "create_user",
    "create_user_if_new",
    "local_user_id",
    "revoke_api_tokens",
    "token_hash",
    "user_by_email",
    "user_for_token",
]


def create_user(session: Session, email: str, password_hash: str) -> int:
    """A new account; raises InputError when the email is taken."""
    made = create_user_if_new(session, email, password_hash)
    if made is None:
        raise InputError("An account with this email already exists.")
    return made


def create_user_if_new(session: Session, email: str, password_hash: str) -> int | None:
    """A new account, or None when the email is taken (the caller decides what to say:
    the web says the same either way). Both ways cost one insert attempt."""
    user = models.User(email=email.strip().lower(), password_hash=password_hash)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return user.id


def user_by_email(session: Session, email: str) -> models.User | None:
    user = session.scalar(select(models.User).where(models.User.email == email.strip().lower()))
    session.commit()
    return user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(session: Session, user_id: int, name: str = "") -> str:
    """A new random token for the user; only its hash is kept, so show it once."""
    token = "sw_" + secrets.token_urlsafe(32)
    session.add(models.ApiToken(user_id=user_id, token_hash=token_hash(token), name=name[:100]))
    session.commit()
    return token


LAST_USED_EVERY = timedelta(minutes=1)


def user_for_token(session: Session, token: str) -> int | None:
    """The user a token belongs to (and note its use), or None."""
    row = session.scalar(
        select(models.ApiToken).where(models.ApiToken.token_hash == token_hash(token))
    )
    if row is None:
        session.rollback()
        return None
    user_id: int = row.user_id
    now = datetime.now(UTC)
    last = row.last_used
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is None or now - last >= LAST_USED_EVERY:  # one write a minute, not one a request
        row.last_used = now
        session.commit()
    else:
        session.rollback()
    return user_id


def revoke_api_tokens(session: Session, user_id: int) -> None:
    session.execute(delete(models.ApiToken).where(models.ApiToken.user_id == user_id))
    session.commit()
