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
from itertools import accumulate

import numpy as np
from rapidfuzz.distance import Indel

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
# Quotes longer than this many words are located by whole words rather than trigrams: long
# enough that typos cannot hide them, and seven times less counting on long documents.
_WORDS_NOT_TRIGRAMS = 200
# The closest-passage search costs time and memory in proportion to the document; past this
# many characters (normalised) it is not run, and the check says so (the exact search, a
# plain substring scan, still covers the whole document).
SEARCH_BUDGET = 2_000_000
SHOWN_PASSAGE = 600  # characters of the closest passage a check reports
# Placing the passage aligns it with the quote character by character, a bit matrix of
# (passage x quote) cells: past this many (200 MB), the window is shown as the search found it.
_PROJECTION_CELLS = 1_600_000_000
# Comparing a passage with the quote costs (passage x quote) / 64 steps: a passage past this
# many cells is far longer than the quote (a few huge "words"), so not close.
_COMPARE_CELLS = 4_000_000_000
# Scripts written without spaces between words: inside them any character may start a word.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")


@dataclass(frozen=True)
class QuoteCheck:
    """Whether a quote occurs in its document, and if not, the nearest thing it does say."""

    found: bool
    closest: str | None  # when not found: the closest passage (normalised), None otherwise
    similarity: float  # 0..1, 1.0 when found
    searched: bool = True  # False: the document is past SEARCH_BUDGET, no passage was sought


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
    target = _normalised_quote(quote)
    text = normalise(document)
    if find_verbatim(target, text) >= 0:
        return QuoteCheck(found=True, closest=None, similarity=1.0)
    if len(text) > SEARCH_BUDGET:
        return QuoteCheck(found=False, closest=None, similarity=0.0, searched=False)
    passage, similarity = closest_passage(target, text)
    if len(passage) > SHOWN_PASSAGE:  # a message names it: a sentence or two, not a chapter
        passage = passage[: SHOWN_PASSAGE - 1].rstrip() + "\u2026"
    return QuoteCheck(found=False, closest=passage or None, similarity=similarity)


def no_search_reason(document_chars: int) -> str:
    """What a check that did not search for a close passage says instead, from the sizes."""
    return (f"no close passage found in {document_chars // 1000:,} KB: the search for one stops "
            f"past {SEARCH_BUDGET // 1000:,} KB (the exact words were sought in all of it)")


def find_verbatim(target: str, text: str) -> int:
    """Where normalised ``target`` first stands in normalised ``text`` as whole words, or -1.

    A quote must begin and end where words do: "possible that" is not in "impossible that",
    nor "the dam would hol" in "the dam would hold". (A quote that begins or ends with
    punctuation, or within a script written without spaces, needs no boundary there.)
    """
    if not target:
        return -1
    start = text.find(target)
    while start >= 0:
        end = start + len(target)
        if (_boundary(text[start - 1] if start else "", target[0])
                and _boundary(target[-1], text[end] if end < len(text) else "")):
            return start
        start = text.find(target, start + 1)
    return -1


def _boundary(left: str, right: str) -> bool:
    """Whether a word may end between ``left`` and ``right`` (either may be "": an end)."""
    if not left or not right or not (_wordlike(left) and _wordlike(right)):
        return True
    return _unspaced(left) or _unspaced(right)


def _wordlike(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS)


def closest_passage(quote: str, document: str) -> tuple[str, float]:
    """The passage of ``document`` most like ``quote``, normalised, with its similarity 0..1.

    The similarity is 1.0 exactly when the quote occurs in the document as whole words
    (find_verbatim); otherwise it is the
    ratio 2 * (characters in common, in order) / (both lengths), character by character
    (rapidfuzz's Indel similarity, the measure difflib's ratio approximates). An empty
    document gives ("", 0.0). Raises ValueError for a quote that is empty after normalising.
    """
    target = _normalised_quote(quote)
    text = normalise(document)
    if find_verbatim(target, text) >= 0:
        return target, 1.0
    if not text:
        return "", 0.0
    words = text.split(" ")
    window = _closest_window(words, target.split(" "))
    if window is None:
        return "", 0.0
    start, stop = window
    passage = " ".join(words[start:stop])
    return passage, Indel.normalized_similarity(passage, target)


