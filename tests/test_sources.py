"""Quote verification: normalisation, found / not found, the closest passage, and speed."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecast.sources import QuoteCheck, check_quote, closest_passage, normalise

# The opening of seed 000 as extracted: hard line breaks inside sentences, a line starting with
# a space, curly quotes and apostrophes, em dashes, trailing spaces.
ARTICLE = (
    "Belarusian President Alexander Lukashenko claimed Monday that Ukraine was readying an\n"
    "attack on Belarus and announced the formation of a \u201cjoint military group\u201d with "
    "Russia. \n\n"
    "\u201cUkraine is not just discussing but planning strikes on the territory of Belarus,\u201d"
    " Lukashenko,\na close ally of Russian President Vladimir Putin, said during a meeting with"
    " security officials,\naccording to state news agency Belta. \u201cIf you want peace, you "
    "have to prepare for war.\u201d\n\n"
    "While Belarus has been a staging ground for Russian forces \u2014 both ground troops and "
    "missile\nlaunchers \u2014 since the start of the invasion of Ukraine, Lukashenko\u2019s "
    "announcement sparked\ninternational concern that Belarus could soon take a more active "
    "role in the fighting. \n\n"
    "Lukashenko said Belarus and Russia have been readying troops in recent days, claiming the\n"
    " preparations were in accordance with the two countries' Union State alliance.\n"
)


# --- normalise -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("readying an\nattack", "readying an attack"),
        ("readying an\r\n attack", "readying an attack"),
        ("a  b\t\tc \t d", "a b c d"),
        ("  \n leading and trailing \n ", "leading and trailing"),
        ("non\u00a0breaking\u202fspaces", "non breaking spaces"),
        ("\u201cjoint military group\u201d", '"joint military group"'),
        ("\u201elow\u201f and 5\u2033", '"low" and 5"'),
        (
            "Lukashenko\u2019s \u2018group\u2019 \u201asic\u201b 5\u2032",
            "Lukashenko's 'group' 'sic' 5'",
        ),
        ("forces \u2014 both", "forces - both"),
        ("2022\u20132023", "2022-2023"),
        ("\u2012 \u2015 \u2212 \u2010 \u2011", "- - - - -"),
        ("co\u00adoperate", "cooperate"),
        ("co\u00ad\noperate", "cooperate"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("and so\u2026", "and so..."),
        ("Cafe\u0301", "Caf\u00e9"),
        ("Case Is Kept", "Case Is Kept"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


# --- check_quote: found ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        "announced the formation of a \u201cjoint military group\u201d with Russia",
        'announced the formation of a "joint military group" with Russia',
        "readying an attack on Belarus",
        "Russian forces - both ground troops and missile launchers - since",
        "Russian forces \u2013 both ground troops",
        "Lukashenko's announcement sparked international concern",
        "claiming the preparations were in accordance",
        "If you want peace, you have to prepare for war.",
        "  If you want peace,\n   you have to prepare for war.  ",
    ],
)
def test_quote_found_despite_line_breaks_quotes_and_dashes(quote):
    assert check_quote(quote, ARTICLE) == QuoteCheck(found=True, closest=None, similarity=1.0)


def test_check_is_case_sensitive():
    result = check_quote("if you want peace, you have to prepare for war.", ARTICLE)
    assert not result.found
    assert result.closest == '"If you want peace, you have to prepare for war."'


def test_quote_check_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        check_quote("Belarus", ARTICLE).found = False  # type: ignore[misc]


# --- check_quote: not found ------------------------------------------------------------------


def test_one_word_changed_names_the_sentence_it_came_from():
    quote = "Ukraine is not just discussing but planning strikes on the territory of Poland"
    result = check_quote(quote, ARTICLE)
    assert not result.found
    assert result.closest is not None
    assert "planning strikes on the territory of Belarus" in result.closest
    assert result.closest.startswith('"Ukraine is not just discussing')
    assert 0.85 < result.similarity < 1.0


def test_a_word_dropped_still_names_the_passage():
    quote = "Belarus could soon take a active role in the fighting"
    passage, similarity = closest_passage(quote, ARTICLE)
    assert "Belarus could soon take a more active role in the fighting" in passage
    assert 0.85 < similarity < 1.0


def test_first_word_changed_shows_the_word_the_document_has():
    passage, similarity = closest_passage("Lithuania has been a staging ground for Russian", ARTICLE)
    assert passage.endswith("Belarus has been a staging ground for Russian")
    assert 0.7 < similarity < 1.0


def test_a_word_added_still_names_the_passage():
    quote = "a close ally of Russian President Vladimir V. Putin, said during a meeting"
    passage, _ = closest_passage(quote, ARTICLE)
    assert passage == "a close ally of Russian President Vladimir Putin, said during a meeting"


def test_a_quote_in_the_wrong_case_names_the_passage_as_written():
    passage, _ = closest_passage("STAGING GROUND FOR RUSSIAN FORCES", ARTICLE)
    assert passage == "staging ground for Russian forces"


def test_a_misspelt_single_word_finds_the_word():
    passage, similarity = closest_passage("Lukashneko", ARTICLE)
    assert passage.startswith("Lukashenko")
    assert similarity >= 0.8


def test_quote_that_is_found_has_itself_as_closest_passage():
    assert closest_passage("staging\nground", ARTICLE) == ("staging ground", 1.0)


def test_nothing_alike_gives_low_similarity():
    result = check_quote("zzzz qqqq xxxx", ARTICLE)
    assert not result.found
    assert result.similarity < 0.3


def test_document_shorter_than_the_quote_is_compared_whole():
    result = check_quote("the joint force will be formed in October", "the joint force")
    assert not result.found
    assert result.closest == "the joint force"
    assert 0.0 < result.similarity < 1.0


def test_empty_document_has_no_closest_passage():
    assert check_quote("anything", " \n ") == QuoteCheck(found=False, closest=None, similarity=0.0)
    assert closest_passage("anything", "") == ("", 0.0)


@pytest.mark.parametrize("quote", ["", "   ", "\n\t", "\u00ad", "\u200b"])
def test_empty_quote_is_rejected(quote):
    with pytest.raises(ValueError, match="empty quote"):
        check_quote(quote, ARTICLE)
    with pytest.raises(ValueError, match="empty quote"):
        closest_passage(quote, ARTICLE)


# --- a 10 KB document ------------------------------------------------------------------------

VOCABULARY = (
    "the a of and to in Belarus Russia Ukraine troops border joint force group Minsk Moscow "
    "Lukashenko Putin said would could exercises units military army war forces regional "
    "security officials report analysts attack staging ground missile launchers December"
)
PLANTED = "Belarusian conscripts are inexperienced and poorly equipped, an analyst told reporters."


def _ten_kilobyte_document() -> str:
    """Filler sentences from the domain's vocabulary, with one telling sentence in the middle."""
    generator = random.Random(203)
    vocabulary = VOCABULARY.split(" ")
    sentences = []
    while sum(len(s) + 1 for s in sentences) < 10_000:
        length = generator.randint(8, 20)
        sentence = " ".join(generator.choice(vocabulary) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
    sentences.insert(len(sentences) // 2, PLANTED)
    return "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def test_closest_passage_in_a_ten_kilobyte_document_is_right():
    document = _ten_kilobyte_document()
    assert len(document) >= 10_000
    quote = "Belarusian conscripts are inexperienced and badly equipped, an analyst told reporters."
    result = check_quote(quote, document)  # timed in benchmarks/bench_startup.py
    assert not result.found
    assert result.closest == PLANTED
    assert result.similarity > 0.9


# --- properties ------------------------------------------------------------------------------

WHITESPACE = st.text(alphabet=" \t\n\r\u00a0\u2009\u202f\u3000", min_size=1, max_size=4)
WORD = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    # a soft hyphen before white space is a hyphenation point that normalising joins to the
    # next word ("co\u00ad operate" is "cooperate"): a word ending in one is half a word, and a
    # quote ending there ends inside a word, which quotes on word boundaries refuse
    lambda word: not any(character.isspace() for character in word)
    and not word.endswith("\u00ad")
)
PROSE_WORD = st.sampled_from(
    [
        "Belarus",
        "Lukashenko's",
        "\u201cjoint",
        "group\u201d",
        "\u2014",
        "forces,",
        "2022\u20132023",
        "war.",
        "the",
        "a",
        "Putin\u2019s",
        "co\u00adoperate",
    ]
)


@st.composite
def document_and_quote(draw):
    """A document of words joined by random white space, and a run of its words re-wrapped."""
    words = draw(st.lists(st.one_of(WORD, PROSE_WORD), min_size=1, max_size=60))
    document = "".join(word + draw(WHITESPACE) for word in words)
    start = draw(st.integers(0, len(words) - 1))
    stop = draw(st.integers(start + 1, len(words)))
    quote = draw(WHITESPACE) + "".join(word + draw(WHITESPACE) for word in words[start:stop])
    return document, quote


@given(document_and_quote())
def test_any_run_of_words_is_found_however_it_is_wrapped(case):
    document, quote = case
    if not normalise(quote):
        return  # a run of invisible characters only: nothing to look for
    assert check_quote(quote, document).found


@given(document=st.lists(st.one_of(WORD, PROSE_WORD), max_size=40).map(" ".join), quote=WORD)
def test_closest_passage_is_a_run_of_the_documents_words(document, quote):
    if not normalise(quote):
        return
    passage, similarity = closest_passage(quote, document)
    assert 0.0 <= similarity <= 1.0
    if similarity < 1.0:
        assert f" {passage} " in f" {normalise(document)} "


def _naive_dice(words: list[str], target: list[str], size: int, whole_words: bool) -> list[float]:
    from collections import Counter

    from forecast.sources import _dice, _TrigramCounter

    grams = _TrigramCounter(words, whole_words=whole_words)
    wanted = grams.of_words(target)
    return [_dice(Counter(grams.of_window(s, s + size)), wanted) for s in range(len(words) - size + 1)]


@pytest.mark.parametrize("whole_words", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_sliding_dice_equals_counting_every_window_afresh(seed: int, whole_words: bool) -> None:
    """The interval-counting scan gives exactly the Dice score of each window counted anew."""
    import random

    from forecast.sources import _sliding_dice, _TrigramCounter

    rng = random.Random(seed)
    vocabulary = ["ab", "ba", "abab", "b", "a", "bab", "aab"]
    words = [rng.choice(vocabulary) for _ in range(rng.randint(3, 40))]
    target = [rng.choice(vocabulary) for _ in range(rng.randint(1, len(words)))]
    size = min(len(target), len(words))
    grams = _TrigramCounter(words, whole_words=whole_words)
    fast = _sliding_dice(grams, grams.of_words(target), size)
    assert list(fast) == pytest.approx(_naive_dice(words, target, size, whole_words), abs=1e-12)


def test_a_long_quote_in_a_long_document_names_the_changed_passage() -> None:
    """A 23 KB quote with two words changed, in a 465 KB document: found, and the passage shown."""
    import random

    rng = random.Random(3)
    vocabulary = ARTICLE.split()
    document = normalise(" ".join(rng.choice(vocabulary) for _ in range(80_000)))
    words = document.split()
    quote_words = words[40_000:44_000]
    quote_words[100], quote_words[2000] = "XXXX", "changed"
    passage, similarity = closest_passage(" ".join(quote_words), document)
    assert passage.split()[:99] == words[40_000:40_099]
    assert 0.99 < similarity < 1.0
