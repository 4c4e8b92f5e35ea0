"""Signal analysis against known truth: synthetic signals, real recordings, WASM PLM rules."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase
from shakewise.signals import bands
from shakewise.signals.analysis import analyze, measure
from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    RecordingTooShortError,
    SampleRateTooLowError,
    SaturatedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.plm import plm_series, score_plm
from shakewise.signals.recording import (
    STANDARD_GRAVITY,
    Recording,
    load_recording,
    parse_recording,
)
from shakewise.signals.spectrum import resample, spectrogram

RECORDINGS = Path(__file__).parent / "data" / "recordings"
G = STANDARD_GRAVITY


def unit(v: tuple[float, float, float]) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    norm: float = float(np.linalg.norm(a))
    return a / norm


def shaking(
    freq: float = 5.0,
    amp: float = 0.5,  # peak acceleration, m/s²
    seconds: float = 30.0,
    fs: float = 100.0,
    noise: float = 0.01,
    gravity: tuple[float, float, float] = (0.0, 0.0, 1.0),
    direction: tuple[float, float, float] = (0.6, 0.8, 0.0),
    jitter: float = 0.0,  # SD of the sampling times, as a share of the interval
    on: np.ndarray | None = None,  # per-sample 0/1 envelope of the tremor
    seed: int = 0,
) -> Recording:
    rng = np.random.default_rng(seed)
    t = np.arange(0, seconds, 1 / fs)
    if jitter:
        t = t + rng.normal(0, jitter / fs, len(t))
        t.sort()
    envelope = 1.0 if on is None else on
    wave = amp * envelope * np.sin(2 * np.pi * freq * t + rng.uniform(0, 2 * np.pi))
    acc = np.outer(wave, unit(direction)) + G * unit(gravity)
    acc += rng.normal(0, noise, acc.shape)
    return Recording(t, acc, source_format="synthetic")


# --- frequency, amplitude, findings on known signals ------------------------------------


@pytest.mark.parametrize("freq", [2.8, 3.5, 4.5, 5.5, 7.0, 9.3, 11.5, 13.2, 16.0, 18.5])
def test_frequency_within_quarter_hertz_across_the_band(freq: float) -> None:
    a = analyze(shaking(freq))
    assert a.tremor_detected
    assert a.dominant_frequency_hz is not None
    assert abs(a.dominant_frequency_hz - freq) <= 0.25
    assert a.findings[bands.band_of(freq).finding] == "yes"  # type: ignore[union-attr]
    assert a.findings["no_tremor_measured"] == "no"
    assert a.tremor_fraction == 1.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    freq=st.floats(3.0, 18.0),
    amp=st.floats(0.05, 3.0),
    fs=st.sampled_from([50.0, 60.0, 100.0, 128.0]),
    gravity=st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda v: np.linalg.norm(v) > 0.2),
    direction=st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda v: np.linalg.norm(v) > 0.2),
    noise=st.floats(0.0, 0.02),
    jitter=st.floats(0.0, 0.1),
    seed=st.integers(0, 1000),
)
def test_any_orientation_rate_and_jitter_gives_frequency_and_amplitude(
    freq: float,
    amp: float,
    fs: float,
    gravity: tuple[float, float, float],
    direction: tuple[float, float, float],
    noise: float,
    jitter: float,
    seed: int,
) -> None:
    rec = shaking(freq, amp, 20.0, fs, noise, gravity, direction, jitter, seed=seed)
    a = analyze(rec)
    assert a.tremor_detected
    assert a.dominant_frequency_hz is not None
    assert abs(a.dominant_frequency_hz - freq) <= 0.25
    assert a.rms_m_s2 == pytest.approx(amp / np.sqrt(2), rel=0.15, abs=0.01)
    assert a.axis is not None
    assert abs(float(np.dot(a.axis, unit(direction)))) > 0.95  # PCA finds the tremor axis


def test_amplitude_and_displacement() -> None:
    a = analyze(shaking(5.0, amp=np.sqrt(2)))  # RMS 1 m/s² at 5 Hz
    assert a.rms_m_s2 == pytest.approx(1.0, rel=0.05)
    # Sinusoid: peak-to-peak displacement = 2·√2·RMS / (2πf)² = 2.87 mm
    assert a.displacement_mm == pytest.approx(2.866, rel=0.05)


@settings(max_examples=25, deadline=None)
@given(
    kind=st.sampled_from(["still", "noise", "sway", "drift", "walk_gravity"]),
    level=st.floats(0.001, 0.02),
    sway_hz=st.floats(0.1, 1.0),
    seed=st.integers(0, 1000),
)
def test_no_tremor_on_still_noise_or_slow_sway(
    kind: str, level: float, sway_hz: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    t = np.arange(0, 40, 0.01)
    acc = np.tile(G * unit((0.2, 0.1, 1.0)), (len(t), 1)) + rng.normal(0, level, (len(t), 3))
    if kind == "noise":
        acc += rng.normal(0, 0.02, acc.shape)
    elif kind == "sway":  # slow postural sway, large
        acc[:, 0] += 2.0 * np.sin(2 * np.pi * sway_hz * t)
        acc[:, 1] += 1.0 * np.sin(2 * np.pi * sway_hz * 0.7 * t + 1)
    elif kind == "drift":  # sensor offset drifting
        acc += np.outer(t / 40, [0.5, -0.3, 0.2])
    elif kind == "walk_gravity":  # the limb slowly tilting: gravity moves between axes
        angle = 0.6 * np.sin(2 * np.pi * sway_hz * t)
        acc[:, 1] = G * np.sin(angle)
        acc[:, 2] = G * np.cos(angle)
    a = analyze(Recording(t, acc))
    assert not a.tremor_detected
    assert a.dominant_frequency_hz is None
    assert a.findings["no_tremor_measured"] == "yes"
    assert all(a.findings[b.finding] == "no" for b in bands.BANDS)


@pytest.mark.parametrize("axis", range(3))
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_gravity_on_any_axis(axis: int, sign: float) -> None:
    gravity = [0.0, 0.0, 0.0]
    gravity[axis] = sign
    a = analyze(shaking(6.5, gravity=tuple(gravity), direction=(1, 1, 1)))  # type: ignore[arg-type]
    assert a.dominant_frequency_hz == pytest.approx(6.5, abs=0.25)


def test_bursts_give_the_share_of_tremor_windows() -> None:
    t = np.arange(0, 100, 0.01)
    on = ((t % 33) < 10).astype(float)  # 10 s bursts, 3 of them ≈ 30 %
    a = analyze(shaking(4.8, 0.8, 100.0, on=on))
    assert a.tremor_detected
    assert a.dominant_frequency_hz == pytest.approx(4.8, abs=0.25)
    assert 0.2 <= a.tremor_fraction <= 0.4


def test_daily_life_frequency_is_that_of_the_tremor_windows() -> None:
    """10 min: mostly slow movement and steps, 2 min of 6 Hz tremor."""
    rng = np.random.default_rng(3)
    fs = 100.0
    t = np.arange(0, 600, 1 / fs)
    acc = np.tile([0.0, 0.0, G], (len(t), 1)) + rng.normal(0, 0.01, (len(t), 3))
    walking = (t > 60) & (t < 240)
    step = 1.8  # steps: 1.8 Hz with sharp heel strikes (harmonics)
    acc[walking, 2] += 3 * np.sin(2 * np.pi * step * t[walking]) ** 9
    acc[walking, 0] += 1.5 * np.sin(2 * np.pi * step / 2 * t[walking])
    gesture = (t > 300) & (t < 360)
    acc[gesture, 1] += 2 * np.sin(2 * np.pi * 0.7 * t[gesture])
    tremor = (t > 420) & (t < 540)
    acc[tremor, 0] += 0.4 * np.sin(2 * np.pi * 6.0 * t[tremor])
    m = measure(Recording(t, acc))
    a = m.analysis
    assert a.tremor_detected
    assert a.dominant_frequency_hz == pytest.approx(6.0, abs=0.25)
    assert 0.15 <= a.tremor_fraction <= 0.25
    walking_windows = (m.window_starts_s > 62) & (m.window_starts_s < 234)
    assert m.window_is_tremor[walking_windows].mean() < 0.1


def test_frequency_drift_and_hopping() -> None:
    t = np.arange(0, 60, 0.01)
    steady = analyze(shaking(5.5, seconds=60))
    assert steady.findings["tremor_regular"] == "yes"
    assert steady.findings["tremor_variable_frequency"] == "no"
    assert steady.frequency_stability_hz is not None and steady.frequency_stability_hz < 0.2
    # A slow drift 5 → 6 Hz keeps a tremor and a frequency in between.
    phase = 2 * np.pi * (5.0 * t + 0.5 * t**2 / 60)
    acc = np.tile([0.0, 0.0, G], (len(t), 1))
    acc[:, 0] += 0.5 * np.sin(phase)
    drift = analyze(Recording(t, acc + np.random.default_rng(1).normal(0, 0.01, acc.shape)))
    assert drift.dominant_frequency_hz == pytest.approx(5.5, abs=0.3)
    # Hopping between 4 and 9 Hz every 8 s: variable frequency (functional tremor's mark).
    freq = np.array([4.0, 9.0, 5.0, 8.0, 4.5, 7.0, 9.5, 5.5])[(t // 8).astype(int) % 8]
    acc = np.tile([0.0, 0.0, G], (len(t), 1))
    acc[:, 1] += 0.5 * np.sin(2 * np.pi * np.cumsum(freq) * 0.01)
    hopping = analyze(Recording(t, acc + np.random.default_rng(2).normal(0, 0.01, acc.shape)))
    assert hopping.tremor_detected
    assert hopping.findings["tremor_variable_frequency"] == "yes"
    assert hopping.findings["tremor_regular"] == "no"


def test_harmonics_are_reported() -> None:
    t = np.arange(0, 30, 0.01)
    acc = np.tile([0.0, 0.0, G], (len(t), 1)) + np.random.default_rng(0).normal(
        0, 0.01, (len(t), 3)
    )
    acc[:, 0] += np.sin(2 * np.pi * 4.5 * t) + 0.3 * np.sin(2 * np.pi * 9.0 * t)
    a = analyze(Recording(t, acc))
    assert a.dominant_frequency_hz == pytest.approx(4.5, abs=0.1)
    assert [h.multiple for h in a.harmonics] == [2]
    assert a.harmonics[0].relative_power == pytest.approx(0.09, rel=0.3)


def test_gaps_are_reported_and_skipped() -> None:
    rec = shaking(7.0, seconds=40)
    keep = (rec.t < 15) | (rec.t > 18)
    a = analyze(Recording(rec.t[keep], rec.acc[keep]))
    assert len(a.gaps) == 1
    assert a.gaps[0].start_s == pytest.approx(15.0, abs=0.02)
    assert a.gaps[0].duration_s == pytest.approx(3.0, abs=0.03)
    assert a.dominant_frequency_hz == pytest.approx(7.0, abs=0.25)
    assert any("gap" in n for n in a.notes)


def test_gyroscope_locates_the_peak_when_present() -> None:
    rec = shaking(5.0, 0.3, seconds=30)
    t = rec.t
    gyro = np.zeros((len(t), 3))
    gyro[:, 2] = 0.5 * np.sin(2 * np.pi * 5.0 * t)
    a = analyze(Recording(t, rec.acc, gyro))
    assert a.peak_from == "gyroscope"
    assert a.dominant_frequency_hz == pytest.approx(5.0, abs=0.25)


def test_a_dead_gyroscope_never_hides_the_accelerometers_tremor() -> None:
    """A phone without a gyroscope writes zeros in its columns: the 5 Hz shaking in the
    acceleration is measured, and the note says why."""
    rec = shaking(5.0, 1.5, seconds=30)
    lines = ["t,ax,ay,az,gx,gy,gz"] + [
        f"{t:.3f},{x:.5f},{y:.5f},{z:.5f},0,0,0"
        for t, (x, y, z) in zip(rec.t, rec.acc, strict=True)
    ]
    a = analyze(parse_recording("\n".join(lines)))
    assert a.tremor_detected and a.peak_from == "accelerometer"
    assert a.dominant_frequency_hz == pytest.approx(5.0, abs=0.25)
    assert any("gyroscope" in note for note in a.notes)


def test_findings_and_sources_exist_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    assert set(bands.FINDING_IDS) <= set(kb.findings)
    assert {b.source for b in bands.BANDS} | {bands.REGULAR_SOURCE, bands.VARIABLE_SOURCE} <= set(
        kb.sources
    )
    for rec in (shaking(5.0, seconds=30), shaking(5.0, amp=0.0)):
        a = analyze(rec)
        assert set(a.findings) <= set(kb.findings)
        assert set(a.findings.values()) <= {"yes", "no"}
        assert set(a.sources) <= set(kb.sources)


def test_design_json_keys() -> None:
    data = json.loads(analyze(shaking()).model_dump_json())
    assert {
        "sample_rate_hz", "duration_s", "tremor_detected", "dominant_frequency_hz", "band",
        "rms_m_s2", "displacement_mm", "regularity", "tremor_fraction", "findings",
        "frequency_stability_hz", "harmonics", "gaps", "axis",
    } <= set(data)  # fmt: skip


def test_browser_rate_leaves_the_orthostatic_band_unchecked_below_40_hz() -> None:
    a = analyze(shaking(8.0, fs=30.0))
    assert a.dominant_frequency_hz == pytest.approx(8.0, abs=0.25)
    assert "tremor_13_18hz" not in a.findings
    assert any("13–18 Hz band was not checked" in n for n in a.notes)
    ot = analyze(shaking(16.0, amp=0.3, fs=60.0))  # 60 Hz DeviceMotion sees 16 Hz
    assert ot.findings["tremor_13_18hz"] == "yes"


# --- bad recordings ---------------------------------------------------------------------


def test_too_low_rate_too_short_and_clipped_are_refused() -> None:
    with pytest.raises(SampleRateTooLowError, match="samples a second"):
        analyze(shaking(5.0, fs=20.0))
    with pytest.raises(RecordingTooShortError, match="at least 8 s"):
        analyze(shaking(5.0, seconds=3.0))
    rec = shaking(3.0, amp=40.0)
    with pytest.raises(SaturatedRecordingError, match="limit"):
        analyze(Recording(rec.t, np.clip(rec.acc, -2 * G, 2 * G)))


def test_recording_rejects_bad_arrays() -> None:
    with pytest.raises(MalformedRecordingError, match="increase"):
        Recording(np.array([0.0, 1.0, 0.5]), np.zeros((3, 3)))
    with pytest.raises(MalformedRecordingError, match="shape"):
        Recording(np.arange(3.0), np.zeros((3, 2)))
    with pytest.raises(MalformedRecordingError, match="finite"):
        Recording(np.arange(2.0), np.array([[0, 0, np.nan], [0, 0, 1]]))
    with pytest.raises(EmptyRecordingError):
        Recording(np.array([]), np.zeros((0, 3)))
    rec = shaking(seconds=10)
    with pytest.raises(ValueError):
        rec.acc[0, 0] = 1.0  # frozen values


CSV_HEADER = "t,ax,ay,az\n"


def csv_text(rec: Recording, header: str = CSV_HEADER, scale: float = 1.0) -> str:
    rows = (f"{t:.4f},{x * scale:.5f},{y * scale:.5f},{z * scale:.5f}" for t, (x, y, z) in
            zip(rec.t, rec.acc, strict=True))  # fmt: skip
    return header + "\n".join(rows) + "\n"


def test_shakewise_csv_round_trip_in_seconds_and_milliseconds() -> None:
    rec = shaking(6.0, seconds=12)
    parsed = parse_recording(csv_text(rec))
    assert parsed.source_format == "shakewise-csv"
    assert np.allclose(parsed.acc, rec.acc, atol=1e-4)
    ms = "timestamp,ax,ay,az\n" + "\n".join(
        f"{t * 1000:.1f},{x},{y},{z}" for t, (x, y, z) in zip(rec.t, rec.acc, strict=True)
    )
    assert parse_recording(ms).duration_s == pytest.approx(rec.duration_s, abs=0.01)


def test_g_in_a_file_that_claims_m_s2_is_converted_and_said() -> None:
    rec = shaking(6.0, seconds=12)
    parsed = parse_recording(csv_text(rec, scale=1 / G))
    assert np.median(np.linalg.norm(parsed.acc, axis=1)) == pytest.approx(G, rel=0.01)
    assert any("gravity in g" in n for n in parsed.notes)
    forced = parse_recording(csv_text(rec, scale=1 / G), acc_unit="m/s2")
    assert np.median(np.linalg.norm(forced.acc, axis=1)) == pytest.approx(1.0, rel=0.01)


def test_unsorted_times_are_sorted_and_duplicates_dropped() -> None:
    text = CSV_HEADER + "0.02,0,0,9.8\n0.00,0,0,9.8\n0.01,0,0,9.8\n0.01,0,0,9.8\n"
    rec = parse_recording(text)
    assert list(rec.t) == [0.0, 0.01, 0.02]
    assert any("sorted" in n for n in rec.notes)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", EmptyRecordingError, "empty"),
        (CSV_HEADER, EmptyRecordingError, "no samples"),
        (CSV_HEADER + "0,0,0,9.8\n0.01,0,abc,9.8\n", MalformedRecordingError, "Line 3: 'ay'"),
        (CSV_HEADER + "0,0,0,9.8\n0.01,0,0\n", MalformedRecordingError, "Line 3 has 3 values"),
        (CSV_HEADER + "0,0,0,9.8\n0.01,0,nan,9.8\n", MalformedRecordingError, "Line 3: 'ay'"),
        ("time,a,b\n1,2,3\n", UnknownFormatError, "Unknown CSV layout"),
        ("1 2 3\n", UnknownFormatError, "no header"),
        ('[{"q": 1}]', UnknownFormatError, "Unknown JSON layout"),
        ("[{]", MalformedRecordingError, "not valid JSON"),
        ("[]", EmptyRecordingError, "empty list"),
        ('{"data": []}', UnknownFormatError, "'samples'"),
        ('[{"t":0,"ax":0,"ay":0}]', UnknownFormatError, "Unknown JSON layout"),
        (
            '[{"t":0,"ax":0,"ay":0,"az":9.8},{"t":1,"ax":0,"ay":0}]',
            MalformedRecordingError,
            "Sample 2 has no 'az'",
        ),
        ('[{"t":0,"ax":"x","ay":0,"az":9.8}]', MalformedRecordingError, "'ax' is \"x\""),
    ],
)
def test_bad_input_says_what_is_wrong(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as info:
        parse_recording(text)
    assert isinstance(info.value, InputError)


def test_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFormatError, match="shakewise-csv"):
        parse_recording(CSV_HEADER + "0,0,0,9.8\n", format="excel")
    with pytest.raises(UnknownFormatError, match="JSON format"):
        parse_recording(CSV_HEADER + "0,0,0,9.8\n", format="mpower")
    with pytest.raises(MalformedRecordingError, match="Cannot read"):
        load_recording(RECORDINGS / "no_such_file.csv")


def test_web_json_with_degrees_per_second() -> None:
    samples = [
        {"t": i / 60, "ax": 0.1, "ay": 9.7, "az": 0.3, "gx": 90.0 + i % 2, "gy": 0.0, "gz": 0.0}
        for i in range(120)
    ]
    rec = parse_recording(json.dumps({"gyro_unit": "deg/s", "samples": samples}))
    assert rec.source_format == "shakewise-json"
    assert rec.gyro is not None and rec.gyro[0, 0] == pytest.approx(np.pi / 2)
    bare = parse_recording(
        json.dumps([{k: s[k] for k in ("t", "ax", "ay", "az")} for s in samples])
    )
    assert bare.gyro is None and bare.sample_rate_hz == pytest.approx(60.0)


def test_phyphox_exports_with_comma_or_semicolon_and_decimal_comma() -> None:
    rec = shaking(9.0, seconds=10)
    header = '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"\n'  # noqa: E501
    rows = [f"{t:.5E},{x:.5E},{y:.5E},{z:.5E},{np.linalg.norm([x, y, z]):.5E}"
            for t, (x, y, z) in zip(rec.t, rec.acc, strict=True)]  # fmt: skip
    comma = parse_recording(header + "\n".join(rows))
    assert comma.source_format == "phyphox"
    semicolon = (
        header.replace('","', '";"') + "\n".join(r.replace(",", ";") for r in rows)
    ).replace(".", ",")
    decimal_comma = parse_recording(semicolon.replace("(m/s^2)", "(m/s^2)"))
    assert np.allclose(decimal_comma.acc, comma.acc)
    assert analyze(comma).dominant_frequency_hz == pytest.approx(9.0, abs=0.25)


def test_sensor_logger_export() -> None:
    rec = shaking(4.5, seconds=12)
    text = "time,seconds_elapsed,z,y,x\n" + "\n".join(
        f"{int(1.7e18 + t * 1e9)},{t:.4f},{z},{y},{x}"
        for t, (x, y, z) in zip(rec.t, rec.acc, strict=True)
    )
    parsed = parse_recording(text)
    assert parsed.source_format == "sensor-logger"
    assert np.allclose(parsed.acc, rec.acc)


# --- real recordings --------------------------------------------------------------------


def test_verily_watch_tremor_windows_are_in_the_rest_band() -> None:
    m = measure(load_recording(RECORDINGS / "verily_watch_wrist_parkinson_300-390s.csv"))
    a = m.analysis
    assert a.peak_from == "gyroscope"
    assert a.tremor_detected
    assert a.dominant_frequency_hz is not None and 4.0 <= a.dominant_frequency_hz < 6.0
    assert a.findings["tremor_4_6hz"] == "yes"
    peaks = m.window_peaks_hz[m.window_is_tremor]
    assert np.mean((peaks >= 3.0) & (peaks <= 7.0)) >= 0.7  # ParaDigMa's rest band 3–7 Hz


@pytest.mark.parametrize("side", ["left", "right"])
def test_cloudupdrs_rest_tremor_of_the_leg_is_weak(side: str) -> None:
    rec = load_recording(RECORDINGS / f"cloudupdrs_phone_rest_tremor_{side}_leg.csv")
    assert rec.source_format == "cloudupdrs"
    assert rec.sample_rate_hz == pytest.approx(100.0, rel=0.01)
    assert rec.duration_s == pytest.approx(32.0, abs=0.5)
    a = analyze(rec)
    assert a.rms_m_s2 < 0.1  # near the phone's noise floor
    assert not a.tremor_detected or (a.displacement_mm or 0) < 0.5


def test_mpower_loads_in_g_and_converts() -> None:
    rec = load_recording(RECORDINGS / "mpower_iphone_tremor.json")
    assert rec.source_format == "mpower"
    assert rec.notes == ()  # g, as the format says: no unit warning
    assert np.median(np.linalg.norm(rec.acc, axis=1)) == pytest.approx(G, rel=0.05)
    assert rec.sample_rate_hz == pytest.approx(102.6, rel=0.01)


def test_daphnet_freezing_has_more_tremor_band_energy_than_walking() -> None:
    rec = load_recording(RECORDINGS / "daphnet_S03R02_290-390s.txt")
    assert rec.source_format == "daphnet"
    assert rec.labels is not None and set(np.unique(rec.labels)) <= {0, 1, 2}
    assert np.median(np.linalg.norm(rec.acc, axis=1)) == pytest.approx(G, rel=0.1)  # mg → m/s²
    sg = spectrogram(rec, window_s=4.0, step_s=1.0)
    label = rec.labels[np.searchsorted(rec.t - rec.t[0], sg.times_s)]
    freeze_index = sg.band_power(3, 8) / sg.band_power(0.5, 3)  # Moore et al. 2008
    walking, freezing = freeze_index[label == 1], freeze_index[label == 2]
    assert len(walking) > 10 and len(freezing) > 10
    assert np.median(freezing) > 2 * np.median(walking)


def test_resample_of_real_jittered_timestamps_is_uniform() -> None:
    rec = load_recording(RECORDINGS / "cloudupdrs_phone_rest_tremor_right_leg.csv")
    sig = resample(rec)
    assert sig.fs == pytest.approx(100.0, rel=0.01)
    assert sig.gaps == ()


@pytest.mark.parametrize("gyro", [False, True])
def test_spectra_taken_in_batches_equal_spectra_taken_at_once(
    gyro: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shakewise.signals import spectrum

    rec = shaking(5.0, seconds=120, jitter=0.3)
    if gyro:
        rec = Recording(rec.t, rec.acc, rec.acc / 10)
    monkeypatch.setattr(spectrum, "FFT_BATCH", 10_000)
    whole = spectrum.window_spectra(resample(rec), 4.0, 2.0, max_hz=25.0, gyro=gyro)
    monkeypatch.setattr(spectrum, "FFT_BATCH", 7)  # windows not a multiple of it
    batched = spectrum.window_spectra(resample(rec), 4.0, 2.0, max_hz=25.0, gyro=gyro)
    assert len(whole.starts_s) % 7 and np.array_equal(whole.fft, batched.fft)


@pytest.mark.parametrize("gyro", [False, True])
def test_windows_scored_in_batches_give_the_analysis_of_all_windows_at_once(
    gyro: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each window is scored on its own, so scoring a batch at a time (what keeps an 8 h
    recording's memory small) changes no figure and no array."""
    from shakewise.signals import spectrum

    rec = shaking(5.0, seconds=300, jitter=0.3)
    if gyro:
        rec = Recording(rec.t, rec.acc, rec.acc / 10)
    monkeypatch.setattr(spectrum, "FFT_BATCH", 10_000)
    whole = measure(rec)
    monkeypatch.setattr(spectrum, "FFT_BATCH", 7)
    batched = measure(rec)
    assert len(whole.window_starts_s) > 7 and batched.analysis == whole.analysis
    for name in ("freqs", "spectrum", "window_starts_s", "window_peaks_hz", "window_is_tremor"):
        assert np.array_equal(getattr(batched, name), getattr(whole, name)), name


