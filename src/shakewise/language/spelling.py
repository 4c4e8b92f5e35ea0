"""Spelling: read "twichy" as "twitchy" and "wierd" as "weird", never "statin" as "station".

A word is corrected only when it is neither an English word (the 82,765-word frequency
dictionary that ships with symspellpy, built from Google Books Ngram and SCOWL) nor one of
the knowledge base's own words, and only toward one of the knowledge base's own words at
one edit (two for long words; a swap of two letters is one edit), when that closest word
is the only one so close, or the only one of the closest that makes one of the knowledge
base's phrases with a neighbouring word ("chet pain" is chest pain), or failing that with
a word a few words away ("her face is droping": drooping, not dropping), or failing that
the only one ending in the typed word's last letter. Correcting
toward the vocabulary the reader knows, rather than toward all of English, keeps the
corrector from inventing words the reader would then ignore anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

MIN_LENGTH = 4  # shorter words are too easily something else ("leg" / "log")
# Words that are not misspellings though no dictionary lists them: contractions written
# without their apostrophe ("theres" is not "there", "itll" not "till"), everyday slang,
# family names and short units ("nite" is not "bite", "my nans" not "cans", "10 mins"
# not "10 pins").
_NOT_MISSPELT_WORDS = (
    "thats theres heres whats whos wheres hows youre youve youd youll theyre theyve "
    "theyd theyll itll itd hed shed hes shes weve wed wont wouldnt couldnt shouldnt "
    "wouldve couldve shouldve mustve mightve arent werent hasnt havent hadnt doesnt dont "
    "didnt isnt wasnt cant aint lets nite tonite thru tho coz cuz gonna wanna gotta "
    "kinda sorta nan nans nanna nannas gran grans hubby hubbys mins secs hrs yrs"
)
NOT_MISSPELT = frozenset(_NOT_MISSPELT_WORDS.split())
INFLECTIONS = (
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ies", "y"),
)
ELONGATED = re.compile(r"([a-z])\1\1")  # "sooo", "pleeease": stretched, not misspelt
ELONGATED_RUN = re.compile(r"([a-z])\1{2,}")
LONG_WORD = 8  # from this length two edits are allowed
NEARBY = 4  # words either side that can tell which of two equally close words is meant
WORD = re.compile(r"[a-z]+")


@cache
def english_words() -> frozenset[str]:
    # the package is found, not imported: only its word list is read ("word count" lines)
    spec = find_spec("symspellpy")
    assert spec is not None and spec.origin is not None, "symspellpy is a dependency"
    path = Path(spec.origin).parent / "frequency_dictionary_en_82_765.txt"
    return frozenset(path.read_text(encoding="utf-8").split()[::2])


REMEMBERED_WORDS = 50_000  # answers remembered: most words come again in the next text


@dataclass(frozen=True, eq=False)
class Speller:
    vocabulary: tuple[str, ...]  # the knowledge base's own words
    known: frozenset[str]  # English words and the vocabulary: never corrected
    pairs: frozenset[tuple[str, str]] = frozenset()  # words side by side in its phrases
    mates: frozenset[tuple[str, str]] = frozenset()  # vocabulary words in one phrase
    _answers: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def correct(
        self, word: str, before: str = "", after: str = "", nearby: Iterable[str] = ()
    ) -> str | None:
        """The vocabulary word meant, or None when the word stands as written. Of words
        equally close, the one that makes a phrase with a neighbour is meant ("chet pain":
        chest, not chef; "pased out": passed), else the one that shares a phrase with a
        word nearby, else the one ending in the typed word's last letter ("collapsd":
        collapsed, not collapse); if none or several do, nothing is guessed."""
        return self.choose(word, self.closest(word), before, after, tuple(nearby))

    def choose(
        self, word: str, close: tuple[str, ...], before: str, after: str, nearby: tuple[str, ...]
    ) -> str | None:
        """The one word meant among the closest, judged by its neighbours when several."""
        if len(close) == 1:
            return close[0]
        fitting = [c for c in close if (before, c) in self.pairs or (c, after) in self.pairs]
        if not fitting:
            fitting = [c for c in close if any((c, w) in self.mates for w in nearby)]
        if len(fitting) != 1:  # typing slips spare a word's last letter ("collapsd")
            fitting = [c for c in fitting or close if c[-1] == word[-1]]
        return fitting[0] if len(fitting) == 1 else None

    def closest(self, word: str) -> tuple[str, ...]:
        """The vocabulary words closest to a misspelt word (none for a word spelt right)."""
        close = self._answers.get(word)
        if close is None:
            close = self._closest(word)
            if len(self._answers) < REMEMBERED_WORDS:
                self._answers[word] = close
        return close

    def _closest(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_LENGTH or word in self.known or not word.isalpha():
            return ()
        if ELONGATED.search(word):
            unstretched = self._unstretched(word)
            return (unstretched,) if unstretched else ()
        edits = 2 if len(word) >= LONG_WORD else 1
        close = extract(word, self.vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=5)
        if not close:
            return ()
        if close[0][1] > 1 and self._inflected(word):
            return ()  # "spasming" is "spasm" + "ing", not "passing" two edits away
        return tuple(str(w) for w, distance, _ in close if distance == close[0][1])

    def _unstretched(self, word: str) -> str | None:
        """ "colllapsed" is "collapsed", "sooo" is just stretched: a letter written three
        times or more stands for two or one, if that gives one of the vocabulary's words."""
        for repeat in (r"\1\1", r"\1"):
            shorter = ELONGATED_RUN.sub(repeat, word)
            if shorter in self.vocabulary:
                return shorter
        return None

    def _inflected(self, word: str) -> bool:
        """An English word with a common ending the dictionary does not list."""
        return any(
            word.endswith(end) and word[: len(word) - len(end)] + base in self.known
            for end, base in INFLECTIONS
            if len(word) - len(end) >= MIN_LENGTH
        )


