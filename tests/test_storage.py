"""Storage on SQLite and PostgreSQL: migrations match the models, rows stay with their
user, bad input writes nothing, imports are all-or-nothing, concurrent writers lose
nothing. Each test gets a fresh database (tests/db_helpers.py)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from shakewise.assessment import run_assessment
from shakewise.diary.episode import CONTEXT_FIELDS, EpisodeIn, parse_episode
from shakewise.errors import InputError, NotFoundError, StorageError
from shakewise.storage import Database, accounts, models, open_database, repository, transfer
from shakewise.storage.database import create_db_engine, current_revision, local_user_id

pytest_plugins = ("tests.db_helpers",)  # the `db_url` and `database` fixtures
NOW = datetime.now(UTC).replace(microsecond=0)


def episode(**fields: Any) -> EpisodeIn:
    data: dict[str, Any] = {"started_at": NOW - timedelta(hours=1), "kind": "twitching"}
    return parse_episode(data | fields)


def count(db: Database, table: type[models.Base]) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def two_users(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return local_user_id(s), accounts.create_user(s, "b@example.org", "argon2-hash")


# --- schema -------------------------------------------------------------------------


def test_migrations_build_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, models.Base.metadata) == []
    assert current_revision(database.engine) == "0003"


def test_opening_again_is_a_no_op(db_url: str) -> None:
    for _ in range(2):
        db = open_database(db_url)
        assert db.local_user_id() == db.local_user_id()
        db.close()


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path: Any) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        pragma = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in
                  ("journal_mode", "synchronous", "foreign_keys")}  # fmt: skip
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}  # 2 = FULL
    db.close()


def test_the_settings_name_the_database_and_storage_reads_no_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One settings object says which database; the default is a file in the user data
    directory; storage itself never looks at the environment."""
    import inspect

    from shakewise.storage import database as storage_database
    from shakewise.web.settings import Settings

    monkeypatch.delenv("SHAKEWISE_DATABASE_URL", raising=False)
    assert Settings().database_url.startswith("sqlite:///")
    assert Settings().database_url.endswith("shakewise.db")
    url = "postgresql+psycopg://u:p@h/db"
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", url)
    assert Settings().database_url == url
    assert "environ" not in inspect.getsource(storage_database)


@pytest.mark.parametrize(
    ("url", "words"),
    [("nonsense", "not a database URL"), ("mysql://u@h/db", "Unsupported database")],
)
def test_unusable_urls_say_what_to_use(url: str, words: str) -> None:
    with pytest.raises(StorageError, match=words):
        create_db_engine(url)


# --- episodes -----------------------------------------------------------------------