# --- periodic limb movements ------------------------------------------------------------


def night(
    movements: list[tuple[float, float]],
    hours: float = 1.0,
    fs: float = 10.0,
    noise: float = 0.01,
    degrees: float = 15.0,
    seed: int = 0,
) -> Recording:
    """A still leg with movements (onset s, duration s): the foot tilts and comes back."""
    t = np.arange(0, hours * 3600, 1 / fs)
    theta = np.zeros_like(t)
    for onset, duration in movements:
        inside = (t >= onset) & (t < onset + duration)
        theta[inside] = np.radians(degrees) * np.sin(np.pi * (t[inside] - onset) / duration) ** 2
    acc = np.column_stack([np.zeros_like(t), G * np.sin(theta), G * np.cos(theta)])
    acc += np.random.default_rng(seed).normal(0, noise, acc.shape)
    return Recording(t, acc)


def train(
    start: float, count: int, interval: float, duration: float = 2.0
) -> list[tuple[float, float]]:
    return [(start + i * interval, duration) for i in range(count)]


def test_a_periodic_train_is_one_series() -> None:
    r = score_plm(night(train(600, 10, 20.0)))
    assert len(r.movements) == 10
    assert [m.series for m in r.movements] == [1] * 10
    assert r.plm_index_per_hour == pytest.approx(10.0)
    assert len(r.series) == 1 and r.series[0].median_imi_s == pytest.approx(20.0, abs=0.2)
    assert r.movements[0].onset_s == pytest.approx(600, abs=0.5)
    assert r.movements[0].duration_s == pytest.approx(2.0, abs=0.4)
    assert sum(h.movements for h in r.timeline) == 10


