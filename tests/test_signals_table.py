"""Reading recordings as streams: the table reader against the plain reading (every line a
string, blank and comment lines dropped, each cell through `float`) on the real recordings
and on generated files, the line it names when a cell is wrong, and the memory it takes."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shakewise.signals import source as source_module
from shakewise.signals.analysis import measure
from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.formats import read_samples
from shakewise.signals.recording import Recording, load_recording, parse_recording
from shakewise.signals.samples import RawSamples
from shakewise.signals.source import source_of
from shakewise.signals.table import Table

RECORDINGS = Path(__file__).parent / "data" / "recordings"
HEADER = "t,ax,ay,az"


def plain(text: str, delimiter: str | None = ",", header: bool = True) -> np.ndarray:
    """The obvious reading: the oracle the streaming reader must agree with exactly."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    rows = [[float(c) for c in ln.split(delimiter)] for ln in lines[1 if header else 0 :]]
    return np.array(rows, dtype=np.float64)


def columns(raw: RawSamples) -> np.ndarray:
    parts = [raw.t[:, None], raw.acc] + ([] if raw.gyro is None else [raw.gyro])
    return np.hstack(parts)


def read(data: str | bytes) -> tuple[str, RawSamples]:
    return read_samples(source_of(data))


# --- the real recordings ----------------------------------------------------------------


def _verily(table: np.ndarray) -> np.ndarray:
    return table


def _cloudupdrs(table: np.ndarray) -> np.ndarray:
    t = (table[:, 0] - table[0, 0]) / 1e9
    return np.column_stack([t, table[:, 1:4]])


def _daphnet(table: np.ndarray) -> np.ndarray:
    return np.column_stack([table[:, 0] / 1000.0, table[:, 1:4]])


REAL: list[tuple[str, str, str | None, bool, Callable[[np.ndarray], np.ndarray]]] = [
    ("verily_watch_wrist_parkinson_300-390s.csv", "shakewise-csv", ",", True, _verily),
    ("cloudupdrs_phone_rest_tremor_left_leg.csv", "cloudupdrs", ",", False, _cloudupdrs),
    ("cloudupdrs_phone_rest_tremor_right_leg.csv", "cloudupdrs", ",", False, _cloudupdrs),
    ("daphnet_S03R02_290-390s.txt", "daphnet", None, False, _daphnet),
]


@pytest.mark.parametrize(("name", "fmt", "delimiter", "header", "expect"), REAL)
def test_real_recordings_read_as_the_plain_reading(
    name: str,
    fmt: str,
    delimiter: str | None,
    header: bool,
    expect: Callable[[np.ndarray], np.ndarray],
) -> None:
    raw_bytes = (RECORDINGS / name).read_bytes()
    got_fmt, raw = read(raw_bytes)
    assert got_fmt == fmt
    table = plain(raw_bytes.decode(), delimiter, header)
    assert np.array_equal(columns(raw), expect(table))
    if fmt == "daphnet":
        assert raw.labels is not None and np.array_equal(raw.labels, table[:, 10].astype(int))


@pytest.mark.parametrize("name", [r[0] for r in REAL] + ["mpower_iphone_tremor.json"])
def test_a_file_its_bytes_and_its_text_give_the_same_recording(name: str) -> None:
    path = RECORDINGS / name
    from_file = load_recording(path)
    for other in (parse_recording(path.read_bytes()), parse_recording(path.read_text())):
        assert np.array_equal(other.t, from_file.t) and np.array_equal(other.acc, from_file.acc)
        assert other.notes == from_file.notes and other.source_format == from_file.source_format


# --- generated files: layouts, line endings, comments, blank lines, block edges ----------