def test_episode_round_trip_keeps_every_field_and_the_instant(database: Database) -> None:
    at = datetime(2024, 5, 3, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    data = episode(
        started_at=at, duration_s=90, side="left", sites=["calf", "foot", "calf"],
        severity=6, weakness=False, note="after a slow walk", exercise=True,
        exercise_intensity=4, caffeine_mg=200, alcohol_units=1.5, stress=7, sleep_hours=5.5,
        cold=True, hours_since_meal=4, medication_taken="salbutamol", illness_fever=False,
    )  # fmt: skip
    with database.session() as s:
        user = local_user_id(s)
        stored = repository.add_episode(s, user, data)
    with database.session() as s:
        again = repository.get_episode(s, user, stored.id)
    assert again == stored
    assert again.started_at == at and again.started_at.tzinfo == UTC
    assert again.sites == ["calf", "foot"]
    for name in CONTEXT_FIELDS:
        assert getattr(again, name) == getattr(data, name)


def test_list_filters_orders_and_limits(database: Database) -> None:
    with database.session() as s:
        user = local_user_id(s)
        for days in (3, 1, 2):
            repository.add_episode(s, user, episode(started_at=NOW - timedelta(days=days)))
        oldest_first = repository.list_episodes(s, user)
        newest = repository.list_episodes(s, user, newest_first=True, limit=1)
        recent = repository.list_episodes(s, user, since=NOW - timedelta(days=2, hours=1))
    assert [e.started_at for e in oldest_first] == sorted(e.started_at for e in oldest_first)
    assert newest[0].started_at == NOW - timedelta(days=1)
    assert len(recent) == 2


def test_update_validates_the_whole_episode_and_keeps_it_on_error(database: Database) -> None:
    with database.session() as s:
        user = local_user_id(s)
        ep = repository.add_episode(s, user, episode(severity=3, stress=2))
        changed = repository.update_episode(s, user, ep.id, {"severity": "5", "stress": None})
        assert changed.severity == 5 and changed.stress is None and changed.kind == "twitching"
        with pytest.raises(InputError, match="Severity must be at most 10"):
            repository.update_episode(s, user, ep.id, {"severity": 11})
        with pytest.raises(InputError, match="cannot be changed"):
            repository.update_episode(s, user, ep.id, {"uid": "x"})
    with database.session() as s:
        assert repository.get_episode(s, user, ep.id).severity == 5


def test_same_uid_twice_stores_one_episode(database: Database) -> None:
    with database.session() as s:
        user = local_user_id(s)
        first = repository.add_episode(s, user, episode(uid="phone-123"))
        second = repository.add_episode(s, user, episode(uid="phone-123", severity=9))
    assert first.id == second.id and second.severity is None
    assert count(database, models.Episode) == 1


BAD_EPISODES = [
    ({"started_at": "2024-02-30T10:00:00Z"}, "real date"),
    ({"started_at": NOW + timedelta(days=2)}, "in the future"),
    ({"started_at": "1850-01-01T00:00:00Z"}, "before 1900"),
    ({"started_at": "2024-01-01T10:00:00"}, "needs a time zone"),
    ({"severity": 11}, "Severity must be at most 10"),
    ({"severity": -1}, "Severity must be at least 0"),
    ({"caffeine_mg": -5}, "Caffeine (mg) must be at least 0"),
    ({"note": "x" * 2001}, "Note is too long: 2001 characters, at most 2000"),
    ({"note": "x" * 10_000_000}, "Note is too long"),
    ({"note": "nul\x00byte"}, "Note contains a control or broken character"),
    ({"medication_taken": "half \ud83d"}, "Medication contains a control or broken character"),
    ({"medication_taken": "x" * 201}, "Medication is too long: 201 characters, at most 200"),
    ({"kind": "wobble"}, "Kind must be one of"),
    ({"sites": ["ear"]}, "Site must be one of"),
    ({"sleep_hours": float("nan")}, "Sleep (hours) must be a number"),
    ({"cold": "perhaps"}, "Cold must be yes or no"),
    ({"mood": 3}, "'mood' is not a diary field"),
]


@pytest.mark.parametrize(("fields", "words"), BAD_EPISODES)
def test_bad_episodes_are_refused_in_one_plain_sentence(
    database: Database, fields: dict[str, Any], words: str
) -> None:
    with pytest.raises(InputError) as caught, database.session() as s:
        repository.add_episode(s, local_user_id(s), episode(**fields))
    assert words in caught.value.message
    assert "\n" not in caught.value.message and len(caught.value.message) < 400
    assert count(database, models.Episode) == 0


# --- users own their rows -----------------------------------------------------------


def test_one_user_can_never_reach_another_users_rows(database: Database) -> None:
    with database.session() as s:
        alice, bob = two_users(database)
        ep = repository.add_episode(s, alice, episode(note="private"))
        result = repository.save_assessment(s, alice, run_assessment("calf twitching"))
        rec = repository.save_recording(s, alice, {"dominant_frequency_hz": 5.0})
        assert repository.list_episodes(s, bob) == []
        for call in (
            lambda: repository.get_episode(s, bob, ep.id),
            lambda: repository.update_episode(s, bob, ep.id, {"severity": 1}),
            lambda: repository.delete_episode(s, bob, ep.id),
            lambda: repository.get_assessment(s, bob, int(result.id or 0)),
            lambda: repository.get_recording(s, bob, rec.id),
            lambda: repository.add_episode(s, bob, episode(recording_id=rec.id)),
            lambda: repository.add_episode(s, bob, episode(assessment_id=int(result.id or 0))),
        ):
            with pytest.raises(NotFoundError):
                call()
        assert transfer.export_user_data(s, bob)["episodes"] == []
        assert repository.get_episode(s, alice, ep.id).note == "private"


def test_missing_and_foreign_ids_get_the_same_answer(database: Database) -> None:
    with database.session() as s:
        alice, bob = two_users(database)
        ep = repository.add_episode(s, alice, episode())
        messages = []
        for row_id in (ep.id, ep.id + 1000, 0, -5, 2**31, 10**30):
            with pytest.raises(NotFoundError) as caught:
                repository.get_episode(s, bob, row_id)
            messages.append(caught.value.message.replace(str(row_id), "N"))
        assert repository.list_episodes(s, bob, limit=10**30) == []
    assert len(set(messages)) == 1


def test_concurrent_local_user_creation_makes_one_user(db_url: str) -> None:
    dbs = [open_database(db_url) for _ in range(4)]
    ids: list[int] = []
    threads = [threading.Thread(target=lambda d=d: ids.append(d.local_user_id())) for d in dbs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1
    assert count(dbs[0], models.User) == 1
    for d in dbs:
        d.close()


def test_concurrent_writers_lose_and_duplicate_nothing(database: Database) -> None:
    user = database.local_user_id()
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(15):
                with database.session() as s:
                    repository.add_episode(s, user, episode(uid=f"w{worker}-{i}", severity=i % 11))
                    repository.add_episode(s, user, episode(uid=f"w{worker}-{i}"))  # a retry
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.session() as s:
        uids = [e.uid for e in repository.list_episodes(s, user)]
    assert sorted(uids) == sorted(f"w{w}-{i}" for w in range(4) for i in range(15))


# --- check-ins, assessments, tokens ---------------------------------------------------


def test_checkins_merge_per_day(database: Database) -> None:
    day = NOW.date() - timedelta(days=1)
    with database.session() as s:
        user = local_user_id(s)
        repository.save_checkin(s, user, day, {"caffeine_mg": "300"})
        merged = repository.save_checkin(s, user, day, {"stress": 4, "note": "busy"})
        with pytest.raises(InputError, match="Day is in the future"):
            repository.save_checkin(s, user, NOW.date() + timedelta(days=5), {"stress": 1})
        assert repository.list_checkins(s, user) == [merged]
    assert (merged.caffeine_mg, merged.stress, merged.note) == (300, 4, "busy")


def test_saved_assessment_comes_back_with_its_id_and_input(database: Database) -> None:
    result = run_assessment("my calves twitch after running", {"weakness_leg": "no"})
    with database.session() as s:
        user = local_user_id(s)
        saved = repository.save_assessment(
            s, user, result, text="my calves twitch after running", answers={"weakness_leg": "no"}
        )
        assert saved.id is not None
        stored = repository.get_assessment(s, user, int(saved.id))
        assert repository.latest_assessment(s, user) == stored
    assert stored.result["triage"] == result.model_dump(mode="json")["triage"]
    assert stored.answers == {"weakness_leg": "no"}
    assert stored.knowledge_version == result.knowledge_version


def test_api_tokens_are_stored_hashed(database: Database) -> None:
    with database.session() as s:
        user = local_user_id(s)
        token = accounts.create_api_token(s, user, "phone")
        assert accounts.user_for_token(s, token) == user
        assert accounts.user_for_token(s, token + "x") is None
        stored = s.scalars(select(models.ApiToken.token_hash)).all()
        assert token not in stored and accounts.token_hash(token) in stored
        with pytest.raises(InputError, match="already exists"):
            accounts.create_user(s, "B@example.org ", "h")
            accounts.create_user(s, "b@example.org", "h")


# --- all of my data -------------------------------------------------------------------


def _fill(db: Database, user: int) -> None:
    with db.session() as s:
        result = repository.save_assessment(s, user, run_assessment("calf twitching"))
        rec = repository.save_recording(s, user, {"dominant_frequency_hz": 5.2})
        repository.add_episode(
            s, user, episode(recording_id=rec.id, assessment_id=int(result.id or 0), severity=4)
        )
        repository.add_episode(s, user, episode(started_at=NOW - timedelta(days=3), note="="))
        repository.save_checkin(s, user, NOW.date() - timedelta(days=2), {"sleep_hours": 5})


def test_export_then_import_elsewhere_reproduces_everything(
    database: Database, tmp_path: Any
) -> None:
    user = database.local_user_id()
    _fill(database, user)
    with database.session() as s:
        exported = transfer.export_user_data(s, user)
    text = json.dumps(exported)
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    with other.session() as s:
        target = local_user_id(s)
        summary = transfer.import_user_data(s, target, transfer.parse_export(text))
        again = transfer.import_user_data(s, target, transfer.parse_export(text))
        reexported = transfer.export_user_data(s, target)
    other.close()
    assert summary.added == {"episodes": 2, "checkins": 1, "assessments": 1, "recordings": 1}
    assert sum(again.added.values()) == 0 and sum(again.already_present.values()) == 5
    for key in ("episodes", "checkins", "assessments", "recordings"):
        assert reexported[key] == exported[key]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["episodes"][1].update(severity=12), "episodes item 2: Severity"),
        (lambda d: d["episodes"][0].update(recording_uid="gone"), "not in the file"),
        (lambda d: d.update(format="other"), "not a shakewise export"),
        (lambda d: d.update(version=9), "version 9"),
        (lambda d: d["episodes"].append(dict(d["episodes"][0])), "same episode uid twice"),
    ],
)
def test_a_bad_import_writes_nothing(database: Database, change: Any, words: str) -> None:
    user = database.local_user_id()
    _fill(database, user)
    with database.session() as s:
        document = transfer.export_user_data(s, user)
        repository.delete_user_data(s, user)
    document["episodes"][0]["uid"] = "fresh"  # so the broken link is checked mid-write
    change(document)
    with pytest.raises(InputError, match=words), database.session() as s:
        transfer.import_user_data(s, user, transfer.parse_export(json.dumps(document)))
    for table in (models.Episode, models.CheckIn, models.Assessment, models.Recording):
        assert count(database, table) == 0


