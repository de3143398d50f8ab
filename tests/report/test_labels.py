"""Labels cut to fit keep what tells them apart; a date already in a label is not repeated."""

from __future__ import annotations

from forecast.report.brief.markup import link, lit, spans
from forecast.report.labels import cut, distinct_labels, with_date

A = ("Minsk's choice between keeping distance, hedging and committing forces: commit, given "
     "Kremlin pressure high and regime risk low")
B = A.replace("regime risk low", "regime risk high")


def test_labels_that_would_read_alike_keep_their_difference() -> None:
    assert cut(A, 66) == cut(B, 66)  # the plain cut reads alike: the defect
    rows = distinct_labels([["head", A, "now 1"], ["head", B, "now 2"], ["other", "x"]], 66)
    assert rows[0][1] != rows[1][1]
    assert rows[0][1].endswith("regime risk low") and rows[1][1].endswith("regime risk high")
    assert all(len(line) <= 66 for row in rows for line in row)
    assert rows[0][0] == "head" and rows[2] == ["other", "x"]


def test_labels_that_differ_early_are_cut_plainly() -> None:
    rows = distinct_labels([["Alpha " + "x" * 80], ["Beta " + "x" * 80]], 40)
    assert rows == [[cut("Alpha " + "x" * 80, 40)], [cut("Beta " + "x" * 80, 40)]]


def test_a_dated_label_is_not_dated_twice() -> None:
    assert with_date("Rain", "by 31 December 2023", "31 December 2023") == \
        "Rain by 31 December 2023"
    assert with_date("Rain by 31 December 2023", "by 31 December 2023", "31 December 2023") == \
        "Rain by 31 December 2023"


def test_a_url_is_a_link_and_data_never_is() -> None:
    (span,) = [s for s in spans(link("https://example.org/a?b=1")) if s.link]
    assert span.text == span.link == "https://example.org/a?b=1"
    assert not any(s.link for s in spans(lit("<https://example.org>")))
    assert not any(s.link for s in spans(link("javascript:alert(1)")))
