"""What the CLI and the web do with a user's diary, assessments and recordings, one module
per kind of entry (episodes, checkins, assessments, recordings); rows.py reads the diary
for the insights, user_data.py deletes everything, ownership.py keeps users apart.

Every function takes the session and the id of the user acting, and touches only that
user's rows: another user's id is answered exactly like a missing one (`NotFoundError`),
so ids reveal nothing. Each function is one transaction and ends it (commit, or rollback
on error) — on SQLite a transaction holds the write lock, so none is left open.
"""

from shakewise.storage.repository.assessments import (
    SavedAssessment,
    get_assessment,
    latest_assessment,
    list_assessments,
    save_assessment,
)
from shakewise.storage.repository.checkins import (
    CHECKIN_FIELDS,
    checkin_value,
    delete_checkin,
    list_checkins,
    save_checkin,
)
from shakewise.storage.repository.episodes import (
    EPISODE_FIELDS,
    add_episode,
    count_episodes,
    delete_episode,
    episode_value,
    get_episode,
    list_episodes,
    update_episode,
)
from shakewise.storage.repository.ownership import MAX_ID
from shakewise.storage.repository.recordings import SavedRecording, get_recording, save_recording
from shakewise.storage.repository.rows import CheckInRow, EpisodeRow, diary_rows
from shakewise.storage.repository.user_data import OWNED, delete_user, delete_user_data

__all__ = [
    "CHECKIN_FIELDS",
    "EPISODE_FIELDS",
    "MAX_ID",
    "OWNED",
    "CheckInRow",
    "EpisodeRow",
    "SavedAssessment",
    "SavedRecording",
    "add_episode",
    "checkin_value",
    "count_episodes",
    "delete_checkin",
    "delete_episode",
    "delete_user",
    "delete_user_data",
    "diary_rows",
    "episode_value",
    "get_assessment",
    "get_episode",
    "get_recording",
    "latest_assessment",
    "list_assessments",
    "list_checkins",
    "list_episodes",
    "save_assessment",
    "save_checkin",
    "save_recording",
    "update_episode",
]
