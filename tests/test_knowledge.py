"""The knowledge base: schema and cross-checks on malformed files, and the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import TINY_KB_DIR

from shakewise.errors import KnowledgeError
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.loader import condition_findings, load_knowledge_dir
from shakewise.knowledge.schema import SourceKind, TriageLevel

DESIGN_CAUSES = [
    "exercise_fatigue",
    "post_exercise_twitch",
    "hypoglycemia",
    "dehydration_electrolytes",
    "caffeine_stimulants",
    "anxiety_adrenaline",
    "cold_shivering",
    "restless_legs",
    "periodic_limb_movements",
    "hypnic_jerks",
    "medication_side_effect",
    "benign_fasciculation",
    "muscle_cramp_spasm",
    "stretch_reflex",
    "peripheral_neuropathy",
    "rhabdomyolysis",
    "als_motor_neuron",
    "essential_tremor",
    "parkinsons",
    "orthostatic_tremor",
    "hyperthyroidism",
    "alcohol_withdrawal",
    "drug_withdrawal",
    "serotonin_syndrome",
    "seizure",
    "stroke_tia",
    "multiple_sclerosis",
    "radiculopathy_sciatica",
    "clonus_upper_motor_neuron",
    "functional_tremor",
    "nutrient_deficiency",
    "pregnancy_related",
    "infection_fever_rigors",
]


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(TINY_KB_DIR, target)
    f = target / "tiny.yaml"
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new, 1))
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("p: 0.9, source: src}", "p: 1.5, source: src}", "less than 1"),
        ("twitch: {p: 0.9", "twitching: {p: 0.9", "unknown finding 'twitching'"),
        ("when: chest_pain", "when: chest_pains", "unknown finding 'chest_pains'"),
        ("summary: Rare.", "summary: Rare.\n    colour: blue", "Extra inputs"),
        ("triage: doctor", "triage: soon", "triage"),
        ("sources: [src]\n  - id: cramps", "sources: [nowhere]\n  - id: cramps", "unknown source"),
        ("id: cramps", "id: benign", "duplicate cause id 'benign'"),
        ("icd10: R25.2", "icd10: cramp", "icd10"),
        ("base_rate: 0.2, synonyms: [twitch", "base_rate: 0, synonyms: [twitch", "greater than 0"),
        # a regular expression that does not compile is refused at load, alone or as a part
        ("synonyms: [twitch", "synonyms: ['re:twitch(', twitch", "not a valid regular"),
        ("synonyms: [twitch", "synonyms: ['calf & re:[a-', twitch", "not a valid regular"),
        ("meta:", "meta: [", "not valid YAML"),
        ("{id: twitch, label: Twitching, ", "{id: twitch, ", "findings.0.label: Field required"),
        ("label: Twitching,", "label: Twitching.,", "without a full stop"),
        ("label: Twitching,", "label: twitching,", "starts with a capital letter"),
        ("label: Twitching,", "label: " + "Twitching " * 6 + "now,", "at most 60 characters"),
        ("summary: Rare.", "summary: Rare.\n    summary: Twice.", "appears twice"),
        (
            "triage: doctor",
            "triage: doctor\n    triage_once_denied:"
            " {level: urgent, findings: [twitch], sources: [src]}",
            "must be below its level doctor",
        ),
        (
            "triage: doctor",
            "triage: doctor\n    triage_once_denied:"
            " {level: self_care, findings: [twitchy], sources: [src]}",
            "unknown finding 'twitchy'",
        ),
    ],
)
def test_malformed_knowledge_is_refused_with_a_clear_message(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge_dir(broken_copy(tmp_path, old, new))


def test_missing_seek_help_is_refused(tmp_path: Path) -> None:
    kb_dir = broken_copy(
        tmp_path, "seek_help: [{level: doctor, text: See a doctor., sources: [src]}]", ""
    )
    with pytest.raises(KnowledgeError, match="seek_help"):
        load_knowledge_dir(kb_dir)


def test_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no knowledge files"):
        load_knowledge_dir(tmp_path)


def test_all_design_causes_exist(kb: KnowledgeBase) -> None:
    assert set(DESIGN_CAUSES) <= set(kb.causes)


def test_content_sizes(kb: KnowledgeBase) -> None:
    assert len(kb.findings) >= 90
    assert len(kb.red_flags) >= 25
    assert sum(rf.level == TriageLevel.EMERGENCY for rf in kb.red_flags.values()) >= 10


def test_every_cause_is_complete_and_cited(kb: KnowledgeBase) -> None:
    for cause in kb.causes.values():
        assert len(cause.likelihoods) >= 8, cause.id
        assert len(cause.summary.split()) >= 25, cause.id
        assert cause.seek_help, cause.id
        if cause.triage != TriageLevel.EMERGENCY:
            assert cause.self_care, cause.id
        assert any(kb.sources[s].kind != SourceKind.ESTIMATE for s in cause.sources), cause.id


def test_every_finding_has_a_short_plain_label(kb: KnowledgeBase) -> None:
    labels = {f.id: f.label for f in kb.findings.values()}
    for fid, label in labels.items():
        assert len(label) <= 60, fid
        assert "_" not in label, fid
        # sentence case: after the first word only acronyms (ADHD, MS) may start upper case
        assert not any(w[:1].isupper() and w[1:].islower() for w in label.split()[1:]), fid
    assert len(set(labels.values())) == len(labels), "two findings share a label"
    assert labels["twitch_flicker"] == "Small muscle twitches under the skin"
    assert labels["weakness_leg"] == "Weakness in a leg"


def test_every_askable_finding_has_words_for_text(kb: KnowledgeBase) -> None:
    for finding in kb.findings.values():
        if finding.askable and finding.kind != "risk_factor":
            assert finding.synonyms or finding.concepts or finding.child_concepts, finding.id


def test_red_flag_ids_and_findings_are_consistent(kb: KnowledgeBase) -> None:
    for rf in kb.red_flags.values():
        assert set(condition_findings(rf.when)) <= set(kb.findings)


def test_emergency_screens_cover_every_emergency_red_flag(kb: KnowledgeBase) -> None:
    """Each emergency rule can fire from the emergency screens plus the usual questions."""
    screened = {f for g in kb.groups.values() if g.screen != "none" for f in g.findings}
    asked = screened | {f for g in kb.groups.values() for f in g.findings}
    for rf in kb.red_flags.values():
        if rf.level == TriageLevel.EMERGENCY:
            assert set(condition_findings(rf.when)) & screened, rf.id
            assert set(condition_findings(rf.when)) <= asked | {
                f.id for f in kb.findings.values() if f.askable
            }, rf.id
