from forecast.watch.passages import MAX_WORDS, passages, split_units

ROOT_SEEDS = __import__("pathlib").Path(__file__).resolve().parents[2] / "seeds"


def test_sentences_are_verbatim_spans():
    text = ("Mr. Smith went to Minsk on Monday. He met the minister there!\n\n"
            "A heading\n\nThe troops moved to the border at dawn? Nobody said so.\n")
    found = passages("d", text)
    assert [p.quote for p in found] == [
        "Mr. Smith went to Minsk on Monday.", "He met the minister there!",
        "The troops moved to the border at dawn?"]
    for p in found:
        assert text[p.start:p.end] == p.quote


def test_headings_are_context_not_passages():
    text = "Ramping up\n\nBelarus began ramping up its troop deployments on December 7th.\n"
    (only,) = passages("d", text)
    assert only.quote.startswith("Belarus began")
    assert "Ramping up" in only.context


def test_wrapped_lines_join_into_one_sentence():
    text = "The joint group of forces\nwas announced on Monday by the president.\n"
    (only,) = passages("d", text)
    assert only.quote == "The joint group of forces\nwas announced on Monday by the president."


def test_initials_and_abbreviations_do_not_end_sentences():
    text = "The U.S. envoy met Gen. A. Ivanov in the capital. Then the talks ended abruptly.\n"
    assert [p.quote for p in passages("d", text)] == [
        "The U.S. envoy met Gen. A. Ivanov in the capital.", "Then the talks ended abruptly."]


def test_text_without_punctuation_is_cut_into_bounded_pieces():
    text = " ".join(f"word{i}" for i in range(3 * MAX_WORDS + 5))
    units = split_units(text)
    assert len(units) == 4 and all(u.words <= MAX_WORDS for u in units)
    assert " ".join(text[u.start:u.end] for u in units) == text


def test_every_seed_passage_is_verbatim():
    for path in sorted(ROOT_SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = passages(path.stem, text)
        assert found
        assert all(text[p.start:p.end] == p.quote for p in found)
        assert [p.index for p in found] == list(range(len(found)))


def test_a_line_ending_with_a_comma_runs_on():
    text = ("The joint force will be purely defensive and will be sent to the border,\n"
            "Defense Minister Victor Khrenin said Tuesday.\n")
    (only,) = passages("d", text)
    assert only.quote == text.strip()
