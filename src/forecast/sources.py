"""Quote verification against the seed corpus: pure text functions, no file access.

Every quote an analyst cites must occur in its document. Documents come from web pages,
PDFs and machine translation, and quotes are typed into YAML, so the two differ in ways no
reader would notice: line breaks inside a sentence, runs of spaces, curly versus straight
quotes, en dashes versus hyphens. ``normalise`` removes exactly those differences and
nothing else (it keeps case and every other character), so "found" still means "quoted
verbatim". When a quote is not found, ``closest_passage`` names what the document says
instead, which is usually a typo or a paraphrase to fix.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"  # “ ” „ ‟ ″
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"  # ‘ ’ ‚ ‛ ′
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # ‐ ‑ ‒ – — ― −
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width spaces, joiners, word joiner, BOM

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
        "\u2026": "...",  # … typed as three dots
    }
)
# A soft hyphen only marks where a word may break, so it goes together with the line break
# a PDF or web page put after it: "co\xad\noperate" reads "cooperate".
_SOFT_HYPHEN = re.compile("\u00ad\\s*")

# Tuning of closest_passage (see _closest_window and _projected_window).
_LEADERS = 5  # distinct regions of the document
_REFINE_SHIFT = 2  # words either end of a leader's window may move
_FINALISTS = 5  # windows compared character by character, besides the leaders' own
_MIN_ANCHOR = 3  # characters a matching block needs to place the quote in the document


@dataclass(frozen=True)
class QuoteCheck:
    """Whether a quote occurs in its document, and if not, the nearest thing it does say."""

    found: bool
    closest: str | None  # when not found: the closest passage (normalised), None otherwise
    similarity: float  # 0..1, 1.0 when found


def normalise(text: str) -> str:
    """``text`` with the differences readers do not see removed; case and words kept.

    Canonical Unicode composition (NFC); typographic double and single quotes and primes to
    ASCII quotes; dashes and the minus sign to '-'; soft hyphens and zero-width characters
    dropped; "…" to "..."; every run of white space (line breaks, tabs, NBSP and the other
    Unicode spaces) to one space, none at either end.
    """
    text = unicodedata.normalize("NFC", text)
    text = _SOFT_HYPHEN.sub("", text)
    text = text.translate(_TYPOGRAPHY)
    return " ".join(text.split())


def check_quote(quote: str, document: str) -> QuoteCheck:
    """Whether ``quote`` occurs in ``document`` after normalising both; else the closest passage.

    Raises ValueError for a quote that is empty after normalising.
    """
    passage, similarity = closest_passage(quote, document)
    if similarity == 1.0:
        return QuoteCheck(found=True, closest=None, similarity=1.0)
    return QuoteCheck(found=False, closest=passage or None, similarity=similarity)


def closest_passage(quote: str, document: str) -> tuple[str, float]:
    """The passage of ``document`` most like ``quote``, normalised, with its similarity 0..1.

    The similarity is 1.0 exactly when the quote occurs in the document; otherwise it is
    difflib's ratio between the quote and the passage, character by character. An empty
    document gives ("", 0.0). Raises ValueError for a quote that is empty after normalising.
    """
    target = _normalised_quote(quote)
    text = normalise(document)
    if target in text:
        return target, 1.0
    if not text:
        return "", 0.0
    words = text.split(" ")
    start, stop = _closest_window(words, target.split(" "))
    passage = " ".join(words[start:stop])
    return passage, SequenceMatcher(None, passage, target, autojunk=False).ratio()


def _closest_window(words: list[str], target_words: list[str]) -> tuple[int, int]:
    """The word window [start, stop) of ``words`` closest to ``target_words``.

    Narrowing in steps, each dearer per window and run on fewer windows, keeps a 10 KB
    document far under a second. Every window of the quote's length in words, stepping by
    one, is scored by the character trigrams it shares with the quote (Dice coefficient,
    computed by sliding, so typos and case barely matter); around the best few distinct
    windows, windows a few words longer or shorter at either end are scored the same way;
    and the best of those, with the leaders, are compared character by character with
    difflib; the passage is then placed where the quote would stand (_projected_window).
    """
    grams = _TrigramCounter(words)
    wanted = grams.of_words(target_words)
    size = min(len(target_words), len(words))
    scores = _sliding_dice(grams, wanted, size)
    leaders = _distinct_leaders(scores, _LEADERS, spacing=_REFINE_SHIFT)
    nearby = {near for start in leaders for near in _windows_around(len(words), start, start + size)}

    def by_trigrams(window: tuple[int, int]) -> tuple[float, int]:
        return _dice(grams.of_window(*window), wanted), -window[0]

    finalists = {(start, start + size) for start in leaders}
    finalists.update(heapq.nlargest(_FINALISTS, sorted(nearby), key=by_trigrams))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(" ".join(target_words))

    def by_characters(window: tuple[int, int]) -> tuple[float, float, int]:
        matcher.set_seq1(" ".join(words[window[0] : window[1]]))
        return matcher.ratio(), *by_trigrams(window)

    best = max(sorted(finalists), key=by_characters)
    return _projected_window(words, best, " ".join(target_words))


def _projected_window(words: list[str], window: tuple[int, int], target: str) -> tuple[int, int]:
    """The words the document has where the quote would stand, near ``window``.

    The quote's first and last characters are placed through the first and last blocks it
    shares with the text around the window, so the passage shows what the document says
    instead: a changed last word is shown rather than cut off, a dropped word put back.
    """
    low = max(0, window[0] - _REFINE_SHIFT)
    high = min(len(words), window[1] + _REFINE_SHIFT)
    region = words[low:high]
    offsets = list(accumulate((len(word) + 1 for word in region[:-1]), initial=0))
    matcher = SequenceMatcher(None, " ".join(region), target, autojunk=False)
    anchors = [block for block in matcher.get_matching_blocks() if block.size >= _MIN_ANCHOR]
    if not anchors:
        return window
    first, last = anchors[0], anchors[-1]
    begin = first.a - first.b
    end = last.a + last.size + (len(target) - last.b - last.size)
    start = max(0, bisect_right(offsets, begin) - 1)
    stop = max(bisect_left(offsets, end), start + 1)
    return low + start, low + stop


class _TrigramCounter:
    """Character trigrams of words (casefolded, padded with spaces), cached per distinct word."""

    def __init__(self, words: list[str]):
        self._cache: dict[str, Counter[str]] = {}
        self.per_word = [self.of_word(word) for word in words]

    def of_word(self, word: str) -> Counter[str]:
        grams = self._cache.get(word)
        if grams is None:
            padded = f" {word.casefold()} "
            grams = Counter(padded[i : i + 3] for i in range(len(padded) - 2))
            self._cache[word] = grams
        return grams

    def of_words(self, words: list[str]) -> Counter[str]:
        total: Counter[str] = Counter()
        for word in words:
            total.update(self.of_word(word))
        return total

    def of_window(self, start: int, stop: int) -> Counter[str]:
        total: Counter[str] = Counter()
        for grams in self.per_word[start:stop]:
            total.update(grams)
        return total


def _dice(held: Counter[str], wanted: Counter[str]) -> float:
    """Dice coefficient of two multisets: 1.0 when equal, 0.0 when disjoint."""
    total = held.total() + wanted.total()
    shared = sum(min(count, wanted[gram]) for gram, count in held.items())
    return 2 * shared / total if total else 0.0


def _sliding_dice(grams: _TrigramCounter, wanted: Counter[str], size: int) -> list[float]:
    """The Dice score of every window of ``size`` words, by start; linear in the document.

    One word enters and one leaves per step, so only their trigrams are recounted.
    """
    held: Counter[str] = Counter()
    shared = held_total = 0
    wanted_total = wanted.total()
    scores = []

    def shift(word_grams: Counter[str], sign: int) -> None:
        nonlocal shared, held_total
        for gram, count in word_grams.items():
            before = held[gram]
            held[gram] = before + sign * count
            shared += min(held[gram], wanted[gram]) - min(before, wanted[gram])
            held_total += sign * count

    for position, word_grams in enumerate(grams.per_word):
        shift(word_grams, +1)
        if position >= size:
            shift(grams.per_word[position - size], -1)
        if position >= size - 1:
            scores.append(2 * shared / (held_total + wanted_total))
    return scores


def _distinct_leaders(scores: list[float], limit: int, spacing: int) -> list[int]:
    """Starts of the ``limit`` best windows, each more than ``spacing`` words from the others.

    Keeping them apart lets two competing regions of the document both reach the final step,
    rather than five shifts of the same one.
    """
    leaders: list[int] = []
    for start in sorted(range(len(scores)), key=lambda start: (-scores[start], start)):
        if all(abs(start - leader) > spacing for leader in leaders):
            leaders.append(start)
            if len(leaders) == limit:
                break
    return leaders


def _normalised_quote(quote: str) -> str:
    """The normalised quote; a ValueError when nothing is left to look for."""
    target = normalise(quote)
    if not target:
        raise ValueError("empty quote: there is nothing to look for in the document")
    return target


def _windows_around(count: int, start: int, stop: int) -> list[tuple[int, int]]:
    """Windows near [start, stop): each end moved a few words either way, kept non-empty."""
    starts = range(max(0, start - _REFINE_SHIFT), min(count, start + _REFINE_SHIFT + 1))
    stops = range(max(1, stop - _REFINE_SHIFT), min(count, stop + _REFINE_SHIFT) + 1)
    return [(a, b) for a in starts for b in stops if a < b]