def test_not_json_is_refused() -> None:
    with pytest.raises(InputError, match="not valid JSON"):
        transfer.parse_export(b"{nope")


def test_csv_export_is_safe_in_a_spreadsheet(database: Database) -> None:
    user = database.local_user_id()
    _fill(database, user)
    with database.session() as s:
        text = transfer.episodes_csv(repository.list_episodes(s, user))
    lines = text.splitlines()
    assert lines[0].startswith("id,uid,started_at")
    assert len(lines) == 3 and ",'=," in lines[1]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@cmd", "'@cmd"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("cramp after a run", "cramp after a run"),
        (-3, "-3"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_csv_cells_never_run_as_a_formula(value: object, cell: str) -> None:
    assert transfer.csv_cell(value) == cell


def test_delete_all_my_data_leaves_other_users_alone(database: Database) -> None:
    alice, bob = two_users(database)
    _fill(database, alice)
    _fill(database, bob)
    with database.session() as s:
        accounts.create_api_token(s, alice)
        counts = repository.delete_user_data(s, alice)
        assert counts["episodes"] == 2 and counts["api_tokens"] == 1
        assert transfer.export_user_data(s, alice)["episodes"] == []
        assert len(repository.list_episodes(s, bob)) == 2
        repository.delete_user(s, bob)
    for table in (models.Episode, models.CheckIn, models.Assessment, models.Recording):
        assert count(database, table) == 0
    assert count(database, models.User) == 1


# --- properties -----------------------------------------------------------------------

PLAIN = st.characters(codec="utf-8", min_codepoint=32, exclude_characters="\x7f")
contexts = st.fixed_dictionaries(
    {},
    optional={
        "exercise": st.booleans(),
        "exercise_intensity": st.integers(0, 10),
        "caffeine_mg": st.floats(0, 3000),
        "stress": st.integers(0, 10),
        "sleep_hours": st.floats(0, 24),
        "medication_taken": st.text(PLAIN, max_size=50),
    },
)
episodes: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    started_at=st.datetimes(datetime(1990, 1, 1), datetime(2024, 1, 1), timezones=st.just(UTC)),
    severity=st.none() | st.integers(0, 10),
    sites=st.lists(st.sampled_from(["calf", "thigh", "foot", "whole_leg"]), max_size=4),
    side=st.none() | st.sampled_from(["left", "right", "both"]),
    note=st.text(PLAIN, max_size=200),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=episodes, context=contexts)
