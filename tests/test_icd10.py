"""ICD-10-CM codes of the causes, checked against the official code set.

The code set is the CMS/NCHS tabular list shipped by `simple-icd-10-cm` (a dev extra; the
FY2026 April update at the time of writing). Every cause's code must exist and be
billable (a leaf, with any 7th character it needs). A table pins the code decided for the
causes whose coding needed a choice, with the reason, so a careless edit fails here.
"""

from __future__ import annotations

import warnings

import pytest

from shakewise.knowledge import load_knowledge

with warnings.catch_warnings():  # the package reads its data with a deprecated API
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as cm  # type: ignore[import-untyped]

CAUSES = load_knowledge().causes

# cause id -> (code, why this is the most specific billable fit)
EXPECTED: dict[str, tuple[str, str]] = {
    "hypoglycemia": (
        "E16.2",
        "hypoglycaemia, unspecified: the tool cannot tell whether or which diabetes the"
        " person has; E16.2 Excludes1 diabetic hypoglycaemia, which a clinician codes as"
        " E10.649/E11.649/E13.649 once the diabetes type is known",
    ),
    "stroke_tia": (
        "I63.9",
        "'Stroke NOS' is an inclusion term of I63.9; a TIA alone would be G45.9",
    ),
    "stretch_reflex": (
        "Z71.1",
        "a normal reflex is no disease: 'problem was normal state' (R25.8 would code an"
        " abnormal movement)",
    ),
    "clonus_upper_motor_neuron": ("R25.8", "clonus is indexed to R25.8 (abnormal movement)"),
    "medication_side_effect": (
        "G25.70",
        "drug-induced movement disorder, unspecified: the merged cause covers tremor,"
        " akathisia, twitching and cramps, while G25.1 is tremor only",
    ),
    "caffeine_stimulants": ("G25.1", "the leg sign is a drug-induced (caffeine) tremor"),
    "muscle_cramp_spasm": (
        "R25.2",
        "the cause merges night cramps and exercise cramps; G47.62 (sleep related leg"
        " cramps) would mis-code a cramp during exercise",
    ),
    "infection_fever_rigors": ("R50.9", "fever, unspecified includes fever with chills/rigors"),
    "cold_shivering": ("R68.83", "chills without fever"),
    "serotonin_syndrome": ("G90.81", "own code since FY2025"),
    "parkinsons": ("G20.A1", "bare G20 is not billable since FY2024"),
    "multiple_sclerosis": ("G35.D", "bare G35 is not billable since FY2026"),
    "deep_vein_thrombosis": ("I82.409", "acute DVT, unspecified deep vein and leg"),
    "guillain_barre_syndrome": ("G61.0", "Guillain-Barre syndrome"),
    "cauda_equina_syndrome": ("G83.4", "cauda equina syndrome"),
    "spinal_cord_compression": ("G95.20", "cord compression, cause unspecified"),
    "meningitis": ("G03.9", "meningitis, organism unspecified (bacterial or viral)"),
    "poisoning_overdose": (
        "T50.901A",
        "unspecified drug; intent defaults to accidental when not documented",
    ),
    "tetanus": ("A35", "tetanus NOS (A33/A34 are neonatal and obstetric)"),
    "peripheral_arterial_disease": (
        "I70.219",
        "atherosclerosis of leg arteries with intermittent claudication (I73.9 Excludes1"
        " atherosclerosis of the extremities)",
    ),
    "septic_arthritis": ("M00.9", "pyogenic arthritis, unspecified (infective arthritis NOS)"),
    "heat_illness": (
        "T67.5XXA",
        "heat exhaustion is the usual form; heatstroke (T67.01XA/T67.02XA) goes through the"
        " red flag",
    ),
    "growing_pains": ("R29.898", "Alphabetic Index: growing pains, children"),
    "benign_sleep_myoclonus_infant": (
        "G47.69",
        "a sleep related movement disorder (ICSD-3), like hypnic jerks",
    ),
    "orthostatic_hypotension_presyncope": ("I95.1", "orthostatic (postural) hypotension"),
    "wilson_disease": ("E83.01", "Wilson's disease"),
}


@pytest.mark.parametrize("cause_id", sorted(CAUSES))
def test_every_cause_code_exists_and_is_billable(cause_id: str) -> None:
    code = CAUSES[cause_id].icd10
    assert cm.is_valid_item(code), f"{cause_id}: {code} is not in ICD-10-CM"
    assert cm.is_leaf(code), f"{cause_id}: {code} is a header, not a billable code"


@pytest.mark.parametrize(("cause_id", "expected"), sorted(EXPECTED.items()))
def test_decided_codes_are_kept(cause_id: str, expected: tuple[str, str]) -> None:
    code, why = expected
    assert cause_id in CAUSES, f"{cause_id} is pinned here but missing from the knowledge base"
    assert CAUSES[cause_id].icd10 == code, f"{cause_id}: expected {code} because {why}"


def test_the_code_set_is_current() -> None:
    """G35.D is new in FY2026: an older code set would wrongly flag it."""
    assert cm.is_leaf("G35.D")
    assert not cm.is_leaf("G35")
    assert not cm.is_leaf("G20")


def test_the_reasons_match_the_code_set() -> None:
    """The facts the decisions above rest on, read from the code set itself."""
    assert "Stroke NOS" in cm.get_inclusion_term("I63.9")
    assert any("normal state" in t for t in cm.get_inclusion_term("Z71.1"))
    assert any("diabetes with hypoglycemia" in t for t in cm.get_excludes1("E16.2"))
    assert cm.is_leaf("E11.649") and cm.is_leaf("G45.9") and cm.is_leaf("G47.62")
    assert any("atherosclerosis of the extremities" in t for t in cm.get_excludes1("I73.9"))
    assert "Drug induced movement disorder" in cm.get_description("G25.70")