def _closest_window(words: list[str], target_words: list[str]) -> tuple[int, int] | None:
    """The word window [start, stop) of ``words`` closest to ``target_words`` (None when every
    candidate is too long to compare with it: none is close).

    Narrowing in steps, each dearer per window and run on fewer windows, keeps a 465 KB
    document and a 23 KB quote under a second. Every window of the quote's length in words,
    stepping by one, is scored by the character trigrams it shares with the quote (Dice
    coefficient, computed by sliding, so typos and case barely matter); around the best few
    distinct windows, windows a few words longer or shorter at either end are scored the same
    way (each from its leader's counts, moving only the edge words); and the best of those,
    with the leaders, are compared character by character (bit-parallel, rapidfuzz); the
    passage is then placed where the quote would stand (_projected_window).
    """
    grams = _TrigramCounter(words, whole_words=len(target_words) > _WORDS_NOT_TRIGRAMS)
    wanted = grams.of_words(target_words)
    size = min(len(target_words), len(words))
    scores = _sliding_dice(grams, wanted, size)
    leaders = _distinct_leaders(scores, _LEADERS, spacing=_REFINE_SHIFT)
    counted: dict[tuple[int, int], float] = {}
    for start in leaders:
        base = grams.of_window(start, start + size)
        for window in _windows_around(len(words), start, start + size):
            if window not in counted:
                counted[window] = _dice(grams.moved(base, (start, start + size), window), wanted)
        counted[(start, start + size)] = _dice(base, wanted)

    def by_trigrams(window: tuple[int, int]) -> tuple[float, int]:
        return counted[window], -window[0]

    finalists = {(start, start + size) for start in leaders}
    finalists.update(heapq.nlargest(_FINALISTS, sorted(counted), key=by_trigrams))
    target = " ".join(target_words)
    # a passage too long to compare with the quote cheaply is far longer than it, so no
    # close passage (a document of a few huge "words": no spaces, a table dumped as one line)
    longest = _COMPARE_CELLS // max(len(target), 1)
    finalists = {w for w in finalists
                 if sum(len(word) + 1 for word in words[w[0]:w[1]]) <= longest}
    if not finalists:
        return None
    folded = _fold(target)

    def by_characters(window: tuple[int, int]) -> tuple[float, float, float, int]:
        passage = " ".join(words[window[0] : window[1]])
        return (Indel.normalized_similarity(_fold(passage), folded),
                Indel.normalized_similarity(passage, target), *by_trigrams(window))

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
    text = " ".join(region)
    if len(text) * len(target) > _PROJECTION_CELLS:  # the alignment's bit matrix would not fit
        return window
    offsets = list(accumulate((len(word) + 1 for word in region[:-1]), initial=0))
    blocks = Indel.opcodes(_fold(text), _fold(target)).as_matching_blocks()
    anchors = [block for block in blocks if block.size >= _MIN_ANCHOR]
    if not anchors:
        return window
    first, last = anchors[0], anchors[-1]
    begin = first.a - first.b
    end = last.a + last.size + (len(target) - last.b - last.size)
    start = max(0, bisect_right(offsets, begin) - 1)
    stop = max(bisect_left(offsets, end), start + 1)
    return low + start, low + stop