def test_any_valid_episode_round_trips(
    database: Database, fields: dict[str, Any], context: dict[str, Any]
) -> None:
    data = parse_episode(fields | context)
    with database.session() as s:
        user = local_user_id(s)
        stored = repository.add_episode(s, user, data)
        back = repository.get_episode(s, user, stored.id)
    assert back.model_dump(exclude={"id", "uid", "created_at", "updated_at"}) == data.model_dump(
        exclude={"uid"}
    )
    assert isinstance(back.started_at.tzinfo, type(UTC)) and back.started_at == data.started_at


def test_day_type_is_a_plain_date(database: Database) -> None:
    with database.session() as s:
        saved = repository.save_checkin(s, local_user_id(s), date(2024, 1, 2), {"cold": "yes"})
    assert saved.day == date(2024, 1, 2) and saved.cold is True


def test_diary_rows_give_the_same_insights_as_full_episodes(database: Database) -> None:
    from shakewise.diary.insights import compute_insights
    from shakewise.storage.repository import CheckInRow, EpisodeRow

    assert set(CONTEXT_FIELDS) <= set(EpisodeRow._fields) & set(CheckInRow._fields)
    user = database.local_user_id()
    _fill(database, user)
    with database.session() as s:
        for days in range(1, 30, 2):
            repository.add_episode(
                s,
                user,
                episode(
                    started_at=NOW - timedelta(days=days),
                    severity=days % 11,
                    side="left",
                    sites=["calf"],
                    stress=days % 10,
                ),
            )
        full = compute_insights(
            repository.list_episodes(s, user), repository.list_checkins(s, user), now=NOW
        )
        episodes, checkins = repository.diary_rows(s, user)
        stored = repository.list_episodes(s, user)
        rows = compute_insights(episodes, checkins, now=NOW)
    assert rows == full and full.episodes == 17
    # read as the driver gives them, the start time and the sites still come back as stored
    assert [(e.started_at, e.sites) for e in episodes] == [(e.started_at, e.sites) for e in stored]
    assert all(e.started_at.tzinfo is UTC for e in episodes)


