"""Tremor frequency bands, what each suggests, and the knowledge-base findings they yield.

Each band names the finding id it sets to "yes" (see knowledge/data/findings.yaml) and the
knowledge-base source id for its range (knowledge/data/sources.yaml). A band suggests; it
never diagnoses: the same frequency fits several causes, and the activation condition
(rest, posture, standing) matters as much (MDS consensus 2018, source mds-tremor-2018).
"""

from __future__ import annotations

from dataclasses import dataclass

# Where the peak search runs. Below 2.5 Hz the spectrum is dominated by voluntary movement,
# steps and sway; the shakewise choice follows ParaDigMa's 0.5–3 Hz "below tremor" band.
SEARCH_LOW_HZ = 2.5
SEARCH_HIGH_HZ = 20.0


@dataclass(frozen=True)
class Band:
    """A range of dominant frequency [low_hz, high_hz) and its meaning."""

    finding: str
    label: str
    low_hz: float
    high_hz: float
    suggests: str
    source: str


BANDS: tuple[Band, ...] = (
    Band(
        "tremor_below_4hz",
        "below 4 Hz",
        SEARCH_LOW_HZ,
        4.0,
        "Slow shaking: cerebellar or Holmes tremor, clonus, or a rhythmic movement made on"
        " purpose; physiological tremor is faster.",
        "elble-physiologic-tremor",
    ),
    Band(
        "tremor_4_6hz",
        "4-6 Hz",
        4.0,
        6.0,
        "The range of a resting tremor (Parkinson's disease), slow essential tremor and"
        " clonus (3-8 Hz).",
        "aafp-tremor",
    ),
    Band(
        "tremor_6_12hz",
        "6-12 Hz",
        6.0,
        12.0,
        "The range of essential tremor and of physiological tremor made stronger by"
        " tiredness, caffeine, anxiety, low blood sugar, an overactive thyroid or medicines;"
        " shivering is 8-10 Hz.",
        "aafp-tremor",
    ),
    Band(
        # Classically 13-18 Hz; smartphone studies count any peak of 12-19 Hz on standing
        # (Bhatti et al., Mov Disord Clin Pract 2017), so 12-20 Hz is classified here.
        "tremor_13_18hz",
        "13-18 Hz",
        12.0,
        SEARCH_HIGH_HZ + 1e-9,
        "The range of primary orthostatic tremor: fast shaking of the legs when standing"
        " that stops on sitting or walking.",
        "orthostatic-tremor-review",
    ),
)

REGULAR_FINDING = "tremor_regular"
REGULAR_SOURCE = "mds-tremor-2018"
VARIABLE_FINDING = "tremor_variable_frequency"
# Organic tremor frequency usually varies by no more than 0.5-1 Hz; functional tremor by
# more (Schwingenschuh et al. 2011 laboratory criteria; Neurol Res Pract 2020 review).
VARIABLE_SOURCE = "functional-tremor-review"
VARIABLE_SD_HZ = 1.0
REGULAR_SD_HZ = 0.5
REGULAR_MIN_CONCENTRATION = 0.5
NO_TREMOR_FINDING = "no_tremor_measured"
OT_NOMINAL_HIGH_HZ = 18.0  # a "no" for 13-18 Hz needs the search to reach 18 Hz

FINDING_IDS: tuple[str, ...] = (
    *(b.finding for b in BANDS),
    REGULAR_FINDING,
    VARIABLE_FINDING,
    NO_TREMOR_FINDING,
)


def band_of(frequency_hz: float) -> Band | None:
    """The band holding a dominant frequency, or None outside 2.5–20 Hz."""
    for band in BANDS:
        if band.low_hz <= frequency_hz < band.high_hz:
            return band
    return None


def findings_for(
    frequency_hz: float | None,
    frequency_sd_hz: float | None,
    concentration: float | None,
    checked_up_to_hz: float,
) -> dict[str, str]:
    """Finding id -> "yes"/"no" for a measured tremor (frequency None when there was none).

    Bands the sample rate could not reach are left out (unknown). Regularity is judged
    only when a spread and a concentration are given (the caller gives them for a
    recording of the shaking itself, not for a day of mixed activity).
    """
    findings: dict[str, str] = {}
    band = None if frequency_hz is None else band_of(frequency_hz)
    for b in BANDS:
        if min(b.high_hz, OT_NOMINAL_HIGH_HZ) <= checked_up_to_hz + 1e-9:
            findings[b.finding] = "yes" if b is band else "no"
    findings[NO_TREMOR_FINDING] = "no" if band is not None else "yes"
    if band is not None and concentration is not None and frequency_sd_hz is not None:
        steady = frequency_sd_hz <= REGULAR_SD_HZ
        sharp = concentration >= REGULAR_MIN_CONCENTRATION
        findings[REGULAR_FINDING] = "yes" if steady and sharp else "no"
        findings[VARIABLE_FINDING] = "yes" if frequency_sd_hz > VARIABLE_SD_HZ else "no"
    return findings
