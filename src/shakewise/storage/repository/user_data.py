"""All of a user's data at once: deleted on request, with or without the account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.orm import Session

from shakewise.storage import models

OWNED: Sequence[type[models.Base]] = (
    models.Episode,  # first: it points at recordings and assessments
    models.CheckIn,
    models.Assessment,
    models.Recording,
    models.ApiToken,
)


def delete_user_data(session: Session, user_id: int) -> dict[str, int]:
    """Delete every diary entry, assessment, recording and API token of the user (the
    account itself stays; delete the `User` row to remove it too). Returns counts."""
    counts = {}
    for table in OWNED:
        result = session.execute(delete(table).where(table.user_id == user_id))  # type: ignore[attr-defined]
        counts[table.__tablename__] = int(result.rowcount)  # type: ignore[attr-defined]
    session.commit()
    return counts


def delete_user(session: Session, user_id: int) -> None:
    """Delete the account and, by cascade, everything it owns."""
    session.execute(delete(models.User).where(models.User.id == user_id))
    session.commit()