def _fold(text: str) -> str:
    """Lower case, keeping every character's place (case does not change which passage it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class _TrigramCounter:
    """Character trigrams of words (casefolded, padded with spaces), cached per distinct word;
    with ``whole_words``, each casefolded word is its own single gram."""

    def __init__(self, words: list[str], whole_words: bool = False):
        self._cache: dict[str, Counter[str]] = {}
        self._whole_words = whole_words
        self.per_word = [self.of_word(word) for word in words]

    def of_word(self, word: str) -> Counter[str]:
        grams = self._cache.get(word)
        if grams is None:
            if self._whole_words:
                grams = Counter((word.casefold(),))
            else:
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

    def moved(self, base: Counter[str], window: tuple[int, int],
              to: tuple[int, int]) -> Counter[str]:
        """The counts of window ``to``, from ``base`` (those of ``window``) by its edge words."""
        total = base.copy()
        (a, b), (c, d) = window, to
        for start, stop, sign in ((c, a, 1), (a, c, -1), (b, d, 1), (d, b, -1)):
            for grams in self.per_word[start:stop]:
                if sign > 0:
                    total.update(grams)
                else:
                    total.subtract(grams)
        return total


def _dice(held: Counter[str], wanted: Counter[str]) -> float:
    """Dice coefficient of two multisets: 1.0 when equal, 0.0 when disjoint."""
    total = sum(c for c in held.values() if c > 0) + wanted.total()
    shared = sum(min(count, wanted[gram]) for gram, count in held.items() if count > 0)
    return 2 * shared / total if total else 0.0


def _sliding_dice(grams: _TrigramCounter, wanted: Counter[str], size: int) -> np.ndarray:
    """The Dice score of every window of ``size`` words, by start; linear in the document.

    shared(s) = sum over grams g of min(count of g in window s, wanted[g]). Counted per
    occurrence: the i-th occurrence of g (at word p_i) is one of the first wanted[g] of g in
    window s exactly when s <= p_i < s + size and p_(i - wanted[g]) < s, an interval of starts;
    so each occurrence adds 1 over an interval, and a cumulative sum gives every window at once.
    """
    count = len(grams.per_word)
    windows = count - size + 1
    ids = {gram: k for k, gram in enumerate(wanted)}
    caps = np.array([wanted[g] for g in ids], dtype=np.int64)
    per_word = [[ids[g] for g, c in word.items() if g in ids for _ in range(c)]
                for word in grams.per_word]
    lengths = np.fromiter((len(w) for w in per_word), dtype=np.int64, count=count)
    position = np.repeat(np.arange(count, dtype=np.int64), lengths)
    gram = np.fromiter((g for w in per_word for g in w), dtype=np.int64, count=int(lengths.sum()))
    order = np.lexsort((position, gram))
    position, gram = position[order], gram[order]
    first = np.searchsorted(gram, gram, side="left")  # where each occurrence's gram group starts
    back = np.arange(len(gram)) - caps[gram] if len(gram) else np.zeros(0, np.int64)
    previous = np.where(back >= first, position[np.maximum(back, 0)], -1)
    low = np.maximum(np.maximum(position - size + 1, previous + 1), 0)
    high = np.minimum(position, windows - 1)
    keep = low <= high
    diff = (np.bincount(low[keep], minlength=windows + 1)
            - np.bincount(high[keep] + 1, minlength=windows + 1))
    shared = np.cumsum(diff)[:windows]
    totals = np.concatenate(([0], np.cumsum([word.total() for word in grams.per_word])))
    held = totals[size:] - totals[:windows]
    return 2 * shared / (held + wanted.total())


def _distinct_leaders(scores: np.ndarray, limit: int, spacing: int) -> list[int]:
    """Starts of the ``limit`` best windows, each more than ``spacing`` words from the others.

    Keeping them apart lets two competing regions of the document both reach the final step,
    rather than five shifts of the same one.
    """
    leaders: list[int] = []
    for start in np.argsort(-np.asarray(scores), kind="stable").tolist():
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


def yaml_quoted(passage: str) -> str:
    """A passage as a YAML double-quoted string (inner quotes escaped), so a message that names
    it has balanced quotes and the passage can be pasted into `quote:` as it stands."""
    import json

    return json.dumps(passage, ensure_ascii=False)