def rows(n: int = 40, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    acc = rng.normal([0.1, 0.2, 9.8], 0.3, (n, 3))
    return [f"{i / 100:.2f},{x:.5f},{y:.5f},{z:.5f}" for i, (x, y, z) in enumerate(acc)]


CLEAN = HEADER + "\n" + "\n".join(rows()) + "\n"


def _commented(text: str) -> str:
    lines = text.splitlines()
    lines[5] += "  # an inline note"
    lines[10:10] = ["# a comment", "   # an indented comment", "#"]
    return "# exported by a phone\n\n" + "\n".join(lines) + "\n"


def _blank_lines(text: str) -> str:
    lines = text.splitlines()
    lines[3:3] = ["", "   ", "\t"]
    return "\n".join(lines) + "\n\n   \n\t\n\n"


def _decimal_comma(delimiter: str) -> Callable[[str], str]:
    return lambda text: text.replace(",", "\x00").replace(".", ",").replace("\x00", delimiter)


VARIANTS: dict[str, Callable[[str], str]] = {
    "clean": lambda text: text,
    "CRLF": lambda text: text.replace("\n", "\r\n"),
    "CR": lambda text: text.replace("\n", "\r"),
    "no final newline": lambda text: text.rstrip("\n"),
    "comments": _commented,
    "blank lines": _blank_lines,
    "byte-order mark": lambda text: "\ufeff" + text,
    "spaces round cells": lambda text: text.replace(",", " , "),
    "semicolons": lambda text: text.replace(",", ";"),
    "tabs": lambda text: text.replace(",", "\t"),
    "semicolons, decimal commas": _decimal_comma(";"),
    "tabs, decimal commas": _decimal_comma("\t"),
    "CRLF, comments, blank lines": lambda text: _blank_lines(_commented(text)).replace(
        "\n", "\r\n"
    ),
}


@pytest.mark.parametrize("block", [1 << 20, 7, 1])
@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_every_layout_reads_as_the_clean_file(
    variant: str, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small blocks cut lines, and CRLF pairs, across block edges."""
    monkeypatch.setattr(source_module, "BLOCK_BYTES", block)
    text = VARIANTS[variant](CLEAN)
    fmt, raw = read(text.encode())
    assert fmt == "shakewise-csv"
    assert np.array_equal(columns(raw), plain(CLEAN))


ONE_PASS = ["clean", "CRLF", "CR", "no final newline", "byte-order mark", "spaces round cells"]
ONE_PASS += ["semicolons", "tabs", "semicolons, decimal commas", "tabs, decimal commas"]


@pytest.mark.parametrize("variant", ONE_PASS)
def test_common_layouts_are_read_in_one_pass(variant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only odd lines (spaces alone, an indented comment) or a bad cell cost a second pass."""

    def no_second_pass(*args: object) -> None:
        raise AssertionError("read twice")

    monkeypatch.setattr(Table, "_careful", no_second_pass)
    text = VARIANTS[variant](CLEAN)
    assert np.array_equal(columns(read(text.encode())[1]), plain(CLEAN))
    assert np.array_equal(columns(read(text.encode() + b"\n\n# the end\n")[1]), plain(CLEAN))


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
EXTRA = st.sampled_from(["", "   ", "\t", "# note", "  # note"])


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.tuples(*[st.floats(-1e3, 1e3, allow_nan=False, width=32)] * 3), min_size=1, max_size=30
    ),
    ends=st.lists(LINE_ENDS, min_size=31, max_size=31),
    extras=st.dictionaries(st.integers(0, 30), EXTRA, max_size=6),
    block=st.integers(1, 64),
)
def test_any_mix_of_line_ends_blank_lines_and_comments_reads_right(
    values: list[tuple[float, float, float]],
    ends: list[str],
    extras: dict[int, str],
    block: int,
) -> None:
    lines = [HEADER] + [f"{i},{x!r},{y!r},{z!r}" for i, (x, y, z) in enumerate(values)]
    text = ""
    for i, line in enumerate(lines):
        if i in extras and i > 0:
            text += extras[i] + ends[i]
        text += line + ends[i]
    old = source_module.BLOCK_BYTES
    source_module.BLOCK_BYTES = block
    try:
        _, raw = read(text.encode())
    finally:
        source_module.BLOCK_BYTES = old
    assert np.array_equal(columns(raw), plain(text))


def test_phyphox_reads_only_the_columns_it_needs() -> None:
    header = '"Time (s)";"Acceleration x (m/s^2)";"Acceleration y (m/s^2)";"Acceleration z (m/s^2)";"Absolute acceleration (m/s^2)"'  # noqa: E501
    body = "\n".join(f"{i / 100:.3f};0,1;0,2;9,8;oops" for i in range(20)).replace(".", ",")
    fmt, raw = read(header + "\n" + body + "\n")
    assert fmt == "phyphox"
    assert raw.acc[0].tolist() == [0.1, 0.2, 9.8] and raw.t[-1] == pytest.approx(0.19)


def test_a_latin_1_file_loads_and_names_its_bad_cell_in_latin_1(tmp_path: Path) -> None:
    path = tmp_path / "messung.csv"
    path.write_bytes(("# Messung für das Bein\n" + CLEAN).encode("latin-1"))
    assert load_recording(path).n_samples == 40
    path.write_bytes(CLEAN.replace("0.02,", "0.02,µ", 1).encode("latin-1"))
    with pytest.raises(MalformedRecordingError, match="Line 4: 'ax' is 'µ"):
        load_recording(path)


# --- what is wrong, and where -----------------------------------------------------------