def test_loading_diary_rows_leaves_the_cycle_collector_as_it_found_it(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector waits while rows are built; it must come back on afterwards, also
    when building fails, and must not be switched on where the caller had it off."""
    import gc

    from shakewise.storage.repository import rows

    user = database.local_user_id()
    with database.session() as s:
        repository.add_episode(s, user, episode(started_at=NOW))
    convert, collecting = rows._utc, []

    def watched(value: datetime | str) -> datetime:
        collecting.append(gc.isenabled())
        return convert(value)

    monkeypatch.setattr(rows, "_utc", watched)
    with database.session() as s:
        assert len(repository.diary_rows(s, user)[0]) == 1
    assert collecting == [False] and gc.isenabled()

    def broken(value: object) -> datetime:
        raise ValueError("unreadable start time")

    monkeypatch.setattr(rows, "_utc", broken)
    with database.session() as s, pytest.raises(ValueError, match="unreadable"):
        repository.diary_rows(s, user)
    assert gc.isenabled()
    gc.disable()
    try:
        with database.session() as s, pytest.raises(ValueError):
            repository.diary_rows(s, user)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_report_since_a_date_reads_only_that_period(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clinician report for the last weeks asks the database for those weeks, not the
    whole history, and still counts an episode stored in another offset on the first day."""
    from shakewise.report import stored

    user = database.local_user_id()
    since = (NOW - timedelta(days=30)).date()
    with database.session() as s:
        for ago in (400, 300, 200, 20, 10):
            repository.add_episode(s, user, episode(started_at=NOW - timedelta(days=ago)))
        first_day = datetime.combine(since, datetime.min.time(), timezone(timedelta(hours=-5)))
        repository.add_episode(s, user, episode(started_at=first_day + timedelta(hours=1)))
        repository.save_checkin(s, user, since - timedelta(days=90), {"stress": 2})
        repository.save_checkin(s, user, since + timedelta(days=2), {"stress": 3})
    read: list[int] = []
    real = repository.list_episodes

    def counting(*args: Any, **kwargs: Any) -> list[Any]:
        found = real(*args, **kwargs)
        read.append(len(found))
        return found

    monkeypatch.setattr(repository, "list_episodes", counting)
    with database.session() as s:
        summary = stored.diary_summary(s, user, since, NOW)
    assert summary is not None and summary.episodes == 3
    assert read == [3]  # the three old episodes were never loaded
    with database.session() as s:
        kept = [c.day for c in repository.list_checkins(s, user, since=since)]
    assert kept == [since + timedelta(days=2)]


def test_the_context_fields_are_declared_once_and_everything_else_agrees() -> None:
    """`diary.episode.Context` declares the context of an episode or a day; the database
    columns, the rows the insights read, the insights' own view, the triggers and the
    command-line names must all say the same fields with the same types."""
    import typing

    from shakewise.diary.episode import Context
    from shakewise.diary.options import CONTEXT_ALIASES
    from shakewise.diary.timeline import Context as ContextView
    from shakewise.diary.triggers import FACTORS
    from shakewise.storage.repository import CheckInRow, EpisodeRow

    def plain(kind: Any) -> Any:  # `PlainText` is an annotated str
        return typing.get_args(kind)[0] if typing.get_origin(kind) is typing.Annotated else kind

    declared = {
        name: plain(typing.get_args(field.annotation)[0])
        for name, field in Context.model_fields.items()
    }
    assert tuple(declared) == CONTEXT_FIELDS
    columns = {c.name: c.type.python_type for c in models.Episode.__table__.columns}
    days = {c.name: c.type.python_type for c in models.CheckIn.__table__.columns}
    for name, kind in declared.items():
        assert columns[name] is kind and days[name] is kind, name
        for row in (EpisodeRow, CheckInRow):
            assert typing.get_type_hints(row)[name] == kind | None, (row, name)
        getter = getattr(ContextView, name).fget
        assert typing.get_type_hints(getter)["return"] == kind | None, name
    assert {name for name in dir(ContextView) if not name.startswith("_")} == set(declared)
    assert set(CONTEXT_ALIASES.values()) <= set(declared)
    assert {f.field for f in FACTORS} <= set(declared)
