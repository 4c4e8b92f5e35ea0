"""Free text → evidence: synonyms, negation, doubt, other people, numbers, spans."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import NARRATIVES, NEGATIVE_CONTROLS

from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase
from shakewise.language import parse_text
from shakewise.language.ages import read_age
from shakewise.language.leading_words import leading_stems
from shakewise.language.lexicon import lexicon_for
from shakewise.language.matching import clauses_of
from shakewise.language.numbers import read_numbers
from shakewise.language.phrases import TOKEN, Words, normalise, phrase_pattern
from shakewise.language.stem_index import WHOLE_SET_AFTER, cut_to, found_in, index_of, occurring
from shakewise.language.vitals import read_vitals


def states(text: str, kb: KnowledgeBase) -> dict[str, str]:
    return {ev.finding: ev.state for ev in parse_text(text, kb)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my calf twitches", {"twitch": "yes"}),
        ("Twitching after the gym", {"twitch": "yes", "exercise": "yes"}),
        ("no weakness at all", {"weakness": "no"}),
        ("I've never had chest pain", {"chest_pain": "no"}),
        ("I don't have any weakness or dark urine", {"weakness": "no", "dark_urine": "no"}),
        ("no chest pain but my leg feels weak leg", {"chest_pain": "no", "weakness": "yes"}),
        ("chest pain: no", {"chest_pain": "no"}),
        ("not sure if my urine is dark urine", {"dark_urine": "yes"}),  # doubt escalates
        ("maybe a twitch", {"twitch": "unknown"}),
        ("not only twitching but cramps", {"twitch": "yes", "cramp": "yes"}),
        ("oh no, not another cramp", {"cramp": "yes"}),  # it came again
        ("I don't understand why my calf twitches", {"twitch": "yes"}),  # puzzled, not absent
        ("I don't understand it, there is no weakness", {"weakness": "no"}),
        ("I did not have another cramp", {"cramp": "no"}),
        ("I got a charley horse", {"cramp": "yes"}),
    ],
)
def test_phrases_and_negation(tiny_kb: KnowledgeBase, text: str, expected: dict[str, str]) -> None:
    found = states(text, tiny_kb)
    for finding, state in expected.items():
        assert found.get(finding) == state, (text, found)


def test_mentions_of_other_people_are_not_the_persons(tiny_kb: KnowledgeBase) -> None:
    found = states("my dad has weakness in his legs. my calf twitches", tiny_kb)
    assert "weakness" not in found
    assert found["twitch"] == "yes"


def test_spans_point_into_the_original_text(tiny_kb: KnowledgeBase) -> None:
    text = "Can't stop — my CALF’s twitching after the gym"
    for ev in parse_text(text, tiny_kb):
        assert text[ev.span[0] : ev.span[1]] == ev.phrase
    assert any(ev.phrase == "twitching" for ev in parse_text(text, tiny_kb))


def test_yes_wins_over_a_negated_mention(tiny_kb: KnowledgeBase) -> None:
    assert states("no weakness at first. now there is weakness", tiny_kb)["weakness"] == "yes"


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_is_refused(tiny_kb: KnowledgeBase, text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_text(text, tiny_kb)


def test_huge_text_is_refused(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="limit"):
        parse_text("twitch " * 2000, tiny_kb)


def numbers(text: str) -> dict[str, str]:
    return {r.finding: r.state for r in [*read_numbers(text), *read_age(text), *read_vitals(text)]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i drink four coffees a day", {"high_caffeine": "yes"}),
        ("5 cups of coffee and 2 red bulls", {"high_caffeine": "yes"}),
        ("like 3 monster energy drinks", {"high_caffeine": "yes"}),
        ("one coffee in the morning", {"high_caffeine": "no"}),
        ("took 400mg caffeine", {"high_caffeine": "yes"}),
        ("for three weeks now", {"lasted_over_2_weeks": "yes"}),
        ("started 4 days ago", {"lasted_over_2_weeks": "no"}),
        ("for the past 3 years", {"lasted_over_2_weeks": "yes", "present_for_years": "yes"}),
        ("since tuesday", {"lasted_over_2_weeks": "no"}),
        ("since last summer", {"lasted_over_2_weeks": "yes"}),
        ("im 67 and retired", {"age_over_60": "yes", "age_under_40": "no"}),
        ("34f here", {"age_under_40": "yes", "age_over_60": "no"}),
        ("in my seventies", {"age_over_60": "yes"}),
        ("my grandad (84) was out in the shed", {"age_over_60": "yes"}),
        ("mum is 72 and shakes", {"age_over_60": "yes"}),
        # a child's age, said of a child; an adult's in more of the ways people write it
        ("my 8 year old has a fever", {"age_under_40": "yes", "age_over_60": "no"}),
        ("son is 8, spiked a fever", {"age_under_40": "yes"}),
        ("4yo boy, his knee is hot", {"age_under_40": "yes"}),
        ("im only 20", {"age_under_40": "yes"}),
        ("30, male. legs weak", {"age_under_40": "yes"}),
        ("my flatmates 20 and fitting", {"age_under_40": "yes"}),
        ("my sons about to turn 21", {"age_under_40": "yes"}),
        ("temperature of 39.2", {"fever": "yes", "high_fever": "yes"}),
        ("my calf cramped 25 mins ago and still hurts", {"cramp_over_10_min": "yes"}),
        ("for at least 15 years", {"present_for_years": "yes"}),
        ("fever 101f", {"fever": "yes"}),
        ("my sugar is 2.1 and im shaking", {"shaky_sweaty_hungry": "yes"}),
        ("bm was 3.2", {"shaky_sweaty_hungry": "yes"}),
        ("blood glucose of 55 mg dl", {"shaky_sweaty_hungry": "yes"}),
        ("temps of 39.5 all night", {"fever": "yes", "high_fever": "yes"}),
        ("my 3 month old", {"young_infant": "yes"}),
        ("hes 38.8 and shivering", {"fever": "yes"}),  # a decimal is a temperature, no age
        ("over a 103 degree fever", {"fever": "yes", "high_fever": "yes"}),
        ("we recorded 39.8c", {"fever": "yes", "high_fever": "yes"}),
    ],
)
def test_numbers(text: str, expected: dict[str, str]) -> None:
    for finding, state in expected.items():
        assert numbers(text)[finding] == state


@pytest.mark.parametrize(
    "text",
    ["i had flu two weeks ago and now my legs are weak",
     "had the flu about 3 weeks ago, now my legs tingle",
     "i had my baby 3 weeks ago and my legs cramp"],
)  # fmt: skip
def test_the_time_of_an_illness_had_before_is_not_the_symptoms_duration(text: str) -> None:
    assert "lasted_over_2_weeks" not in numbers(text)
    assert numbers("my legs started twitching 3 weeks ago")["lasted_over_2_weeks"] == "yes"


@pytest.mark.parametrize(
    "text",
    ["three shots of espresso plus a huge cup of extra strong coffee",
     "ive drunk loads of coffee for years, its always a coffee with friends"],
)  # fmt: skip
def test_a_count_that_leaves_a_drink_uncounted_cannot_say_not_a_lot(text: str) -> None:
    """A lower bound on the caffeine is no denial (development sets 8 and 10)."""
    assert numbers(text).get("high_caffeine") != "no"
    assert numbers("three shots of espresso, nothing else")["high_caffeine"] == "no"


@pytest.mark.parametrize(
    ("text", "fever"),
    [("I had covid in March and now my legs twitch", "unknown"),
     ("I had flu two weeks ago and now my legs are weak", "unknown"),
     ("I had flu two weeks ago and now I have a fever again", "yes"),
     ("flatmates had covid last week and I have cold sweats", "yes"),
     ("she had a fever yesterday and her neck is stiff", "yes")],
)  # fmt: skip
def test_an_illness_had_weeks_ago_is_not_a_fever_now(
    kb: KnowledgeBase, text: str, fever: str
) -> None:
    assert {e.finding: e.state for e in parse_text(text, kb)}["fever"] == fever


@pytest.mark.parametrize(
    "text",
    ["im 38.5 weeks pregnant", "it was 39 degrees outside", "hes 38.5 kg", "she is 39.5 cm",
     "my 5 year old car broke down", "my son is 6 foot tall", "my son is 5 minutes away",
     "I went down the stairs like an 80-year-old", "I walk like a 90 year old after leg day"],
)  # fmt: skip
def test_no_body_temperature_or_age_in_other_numbers(text: str) -> None:
    assert not numbers(text).keys() & {"fever", "high_fever", "age_under_40", "age_over_60"}


def test_readings_need_their_whole_word() -> None:
    """ "temporarily" is not "temp", "bpm" is not "bp"."""
    assert "fever" not in numbers("i was temporarily off work for 39 days")
    assert "very_high_blood_pressure" not in numbers("heart rate 120 bpm 80")


def test_a_normal_sugar_reading_or_sugar_in_tea_is_not_low() -> None:
    for text in ("my sugar was 6.5 this morning", "i had 2 sugars in my tea", "sugar 110 mg"):
        assert "shaky_sweaty_hungry" not in numbers(text)


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("i took a whole packet of paracetamol", ["i took a whole packet of paracetamol"]),
        ("i thought it was cramp but my leg went", ["i thought it was cramp", "my leg went"]),
        ("the button came off cos it was old", ["the button came off", "it was old"]),
        # a list of body parts with one verb is one clause (development set 19)
        (
            "her face, her left hand and her left leg went numb",
            ["her face, her left hand and her left leg went numb"],
        ),
        ("my calf hurts and my foot is numb", ["my calf hurts", "my foot is numb"]),
        # "cause" is "because", not a cause named ("no obvious cause", "the cause")
        ("it twitches cause i am tired", ["it twitches", "i am tired"]),
        ("it twitches for no obvious cause now", ["it twitches for no obvious cause now"]),
        ("nobody found the cause of it", ["nobody found the cause of it"]),
        # only a body part's own word keeps "and" in the list: "surface" is not "face"
        ("the surface and i were wet", ["the surface", "i were wet"]),
    ],
)
def test_clauses_break_on_whole_words_only(text: str, clauses: list[str]) -> None:
    """ "who" is not the start of "whole", nor "though" of "thought", nor "but" of "button"."""
    assert [text[c.start : c.end].strip() for c in clauses_of(text)] == clauses


def test_pregnancy_weeks_are_not_a_duration_or_an_age() -> None:
    assert "lasted_over_2_weeks" not in numbers("i am 30 weeks pregnant")
    assert not {"age_over_60", "age_under_40"} & set(numbers("she is 38 weeks pregnant"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "no weakness, chest pain or dark urine",
            {"weakness": "no", "chest_pain": "no", "dark_urine": "no"},
        ),
        # without "or" / "and" the list may be a new statement: a warning sign is kept, to ask
        ("no weakness, chest pain", {"chest_pain": "yes"}),
        ("i have not been to the gym, my calf twitches", {"twitch": "yes"}),
        ("didnt sleep because my calf twitches all night", {"twitch": "yes"}),
        # "and" with its own verb says a second thing: the "not" stays behind
        ("he is not eating and has been to the gym", {"exercise": "yes"}),
        ("not eating and no gym", {"exercise": "no"}),
    ],
)
def test_negation_scope(tiny_kb: KnowledgeBase, text: str, expected: dict[str, str]) -> None:
    found = states(text, tiny_kb)
    for finding, state in expected.items():
        assert found.get(finding) == state, (text, found)


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("calf ... twitch", "my calf keeps on twitching", True),
        ("calf ... twitch", "my calf twitches", True),
        ("calf ... twitch", "my calf is fine and i went out and had a twitch", False),
        ("charley horse", "charley horses at night", True),
        ("calf ... twitch", "calf keeps twitchin", True),
    ],
)
def test_synonym_gaps_allow_a_few_words(phrase: str, text: str, matches: bool) -> None:
    assert bool(re.search(phrase_pattern(phrase), text)) is matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # someone describing another person: that person's signs are the evidence
        (
            "My mum is 72 and her left leg shakes when she sits, she is slower too.",
            {"rhythmic_shaking": "yes", "age_over_60": "yes", "slowness_stiffness": "yes"},
        ),
        # the person's own account: a relative's condition is family history only
        (
            "My mum has a tremor. My legs twitch after the gym.",
            {"family_history_tremor": "yes", "twitch_flicker": "yes"},
        ),
        # a pair of phrases may sit in neighbouring sentences
        (
            "I thought it was a cramp in my calf. Now it is swollen and hot.",
            {"calf_swelling_one_leg": "yes"},
        ),
        # a negated sign stays negated even with a joke of doubt after it
        ("Head is fine, not confused (wife might disagree).", {"confusion_drowsiness": "no"}),
        ("maybe a bit confused", {"confusion_drowsiness": "yes"}),
    ],
)
def test_real_narratives(kb: KnowledgeBase, text: str, expected: dict[str, str]) -> None:
    found = states(text, kb)
    for finding, state in expected.items():
        assert found.get(finding) == state, (finding, found)
    if "family_history_tremor" in expected:
        assert found.get("rhythmic_shaking") != "yes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not numb, pee is normal colour", {"dark_urine": "no", "numbness_tingling": "no"}),
        ("nothing crazy, walking fine, pee is normal", {"weakness_leg": "no", "dark_urine": "no"}),
        ("no pain, no numbness", {"numbness_tingling": "no"}),
        ("pee is normal but now my pee is dark brown", {"dark_urine": "yes"}),
        ("my leg jerks as I fall asleep. I dream I'm tripping", {"sleep_onset_jerk": "yes"}),
    ],
)
def test_denials_say_no(kb: KnowledgeBase, text: str, expected: dict[str, str]) -> None:
    found = states(text, kb)
    for finding, state in expected.items():
        assert found.get(finding) == state, (finding, found)
    if "dream" in text:
        assert found.get("weakness_leg") != "yes"


@given(st.text(max_size=200))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_parses_without_crashing(kb: KnowledgeBase, text: str) -> None:
    """Found by API fuzzing: clause and sentence breaks that disagree must not crash; a
    text that cannot be stored is refused with a clear error, nothing else."""
    if not text.strip():
        return
    try:
        evidence = parse_text(text, kb)
    except InputError as exc:
        assert "control or broken character" in str(exc)
        return
    for ev in evidence:
        assert 0 <= ev.span[0] <= ev.span[1] <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my calf cramps at night, no swelling at all", {"calf_swelling_one_leg": None}),
        ("the calf is swollen and hot", {"calf_swelling_one_leg": "yes"}),
        ("she was shaking, then the shivering stopped once warm", {"cold_stopped_shivering": None}),
    ],
)
def test_pairs_respect_negation_and_context(
    kb: KnowledgeBase, text: str, expected: dict[str, str | None]
) -> None:
    found = states(text, kb)
    for finding, state in expected.items():
        assert found.get(finding, None) in ((state,) if state else (None, "no")), found


def test_the_stem_index_finds_exactly_the_phrase_sets_a_full_search_finds(
    kb: KnowledgeBase,
) -> None:
    """The index only skips work: on real and innocent texts, and on every phrase itself,
    it finds the same phrase sets as searching each set's whole pattern over the text;
    every match in a clause begins where it says a phrase of the set may begin, and those
    places are exactly the word starts where the whole set matches; trying only those
    finds what a search of the clause finds; and the part of a set it keeps for the text
    finds exactly what the whole set finds there."""
    lex = lexicon_for(kb)
    every = {words for groups in lex.index.groups.values() for words, _ in groups.groups}
    texts = [
        json.loads(line)["text"]
        for path in (NARRATIVES, NEGATIVE_CONTROLS)
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    texts += [p for words in list(every)[:200] for p in words.phrases if "..." not in p]
    cut = 0
    for text in texts:
        norm = normalise(text)[0]
        found = occurring(norm, lex.index)
        assert set(found) == {w for w in every if w.pattern.search(norm)}, text
        word_starts = [t.start() for t in TOKEN.finditer(norm)]
        for words, (_, starts) in found.items():
            matched = [at for at in word_starts if words.pattern.match(norm, at)]
            assert starts is None or list(starts) == matched, (text, words.phrases[:3])
        stems = {s for word in TOKEN.findall(norm) for s in lex.index.stems_of(word)}
        for clause in clauses_of(norm):
            for words, (_, starts) in found.items():
                part = cut_to(words, stems)
                whole = [m.span() for m in words.pattern.finditer(norm, clause.start, clause.end)]
                assert starts is None or {s for s, _ in whole} <= set(starts), (text, words)
                assert list(found_in(norm, words, starts, clause.start, clause.end)) == whole, (
                    text,
                    words,
                )
                assert [
                    m.span() for m in part.pattern.finditer(norm, clause.start, clause.end)
                ] == whole, (text, words.phrases[:3])
                cut += len(part.phrases) < len(words.phrases)
    assert cut > len(texts)  # the parts are cut: the comparison is not of a set with itself


def test_a_set_is_cut_to_its_part_only_the_first_time_it_is_met() -> None:
    """A one-off command compiles only the part of a big set a text can match; a process
    that keeps reading compiles the whole set once and then always uses it."""
    phrases = ("legs shaking", "legs trembling", "arms shaking", "calf twitching")
    words = Words.of(phrases)
    norm = normalise("my legs shaking")[0]
    index = index_of([words])
    parts = [occurring(norm, index)[words][0] for _ in range(WHOLE_SET_AFTER + 2)]
    assert [p.phrases for p in parts[:WHOLE_SET_AFTER]] == [
        ("legs trembling", "legs shaking")
    ] * WHOLE_SET_AFTER
    assert all(p is words for p in parts[WHOLE_SET_AFTER:])


@pytest.mark.parametrize(
    ("expression", "stems"),
    [
        (r"\bchest\b(?! infection)", {"chest "}),
        (r"\b(?:fell|fallen|falls?|collapsed)\b", {"fell ", "fallen ", "fall", "collapsed "}),
        (r"(?<!\ba )(?<!\bwith a )\blimp\b", {"limp "}),
        (r"\bmuddled?\b", {"muddle"}),
        (r"\b(?:cant|(?:can|could) (?:barely|hardly)) stand", {"cant ", "can ", "could "}),
        (r"\b(?:a|\d+)\s+fits?\b", {"a ", *"0123456789"}),
        (r"(?<!\bgp )\b(?:doubling|(?<!\bwas )doubled)\b", {"doubling ", "doubled "}),
        (r"\b(?:surgery|111)\s+not answering", {"surgery ", "111 "}),
        # a word that may go on ("twitches") is a stem; one that must end is the whole word
        (r"\btwitch(?:es|ing)?\b", {"twitch"}),
        (r"\b(?:i|we) (?:was|were) holding", {"i ", "we "}),
        # no word start, a top-level "|", an optional or empty first part: searched in full
        (r"(?:tent|market)s? collaps", None),
        (r"\bwakes? me|\bwoke us", None),
        (r"\b(?:very\s+)?drowsy", None),
        (r"\b(?:a|)fit", None),
        (r"\b\w+ fit", None),
    ],
)
def test_a_regular_expression_is_tried_only_where_its_first_word_begins(
    expression: str, stems: set[str] | None
) -> None:
    """An expression that starts with plain words joins the stem index; any other shape
    is searched in full rather than guessed."""
    found = leading_stems(expression)
    assert found == (None if stems is None else frozenset(stems))


def test_the_lexicon_is_gathered_once_per_knowledge_base(kb: KnowledgeBase) -> None:
    """Gathering the words takes about a tenth of a second: done for every description it
    would be the whole cost of reading one."""
    assert lexicon_for(kb) is lexicon_for(kb)


@pytest.mark.parametrize(
    ("word", "meant"),
    [("colllapsed", "collapsed"), ("droooping", "drooping"), ("seizuuure", "seizure"),
     ("pleeease", "please"), ("sooo", None), ("heeeelp", None)],
)  # fmt: skip
def test_a_stretched_word_is_read_as_the_word_it_stretches(word: str, meant: str | None) -> None:
    from shakewise.language.spelling import speller_for

    speller = speller_for(["collapsed", "drooping", "seizure", "please"])
    assert speller.correct(word) == meant


def test_the_speller_remembers_its_answers_up_to_a_bound(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shakewise.language import spelling

    fresh = spelling.speller_for(["twitchy", "weird", "statin"])
    words = ["twichy", "wierd", "statin", "station", "zzzz", "legs"]
    first = [fresh.correct(w) for w in words]
    assert first[:3] == ["twitchy", "weird", None]
    assert [fresh.correct(w) for w in words] == first  # from memory, the same
    monkeypatch.setattr(spelling, "REMEMBERED_WORDS", 2)
    bounded = spelling.speller_for(["twitchy", "weird", "statin"])
    assert [bounded.correct(w) for w in words] == first
    assert len(bounded._answers) == 2


@pytest.mark.parametrize(
    ("before", "word", "after", "meant"),
    [("have", "chet", "pain", "chest"), ("i", "pased", "out", "passed"),
     ("my", "chet", "hurts", "chest"), ("my", "chet", "", "chest"), ("a", "chef", "pain", None)],
)  # fmt: skip
def test_of_words_equally_close_the_one_in_a_phrase_is_meant(
    before: str, word: str, after: str, meant: str | None
) -> None:
    from shakewise.language.spelling import speller_for

    speller = speller_for(["chest pain", "passed out", "chef", "chew", "based on", "eased"])
    assert speller.correct(word, before, after) == meant


def test_of_words_equally_close_a_word_a_few_words_away_can_tell() -> None:
    from shakewise.language.spelling import speller_for

    speller = speller_for(["face drooping", "dropping things"])
    assert speller.correct("droping", "is", "", nearby=["her", "face", "is"]) == "drooping"
    assert speller.correct("droping", "keep", "", nearby=["i", "keep"]) is None


@pytest.mark.parametrize(
    ("word", "meant"),
    [("collapsd", "collapsed"), ("passd", "passed"), ("weakr", "weaker"), ("seizue", None)],
)  # fmt: skip
def test_of_words_equally_close_the_one_ending_as_typed_is_meant(
    word: str, meant: str | None
) -> None:
    from shakewise.language.spelling import speller_for

    speller = speller_for(["collapsed", "collapse", "passed", "pass", "weaker", "weak", "seize",
                           "seizure"])  # fmt: skip
    assert speller.correct(word) == meant


def test_short_units_are_not_misspellings() -> None:
    from shakewise.language.spelling import speller_for

    speller = speller_for(["pins and needles", "hours"])
    assert [speller.correct(w) for w in ("mins", "hrs", "pnis")] == [None, None, "pins"]


def test_context_rules_refuse_a_key_written_twice(tmp_path: Path) -> None:
    """The context rules are read as strictly as the knowledge base: a second `max_scope`
    would otherwise replace the first without a word."""
    from shakewise.errors import KnowledgeError
    from shakewise.language.context import load_rules

    rules = tmp_path / "context.yaml"
    rules.write_text("max_scope: 7\nmax_scope: 3\nrules: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="max_scope' appears twice"):
        load_rules(rules)