def speller_for(phrases: Iterable[str]) -> Speller:
    """A speller that protects and corrects toward the words of these phrases."""
    said = [WORD.findall(p.lower()) for p in phrases if not p.startswith("re:")]
    vocabulary = {w for words in said for w in words if len(w) >= MIN_LENGTH}
    pairs = frozenset(pair for words in said for pair in pairwise(words))
    mates = frozenset(
        (a, b) for words in said for a in words for b in words if a != b and len(b) >= MIN_LENGTH
    )
    known = english_words() | vocabulary | NOT_MISSPELT
    return Speller(tuple(sorted(vocabulary)), known, pairs, mates)


def corrected(norm: str, origin: list[int], speller: Speller) -> tuple[str, list[int]]:
    """The normalised text with misspelt words replaced; each new character maps back to
    the original word, so spans still point at what the person wrote."""
    out: list[str] = []
    new_origin: list[int] = []
    at = 0
    words = list(WORD.finditer(norm))
    for i, m in enumerate(words):
        close = speller.closest(m.group())
        if not close:
            continue  # nearly every word: spelt right, or nothing close
        before = words[i - 1].group() if i else ""
        after = words[i + 1].group() if i + 1 < len(words) else ""
        nearby = tuple(w.group() for w in words[max(0, i - NEARBY) : i + NEARBY + 1])
        fixed = speller.choose(m.group(), close, before, after, nearby)
        if fixed is None:
            continue
        out.append(norm[at : m.start()])
        new_origin += origin[at : m.start()]
        out.append(fixed)
        last = m.end() - 1
        new_origin += [origin[min(m.start() + k, last)] for k in range(len(fixed))]
        at = m.end()
    if not out:
        return norm, origin
    out.append(norm[at:])
    new_origin += origin[at:]
    return "".join(out), new_origin