@pytest.mark.parametrize(
    ("movements", "wasm", "aasm"),
    [
        (train(600, 10, 7.0), 0, 10),  # IMI 7 s: AASM (5–90 s) only
        (train(600, 10, 100.0), 0, 0),  # IMI over 90 s
        (train(600, 3, 20.0), 0, 0),  # fewer than 4
        (train(600, 8, 20.0, duration=0.3), 0, 0),  # under 0.5 s: not leg movements
        ([*train(600, 4, 20.0), (700, 12.0), *train(740, 4, 20.0)], 8, 8),  # >10 s LM breaks
        ([*train(600, 6, 20.0), (705, 2.0), *train(720, 4, 20.0)], 10, 11),  # 5 s IMI breaks
    ],
)
def test_wasm_rules(movements: list[tuple[float, float]], wasm: int, aasm: int) -> None:
    r = score_plm(night(movements))
    assert r.plm_index_per_hour == pytest.approx(wasm)
    assert r.plm_index_aasm_per_hour == pytest.approx(aasm)


def test_long_movement_is_not_a_candidate_and_short_one_is_not_a_movement() -> None:
    r = score_plm(night([(600, 12.0), (800, 0.3), (900, 3.0)]))
    assert [(m.candidate, round(m.duration_s)) for m in r.movements] == [(False, 11), (True, 3)]