def _with(line_no: int, row: str, text: str = CLEAN) -> str:
    lines = text.splitlines()
    lines[line_no - 1] = row
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (_with(7, "0.05,0.1,abc,9.8"), MalformedRecordingError, "Line 7: 'ay' is 'abc'"),
        (_with(7, "0.05,0.1,9.8"), MalformedRecordingError, "Line 7 has 3 values; 4 are"),
        (_with(7, "0.05,0.1,nan,9.8"), MalformedRecordingError, "Line 7: 'ay' is not a finite"),
        (_with(41, "0.39,inf,0.2,9.8"), MalformedRecordingError, "Line 41: 'ax' is not a finite"),
        # blank and comment lines before it count: the line is the one an editor shows
        (_commented(_with(30, "0.28,0.1,x,9.8")), MalformedRecordingError, "Line 35: 'ay' is 'x'"),
        (_blank_lines(_with(30, "0.28,0.1,nan,9.8")), MalformedRecordingError, "Line 33: 'ay'"),
        (_commented(_with(30, "0.28,0.1,nan,9.8")), MalformedRecordingError, "Line 35: 'ay'"),
        (HEADER + "\n# only a comment\n   \n", EmptyRecordingError, "header but no samples"),
        ("# a comment\n\n   \n", EmptyRecordingError, "holds no samples"),
        (CLEAN + "0.40,0.1,0.2,\x009.8\n", MalformedRecordingError, "NUL bytes"),
        ("time;x\n1;2\n", UnknownFormatError, "Unknown CSV layout"),
    ],
)
def test_bad_tables_say_what_and_where(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_recording(text.encode())


def test_a_bad_cell_deep_in_a_long_file_is_named_by_its_line() -> None:
    body = [f"{i / 100:.2f},0.1,0.2,9.8" for i in range(50_000)]
    body[45_000] = "450.00,0.1,0..2,9.8"
    text = HEADER + "\r\n" + "\r\n".join(body) + "\r\n"
    with pytest.raises(MalformedRecordingError, match=re.escape("Line 45002: 'ay' is '0..2'")):
        parse_recording(text.encode())


def test_a_file_over_the_limit_is_refused_by_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shakewise.signals import recording

    path = tmp_path / "big.csv"
    path.write_text(CLEAN)
    monkeypatch.setattr(recording, "MAX_FILE_BYTES", len(CLEAN) - 1)
    with pytest.raises(MalformedRecordingError, match="larger than"):
        load_recording(path)


# --- memory -----------------------------------------------------------------------------


def test_recordings_keep_read_only_arrays_and_copy_the_rest() -> None:
    t, acc = np.arange(20.0), np.zeros((20, 3))
    rec = Recording(t, acc)
    acc[0, 0] = 5.0
    assert rec.acc[0, 0] == 0.0  # a writable array is copied
    acc.setflags(write=False)
    assert Recording(t, acc).acc is acc  # a read-only one is kept
    parsed = parse_recording(CLEAN)
    assert not parsed.acc.flags.writeable and not parsed.t.flags.writeable


@pytest.fixture(scope="module")
def hour_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hour at 100 Hz, six axes: 360,000 lines, about 21 MB."""
    rng = np.random.default_rng(0)
    t = np.arange(0, 3600, 0.01)
    acc = rng.normal([0.1, 0.2, 9.8], 0.05, (len(t), 3))
    acc[:, 0] += 0.4 * np.sin(2 * np.pi * 5.3 * t) * ((t % 600) < 180)
    gyro = rng.normal(0, 0.01, (len(t), 3))
    path = tmp_path_factory.mktemp("hour") / "hour.csv"
    with path.open("w") as out:
        out.write("t,ax,ay,az,gx,gy,gz\n")
        np.savetxt(out, np.column_stack([t, acc, gyro]), fmt="%.5f", delimiter=",")
    return path


def _peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_reading_an_hour_allocates_little_more_than_its_arrays(hour_csv: Path) -> None:
    """Was ten times the arrays (a string per line); the bound is generous, not a timing."""
    rec = load_recording(hour_csv)
    arrays = rec.t.nbytes + rec.acc.nbytes + (rec.gyro.nbytes if rec.gyro is not None else 0)
    assert _peak_bytes(lambda: load_recording(hour_csv)) < 4 * arrays


@pytest.mark.slow
def test_analysing_an_hour_allocates_a_small_multiple_of_its_input(hour_csv: Path) -> None:
    """Was over four times (a float64 copy of every window, the unpadded FFT kept)."""
    rec = load_recording(hour_csv)
    arrays = rec.t.nbytes + rec.acc.nbytes + (rec.gyro.nbytes if rec.gyro is not None else 0)
    assert _peak_bytes(lambda: measure(rec)) < 3 * arrays
