"""--draft: the next snapshot, checked by the loader, written atomically, never over a file."""

import pytest
from belarus_project import belarus_project

from forecast.app import Checks, load_checked
from forecast.errors import UserError
from forecast.spec.yamlio import load_yaml
from forecast.watch.draft import write_draft
from forecast.watch.suggest import suggested_state
from forecast.watch.watching import watch_scenario

ARTICLE = "will_belarus_join_2023_01"


@pytest.fixture
def project(tmp_path):
    return belarus_project(tmp_path)


def test_the_draft_validates_and_carries_the_snapshot_over(project):
    oct_ = project / "scenarios" / "oct2022.yaml"
    result = watch_scenario(oct_, [ARTICLE], top=3)
    path = write_draft(result, project / "scenarios" / "next.yaml")
    draft = load_checked(path)  # validates: quotes verified, dates knowable
    previous = load_checked(oct_)
    assert draft.scenario.as_of.isoformat() == "2023-01-05"  # the newest document's date
    assert [f.ref for f in draft.scenario.findings] == [f.ref for f in previous.scenario.findings]
    shown = sum(len(i.passages) for i in result.indicators)
    assert len(draft.scenario.proposed) == shown  # none of them was cited by October
    written = load_yaml(path).data["evidence"]
    proposals = [f for f in written if f.get("proposed")]
    assert len(proposals) == shown
    for f in proposals:
        assert "grade" not in f and f["source"]["doc"] == ARTICLE
        assert f["source"]["quote"] in result.texts[ARTICLE]
    # the draft's numbers are October's: nothing proposed is used
    from forecast.app import run_scenario

    assert (run_scenario(path).to_json()["elicited_posteriors"]
            == run_scenario(oct_).to_json()["elicited_posteriors"])
    with pytest.raises(UserError, match="proposed"):
        load_checked(path, Checks(strict=True))


def test_passages_already_cited_on_the_node_are_not_proposed_again(project):
    jan = project / "scenarios" / "jan2023.yaml"
    result = watch_scenario(jan, [ARTICLE], top=3)
    path = write_draft(result, project / "scenarios" / "next.yaml")
    written = load_yaml(path).data["evidence"]
    accepted = {(f["node"], f["source"]["quote"]) for f in written if not f.get("proposed")}
    for f in written:
        if f.get("proposed"):
            assert not any(node == f["node"] and q in f["source"]["quote"] for node, q in accepted)


def test_never_over_an_existing_file_without_force(project):
    result = watch_scenario(project / "scenarios" / "oct2022.yaml", [ARTICLE])
    target = project / "scenarios" / "jan2023.yaml"
    before = target.read_bytes()
    with pytest.raises(UserError, match="already exists"):
        write_draft(result, target)
    assert target.read_bytes() == before
    write_draft(result, target, force=True)
    assert target.read_bytes() != before
    load_checked(target)


def test_a_missing_folder_writes_nothing(project):
    result = watch_scenario(project / "scenarios" / "oct2022.yaml", [ARTICLE])
    with pytest.raises(UserError, match="no such folder"):
        write_draft(result, project / "nowhere" / "next.yaml")
    assert not (project / "nowhere").exists()


@pytest.mark.parametrize("passage, state", [
    ("There are tens of thousands of Russian troops in Belarus.", "tens_of_thousands"),
    ("Several thousands of soldiers arrived.", "thousands"),
    ("Nothing about numbers here.", None),
    ("Hundreds, perhaps thousands, of troops.", None),
])
def test_a_state_is_suggested_only_when_the_state_names_make_it_clear(passage, state):
    assert suggested_state(["hundreds", "thousands", "tens_of_thousands"], passage) == state


def test_observed_and_not_observed_are_never_guessed():
    assert suggested_state(["not_observed", "observed"], "It was observed at once.") is None
