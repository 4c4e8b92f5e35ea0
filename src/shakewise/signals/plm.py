"""Periodic limb movements (PLM) in a night recording from a leg-worn accelerometer.

`score_plm(rec)` returns `PLMResult` (`shakewise tremor plm --json`). Pure, no I/O.

Scoring follows the WASM 2016 rules (Ferri R et al., "World Association of Sleep Medicine
(WASM) 2016 standards for recording and scoring leg movements in polysomnograms developed
by a joint task force from the IRLSSG and EURLSSG", Sleep Med 2016;26:86-95), as
implemented in SOMAS (`get_PLM_indices_WASM.m`):
- a leg movement (LM) lasts at least 0.5 s; a candidate LM (CLM) at most 10 s;
- its onset is where activity rises above the "on" level; its end is the start of the
  first stretch of at least 0.5 s that stays below the "off" level;
- the inter-movement interval (IMI) runs onset to onset, between consecutive LMs;
- a PLM series is a run of at least 4 consecutive CLMs with every IMI 10–90 s; it ends at
  an IMI under 10 s or over 90 s, or at an LM longer than 10 s (not a CLM); a series
  cannot start on a movement that followed the previous one by under 10 s.
The AASM index (IMI 5–90 s; Berry et al. 2018) is given too.

From acceleration to movements (these steps are shakewise choices; EMG µV thresholds have
no accelerometer equivalent, and every accelerometer study tunes its own, e.g. Yang et al.,
Sleep Med 2014): the resting position is a 60 s running median of each axis, so a leg
movement shows as a departure of the acceleration vector from it; activity is the size
of that departure, smoothed over 0.25 s. "On" is the resting activity plus 8 robust SDs of
it and "off" plus 2, echoing WASM's +8 µV / +2 µV, with floors of 0.1 and 0.025 m/s².

Not done: sleep staging (the index is per hour of recording, not of sleep, so it reads
low if much of the night is awake), arousal and respiratory-event association, and
bilateral movements (one sensor sees one leg). Accelerometers agree with PSG well on
PLM indices (PAM-RL r = 0.87, Sforza et al. 2005) but are not a diagnosis.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy import ndimage

from shakewise.signals.errors import RecordingTooShortError, SampleRateTooLowError
from shakewise.signals.recording import Floats, Recording
from shakewise.signals.spectrum import Bools, UniformSignal, resample

MIN_LM_S = 0.5
MAX_CLM_S = 10.0
MIN_QUIET_S = 0.5  # the end of a movement: first ≥ 0.5 s below "off"
MIN_SERIES = 4
WASM_IMI_S = (10.0, 90.0)
AASM_IMI_S = (5.0, 90.0)
ADULT_PLMD_INDEX = 15.0  # PLMS index > 15/h in adults (ICSD-3; AASM)
BASELINE_S = 60.0
SMOOTH_S = 0.25
ON_SDS, OFF_SDS = 8.0, 2.0
ON_FLOOR_M_S2, OFF_FLOOR_M_S2 = 0.1, 0.025
MAX_RATE_HZ = 20.0  # higher rates are averaged down: movements last 0.5 s or more
MIN_RATE_HZ = 4.0
MIN_DURATION_S = 10 * 60.0
MAD_TO_SD = 1.4826


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Movement(_Out):
    onset_s: float
    duration_s: float
    candidate: bool  # 0.5–10 s: a CLM
    imi_s: float | None  # from the previous movement's onset
    series: int | None  # the WASM PLM series it belongs to (1, 2, ...)


class Series(_Out):
    number: int
    start_s: float
    end_s: float
    movements: int
    median_imi_s: float


class HourCount(_Out):
    start_s: float
    movements: int
    plm: int


class PLMResult(_Out):
    """What `shakewise tremor plm --json` prints."""

    duration_h: float
    sample_rate_hz: float
    plm_index_per_hour: float  # WASM 2016
    plm_index_aasm_per_hour: float
    lm_index_per_hour: float
    above_adult_threshold: bool  # WASM index > 15/h
    series: list[Series]
    movements: list[Movement]
    timeline: list[HourCount]
    on_threshold_m_s2: float
    off_threshold_m_s2: float
    sources: list[str]
    notes: list[str]


def _running_median(x: Floats, fs: float, seconds: float) -> Floats:
    """Per-axis running median, computed on 1 s block means and interpolated back."""
    block = max(1, round(fs))
    n_blocks = len(x) // block
    if n_blocks < 3:
        return np.asarray(np.median(x, axis=0) + np.zeros_like(x), dtype=np.float64)
    means = x[: n_blocks * block].reshape(n_blocks, block, -1).mean(axis=1)
    size = max(3, round(seconds * fs / block) | 1)
    med = ndimage.median_filter(means, size=(size, 1), mode="nearest")
    centres = (np.arange(n_blocks) + 0.5) * block
    idx = np.arange(len(x))
    return np.column_stack([np.interp(idx, centres, med[:, i]) for i in range(x.shape[1])])


def _activity(acc: Floats, valid: Bools, fs: float) -> Floats:
    departure = np.linalg.norm(acc - _running_median(acc, fs, BASELINE_S), axis=1)
    departure[~valid] = 0.0
    width = max(1, round(SMOOTH_S * fs))
    return np.asarray(ndimage.uniform_filter1d(departure, width, mode="nearest"))


def _movements(activity: Floats, fs: float, on: float, off: float) -> list[tuple[int, int]]:
    """(onset, end) sample pairs: onset above `on`, end at the first ≥0.5 s below `off`."""
    quiet = np.concatenate(([False], activity <= off, [False])).astype(np.int8)
    edges = np.diff(quiet)
    q_start, q_end = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    ends = q_start[(q_end - q_start) >= round(MIN_QUIET_S * fs)]
    above = np.concatenate(([False], activity >= on)).astype(np.int8)
    onsets = np.flatnonzero(np.diff(above) == 1)
    events = []
    free_from = 0
    for onset in onsets:
        if onset < free_from:
            continue
        k = int(np.searchsorted(ends, onset, side="right"))
        end = int(ends[k]) if k < len(ends) else len(activity)
        events.append((int(onset), end))
        free_from = end
    return events


def plm_series(
    onsets_s: Floats, candidate: Bools, imi_range_s: tuple[float, float]
) -> list[list[int]]:
    """Indices of the movements in each PLM series (WASM rules; see the module docstring)."""
    low, high = imi_range_s
    imi = np.diff(onsets_s, prepend=np.nan)
    found: list[list[int]] = []
    i, n = 0, len(onsets_s)
    while i < n:
        if not candidate[i] or (i > 0 and imi[i] < low):
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < n and candidate[run[-1] + 1] and low <= imi[run[-1] + 1] <= high:
            run.append(run[-1] + 1)
        if len(run) >= MIN_SERIES:
            found.append(run)
        i = run[-1] + 1
    return found


def score_plm(rec: Recording) -> PLMResult:
    """Detect leg movements and score periodic limb movements (see the module docstring)."""
    _check(rec)
    sig = resample(rec)
    acc, valid, fs = _downsample(sig)
    activity = _activity(acc, valid, fs)
    on, off = _thresholds(activity, valid)
    events = [(a, b) for a, b in _movements(activity, fs, on, off) if (b - a) / fs >= MIN_LM_S]
    onsets = np.array([a / fs for a, _ in events], dtype=np.float64)
    durations = np.array([(b - a) / fs for a, b in events], dtype=np.float64)
    candidate = durations <= MAX_CLM_S
    wasm = plm_series(onsets, candidate, WASM_IMI_S)
    aasm = plm_series(onsets, candidate, AASM_IMI_S)
    series_of = {i: k for k, run in enumerate(wasm, start=1) for i in run}
    hours = max(float(valid.sum()) / fs / 3600, 1e-9)
    index = sum(len(r) for r in wasm) / hours
    return PLMResult(
        duration_h=round(rec.duration_s / 3600, 3),
        sample_rate_hz=round(sig.fs, 2),
        plm_index_per_hour=round(index, 2),
        plm_index_aasm_per_hour=round(sum(len(r) for r in aasm) / hours, 2),
        lm_index_per_hour=round(len(events) / hours, 2),
        above_adult_threshold=index > ADULT_PLMD_INDEX,
        series=_series(wasm, onsets, durations),
        movements=_movement_list(onsets, durations, candidate, series_of),
        timeline=_timeline(onsets, series_of, rec.duration_s),
        on_threshold_m_s2=round(on, 4),
        off_threshold_m_s2=round(off, 4),
        sources=["medlineplus-plmd", "aasm-rls-2024"],
        notes=_notes(rec, sig),
    )


def _check(rec: Recording) -> None:
    """Raise when the recording is too slow to time a movement or too short for a night."""
    fs_in = rec.sample_rate_hz
    if fs_in < MIN_RATE_HZ:
        raise SampleRateTooLowError(
            f"The recording has {fs_in:.1f} samples a second; timing movements of half a"
            f" second needs at least {MIN_RATE_HZ:g}. Record at a higher rate."
        )
    if rec.duration_s < MIN_DURATION_S:
        raise RecordingTooShortError(
            f"The recording lasts {rec.duration_s / 60:.1f} min; periodic limb movements are"
            f" scored over a night, and at least {MIN_DURATION_S / 60:.0f} min are needed."
        )


def _downsample(sig: UniformSignal) -> tuple[Floats, Bools, float]:
    """Acceleration, validity and rate averaged down to at most MAX_RATE_HZ."""
    factor = max(1, int(sig.fs // MAX_RATE_HZ))
    n = len(sig.acc) // factor
    acc = sig.acc[: n * factor].reshape(n, factor, 3).mean(axis=1)
    valid: Bools = np.asarray(sig.valid[: n * factor].reshape(n, factor).all(axis=1))
    return acc, valid, sig.fs / factor


def _thresholds(activity: Floats, valid: Bools) -> tuple[float, float]:
    """The "on" and "off" activity levels: rest plus 8 and 2 robust SDs, with floors."""
    rest = float(np.median(activity[valid]))
    spread = MAD_TO_SD * float(np.median(np.abs(activity[valid] - rest)))
    on = rest + max(ON_SDS * spread, ON_FLOOR_M_S2)
    off = rest + max(OFF_SDS * spread, OFF_FLOOR_M_S2)
    return on, off


def _movement_list(
    onsets: Floats, durations: Floats, candidate: Bools, series_of: dict[int, int]
) -> list[Movement]:
    return [
        Movement(
            onset_s=round(float(onsets[i]), 2),
            duration_s=round(float(durations[i]), 2),
            candidate=bool(candidate[i]),
            imi_s=None if i == 0 else round(float(onsets[i] - onsets[i - 1]), 2),
            series=series_of.get(i),
        )
        for i in range(len(onsets))
    ]


def _series(wasm: list[list[int]], onsets: Floats, durations: Floats) -> list[Series]:
    return [
        Series(
            number=k,
            start_s=round(float(onsets[run[0]]), 2),
            end_s=round(float(onsets[run[-1]] + durations[run[-1]]), 2),
            movements=len(run),
            median_imi_s=round(float(np.median(np.diff(onsets[run]))), 2),
        )
        for k, run in enumerate(wasm, start=1)
    ]


def _notes(rec: Recording, sig: UniformSignal) -> list[str]:
    notes = list(rec.notes)
    if sig.gaps:
        notes.append(f"{len(sig.gaps)} gap(s) in the samples were left out of the hours.")
    notes.append(
        "The index is per hour of recording, not of sleep (no sleep staging), and leg"
        " movements linked to breathing pauses or arousals are not told apart."
    )
    return notes


def _timeline(onsets: Floats, series_of: dict[int, int], duration_s: float) -> list[HourCount]:
    """Movements and PLMs in each hour of the recording."""
    n_hours = max(1, int(np.ceil(duration_s / 3600)))
    hour = (onsets // 3600).astype(int)
    in_series = np.array([i in series_of for i in range(len(onsets))], dtype=bool)
    return [
        HourCount(
            start_s=h * 3600.0,
            movements=int(np.count_nonzero(hour == h)),
            plm=int(np.count_nonzero((hour == h) & in_series)),
        )
        for h in range(n_hours)
    ]