def test_busy_night_is_above_the_adult_threshold() -> None:
    moves = train(300, 120, 25.0) + train(4000, 80, 30.0)
    r = score_plm(night(moves, hours=2.0, fs=25.0, noise=0.02))
    assert r.plm_index_per_hour == pytest.approx(100.0, abs=2)
    assert r.above_adult_threshold
    assert [h.plm for h in r.timeline] == [120, 80]


def test_plm_needs_minutes_and_a_few_samples_a_second() -> None:
    with pytest.raises(RecordingTooShortError, match="min"):
        score_plm(night([], hours=0.05))
    with pytest.raises(SampleRateTooLowError):
        score_plm(night([], fs=2.0))


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.floats(0.5, 120.0), min_size=0, max_size=40),
    candidate=st.lists(st.booleans(), min_size=41, max_size=41),
)
def test_series_obey_the_rules(gaps: list[float], candidate: list[bool]) -> None:
    onsets = np.cumsum([0.0, *gaps])
    cand = np.array(candidate[: len(onsets)])
    found = plm_series(onsets, cand, (10.0, 90.0))
    flat = [i for run in found for i in run]
    assert flat == sorted(set(flat))  # disjoint, in time order
    for run in found:
        assert len(run) >= 4
        assert run == list(range(run[0], run[-1] + 1))  # consecutive movements
        assert all(cand[i] for i in run)
        assert all(10.0 <= onsets[i] - onsets[i - 1] <= 90.0 for i in run[1:])
        first = run[0]
        assert first == 0 or onsets[first] - onsets[first - 1] >= 10.0
        nxt = run[-1] + 1  # a series stops only where the rules say it must
        assert (
            nxt == len(onsets) or not cand[nxt] or not 10.0 <= onsets[nxt] - onsets[nxt - 1] <= 90.0
        )
