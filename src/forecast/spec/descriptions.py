"""What every key of every file format means, with its unit and an example: the text of
`forecast schema` (each JSON Schema property's `description`) and of the README's format
tables (`format_tables`, which a test holds the README to). One place, so the two agree.

Kept beside the pydantic models rather than inside them so that a key added to a model
without a description here fails `tests/spec/test_descriptions.py`, which counts them."""

from __future__ import annotations

from typing import Any

# {pydantic model name: {key: description}}; "Example:" closes each entry
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "ModelSpec": {
        "written": "When the numbers were set (YYYY-MM-DD); after as_of it is shown, after a "
                   "recorded resolution it is a hindsight warning. Example: 2022-10-11",
        "format": "The format and its version; always forecast-model/1. Example: forecast-model/1",
        "id": "The model's identifier, used by overlays and the ledger. Example: belarus_war_entry",
        "title": "The question the model answers, in words. Example: Will Belarus enter the war?",
        "description": "Free text: what the model covers and leaves out. Example: Drivers named "
                       "in four October 2022 articles.",
        "as_of": "The date the model's numbers may know (YYYY-MM-DD); citations published later "
                 "are hindsight warnings. Example: 2022-10-11",
        "targets": "The nodes a run reports by default (default: the last node in causal "
                   "order). Example: [belarus_posture]",
        "confidence": "The default equivalent sample size of every distribution (how firmly it "
                      "is held: a Dirichlet's total count; unitless, > 0). Example: 20",
        "grades": "Weights of the Admiralty grades, overriding the defaults (A 1.0 ... F 0.5; "
                  "1 1.0 ... 6 0.5). Example: {reliability: {F: 0.4}}",
        "seeds": "The folder of the source documents, relative to the model file (default: "
                 "../seeds). Example: ../seeds",
        "question": "What the brief's bottom line answers first: {text, node, event}. "
                    "Example: {text: Will Belarus enter the war?, node: belarus_posture, "
                    "event: [belarus_enters_war]}",
        "nodes": "The network's variables by name (identifiers). Example: {kremlin_pressure: "
                 "{states: [low, high], prior: [0.4, 0.6]}}",
    },
    "QuestionSpec": {
        "text": "The question as the brief's reader asks it. Example: Will Belarus enter the "
                "war against Ukraine?",
        "node": "The outcome node the question is about. Example: belarus_posture",
        "event": "The states whose happening the question asks about (some, never all). "
                 "Example: [belarus_enters_war]",
    },
    "NodeSpec": {
        "basis": "Where the node's numbers come from when no source is cited: judgement "
                 "(argued in the rationale). Example: judgement",
        "range": "The credible span of one state's number, as {STATE: [low, high]} (others "
                 "share the rest in proportion); swept by sensitivity --sweep ranges. Example: "
                 "{high: [0.3, 0.6]}",
        "label": "A short human name for charts and tables. Example: Kremlin pressure on Minsk",
        "description": "What the factor means and how it would be observed. Example: Public "
                       "demands by Moscow that Minsk commit troops.",
        "states": "The node's states (identifiers, at least two), ordered low to high where "
                  "order matters. Example: [low, moderate, high]",
        "parents": "The nodes this one depends on. Example: [russia_troop_need, dependence]",
        "hazard": "For a node with window_days: the relative hazard by date, piecewise "
                  "constant (DESIGN section 8; without it: constant). Example: [{from: "
                  "2022-10-11, weight: 1}, {from: 2023-01-01, weight: 2}]",
        "prior": "A root node's distribution: a mapping state -> probability, or a list in "
                 "`states` order, summing to 1. Example: {low: 0.2, moderate: 0.5, high: 0.3}",
        "table": "The conditional table: one row per combination of the parents' states "
                 "(`given` + `p`). Example: [{given: {cause: low}, p: [0.8, 0.2]}]",
        "noisy_max": "Noisy-OR/MAX: a `leak` and per parent state the distribution it alone "
                     "causes (O(parents x states) numbers). Example: {leak: [0.9, 0.1], parents: "
                     "{rain: {rain: [0.2, 0.8]}}}",
        "ranked": "A ranked node: the child a truncated normal around a weighted function of "
                  "its parents on [0, 1]. Example: {function: wmean, weights: {a: 2, b: 1}, "
                  "variance: 0.05}",
        "rationale": "Why these numbers. Example: Moscow needs troops but Minsk resists.",
        "sources": "Citations backing the node: verbatim quotes from the seeds documents. "
                   "Example: [{doc: moscow_times_2022_10_11, quote: \"Putin could now put "
                   "pressure\"}]",
        "confidence": "This node's equivalent sample size, overriding the model's (unitless, > 0). "
                      "Example: 10",
        "resolution": "Per state, what must happen for it to resolve true (outcome nodes). "
                      "Example: {belarus_enters_war: Belarusian units fight in Ukraine}",
        "observable": "True when reports can be collected on the node (an indicator); `voi` "
                      "ranks such nodes under `collect`. Example: true",
        "window_days": "The days the node's numbers are for (\"reached within W days\"), states "
                       "ordered from 'nothing happened' up. Example: 201",
    },
    "HazardStep": {
        "from": "The date from which this weight holds (YYYY-MM-DD; before the first step, the "
                "first weight holds). Example: 2023-01-01",
        "weight": "The hazard from that date, relative to the other steps (finite, >= 0; only "
                  "the shape matters). Example: 2",
    },
    "BaseRateSpec": {
        "id": "The reference class's identifier, used by the ledger and --outside. Example: "
              "csto_allies_in_russias_wars",
        "node": "The scenario target whose event the class counts. Example: belarus_posture",
        "event": "The states the class counts as the event happening (some, never all, of the "
                 "node's states). Example: [belarus_enters_war]",
        "class": "What a case of the class is, in words. Example: a CSTO ally during a war "
                 "Russia fought",
        "events": "How many cases saw the event (a whole number, <= cases). Example: 0",
        "cases": "How many cases were counted (a whole number). Example: 15",
        "per_days": "How long each case was watched, in days (> 0): the rate is per this "
                    "span. Example: 365",
        "source": "The quote the count rests on (or give `note`). Example: {doc: ..., "
                  "quote: ...}",
        "note": "Where the count comes from, when no document holds it. Example: Correlates "
                "of War list, 1816-2007",
    },
    "ViewSpec": {
        "id": "The view's identifier, used by the ledger. Example: shraibman",
        "who": "Whose view it is. Example: Artyom Shraibman, political analyst",
        "node": "The scenario target the view is about. Example: belarus_posture",
        "event": "The states they named (some, never all, of the node's states). Example: "
                 "[belarus_enters_war]",
        "p": "Their probability of the event: a number in 0-1, or the yardstick's words (read "
             "as the band's midpoint). Example: unlikely",
        "by": "The date they gave (YYYY-MM-DD); an undated view is shown, not scored. "
              "Example: 2023-04-30",
        "source": "The quote the view rests on. Example: {doc: ..., quote: ...}",
        "note": "How the words were read. Example: 'unlikely' is 20-45%, midpoint 32.5%",
    },
    "TableRow": {
        "range": "The credible span of one state's number, as {STATE: [low, high]} (others "
                 "share the rest in proportion); swept by sensitivity --sweep ranges. Example: "
                 "{high: [0.3, 0.6]}",
        "given": "One state for every parent. Example: {domestic_unpopularity: low, "
                 "troop_morale: poor}",
        "p": "The node's distribution in that case: a mapping or a list in `states` order, "
             "summing to 1. Example: {low: 0.6, high: 0.4}",
    },
    "NoisyMaxSpec": {
        "leak": "The child's distribution with every cause at its first state. Example: "
                "{none: 0.9, some: 0.1}",
        "parents": "Per parent, per state, the distribution that state alone would cause. "
                   "Example: {rain: {rain: {none: 0.2, some: 0.8}}}",
    },
    "RankedSpec": {
        "range": "Stated spans of the weights, as {PARENT: [low, high]}. Example: "
                 "{regime_risk: [-5, -3]}",
        "function": "How parents combine: wmean, wmin, wmax or mixminmax. Example: wmean",
        "weights": "A weight per parent (mixminmax: `min` and `max`); a negative weight reverses "
                   "a parent's scale. Example: {kremlin_pressure: 3, regime_risk: -2}",
        "variance": "The spread of the truncated normal on the [0, 1] scale (0 < v <= 10). "
                    "Example: 0.012",
    },
    "GradeSpec": {
        "reliability": "Weight per source letter A-F, 0 to 1. Example: {A: 1.0, F: 0.4}",
        "credibility": "Weight per information digit 1-6, 0 to 1. Example: {\"5\": 0.0}",
    },
    "RelaySpec": {
        "name": "Who or what relayed the report. Example: an unidentified slideshow",
        "reliability": "Its reliability letter, A-F (F: cannot be judged). Example: F",
    },
    "Citation": {
        "via": "The relays between the speaker and the page quoted, each {name, reliability}; "
               "the least reliable link sets the grade's letter. Example: [{name: an unidentified "
               "slideshow, reliability: F}]",
        "doc": "The id of a document in the seeds index. Example: moscow_times_2022_10_11",
        "quote": "Words copied verbatim from the document (white space, typographic quotes and "
                 "dashes normalised). Example: \"Putin could now put pressure on Lukashenko\"",
        "speaker": "Who says it in the document. Example: Alexander Lukashenko",
        "stake": "Whether the speaker has an interest in being believed: interested, neutral "
                 "or unknown. Example: interested",
    },
    "ScenarioSpec": {
        "format": "Always forecast-scenario/1. Example: forecast-scenario/1",
        "id": "The snapshot's identifier (names its output files). Example: oct2022",
        "title": "What happened that makes the snapshot worth taking. Example: Joint force "
                 "announced",
        "description": "Free text about the snapshot. Example: The day after the speech.",
        "as_of": "The date of the snapshot (YYYY-MM-DD): findings may cite only documents "
                 "published by then. Example: 2022-10-11",
        "horizon": "The date the question is about (\"by when\", YYYY-MM-DD). Example: "
                   "2023-04-30",
        "model": "The model file, relative to this file. Example: ../models/belarus.yaml",
        "targets": "The nodes to report, overriding the model's. Example: [belarus_posture]",
        "evidence": "The findings: one per report, each on one node. Example: [{node: "
                    "joint_force, state: formed, grade: B2, source: {doc: ..., quote: ...}}]",
        "priors": "Adjusted root priors for this snapshot (the states named get these "
                  "numbers). Example: {russian_axis_intent: {tie_down: 0.7, offensive: 0.3}}",
        "reference": "Outside views of the first release, read as views: each must name its "
                     "`event` and give one number. Example: [{name: experts, event: "
                     "[belarus_enters_war], p: 0.325}]",
        "quiet_since": "Nothing above a windowed node's first state happened from this date "
                       "to as_of (YYYY-MM-DD, not before the window opens): evidence, shown "
                       "as a finding of kind quiet. Example: 2022-10-11",
        "base_rates": "The outside view: counted reference classes, each on an event of a "
                      "target. Example: [{id: csto, node: belarus_posture, event: "
                      "[belarus_enters_war], class: ..., events: 0, cases: 15, per_days: 365}]",
        "views": "Other people's numbers on the events they named. Example: [{id: experts, "
                 "node: belarus_posture, event: [belarus_enters_war], p: unlikely}]",
    },
    "FindingSpec": {
        "proposed": "Drafted by forecast watch and not yet judged: never used in a "
                    "computation until an analyst grades it and removes the flag. Example: true",
        "id": "The finding's identifier, used by explain, compare and the what-if page "
              "(default: node#k). Example: joint_force_announced",
        "node": "The node the report speaks to. Example: joint_force",
        "state": "The state reported (a finding; give `grade` unless it is certain). Example: "
                 "announced",
        "grade": "Admiralty grade: source reliability A-F and information credibility 1-6; "
                 "without it the finding is certain. Example: B2",
        "likelihood": "Soft evidence instead of `state`: a positive likelihood per state. "
                      "Example: {none: 0.3, minor: 1.0, major: 0.7}",
        "origin": "The event or speaker the report traces to; findings sharing one are not "
                  "independent. Example: lukashenko_speech_2022_10_10",
        "source": "The quote the finding rests on. Example: {doc: belta_2022_10_10, quote: "
                  "\"...\", speaker: Lukashenko, stake: interested}",
        "note": "Why this state and grade. Example: Confirmed by three outlets.",
    },
    "ReferenceSpec": {
        "name": "Who holds the view. Example: experts quoted in the article",
        "target": "The node it is about (default: the scenario's first target). Example: "
                  "belarus_posture",
        "p": "Their probability of the event: one number, or the yardstick's words (a "
             "distribution over states is refused). Example: 0.325",
        "basis": "How their words were turned into numbers. Example: 'unlikely' is 20-45%, "
                 "midpoint 32.5%",
        "source": "The quote the view rests on. Example: {doc: ..., quote: ...}",
        "event": "The states the view is about (required now; nothing is spread over the "
                 "others). Example: [belarus_enters_war]",
        "by": "The date the view gave (YYYY-MM-DD); undated views are not scored. Example: "
              "2023-04-30",
    },
    "SourcesSpec": {
        "format": "Always forecast-sources/1. Example: forecast-sources/1",
        "documents": "The documents of the seeds folder. Example: [{id: moscow_times_2022_10_11, "
                     "file: 000.txt}]",
    },
    "DocumentSpec": {
        "id": "The document's identifier, cited as `doc`. Example: moscow_times_2022_10_11",
        "file": "Its text file, inside the seeds folder. Example: 000_cbac935573c47e4c.txt",
        "title": "Its headline. Example: Lukashenko announces joint force",
        "url": "Where it was found (printed in the brief's sources). Example: "
               "https://www.themoscowtimes.com/2022/10/11/...",
        "outlet": "Who published it; null when the text does not say. Example: The Moscow Times",
        "published": "Its publication date (YYYY-MM-DD); findings after a snapshot's as_of are "
                     "refused. Example: 2022-10-11",
        "published_basis": "How the date was found. Example: dateline and weekday references",
        "derived_from": "Documents (or originals outside the index) it copies or retells. "
                        "Example: [belta_2022_10_10]",
        "note": "Free text about the document. Example: machine translation from German",
    },
    "OverlaySpec": {
        "written": "When the analyst set these numbers (YYYY-MM-DD). Example: 2022-10-12",
        "format": "Always forecast-overlay/1. Example: forecast-overlay/1",
        "analyst": "Whose numbers these are (names the analyst in outputs and pools). Example: "
                   "analyst_b",
        "date": "When they were written (YYYY-MM-DD). Example: 2022-10-12",
        "rationale": "Why these numbers differ from the model's. Example: Moscow wants a second "
                     "front.",
        "model": "The model it is for: its id, or its file relative to this file. Example: "
                 "../models/belarus.yaml",
        "priors": "Root priors this analyst holds. Example: {russian_axis_intent: {tie_down: "
                  "0.3, offensive: 0.7}}",
        "nodes": "Per node, a parameter form replacing the model's; a `table` may give single "
                 "rows (the rest stay the model's). Example: {minsk_stance: {table: [{given: "
                 "{...}, p: [...]}]}}",
    },
    "OverlayNodeSpec": {
        "range": "The credible span of one state's number, as {STATE: [low, high]} (others "
                 "share the rest in proportion); swept by sensitivity --sweep ranges. Example: "
                 "{high: [0.3, 0.6]}",
        "prior": "A root's distribution, as in a model. Example: [0.3, 0.7]",
        "table": "Rows as in a model; rows not given stay the model's. Example: [{given: "
                 "{cause: high}, p: [0.1, 0.9]}]",
        "noisy_max": "A whole noisy-MAX form, as in a model. Example: {leak: [...], parents: "
                     "{...}}",
        "ranked": "A whole ranked form, as in a model. Example: {function: wmin, weights: "
                  "{...}, variance: 0.02}",
        "confidence": "This analyst's equivalent sample size for the node (> 0). Example: 5",
        "rationale": "Why. Example: the weakest link decides",
    },
}

TITLES = {"model": "Model (`forecast-model/1`)", "scenario": "Scenario (`forecast-scenario/1`)",
          "sources": "Sources index (`forecast-sources/1`)",
          "overlay": "Overlay (`forecast-overlay/1`)"}


def describe(schema: dict[str, Any], root: str) -> dict[str, Any]:
    """The JSON Schema with a description on every property it has one for (in place)."""
    parts = {root: schema, **schema.get("$defs", {})}
    for name, part in parts.items():
        for key, prop in part.get("properties", {}).items():
            text = DESCRIPTIONS.get(name, {}).get(key)
            if text:
                prop["description"] = text
    return schema


def format_tables() -> str:
    """One Markdown table per format (and per nested part), key by key, for the README."""
    from .models import SPECS

    out: list[str] = []
    shown: set[str] = set()
    for kind, spec in SPECS.items():
        schema = spec.model_json_schema()
        parts = {spec.__name__: schema, **schema.get("$defs", {})}
        out.append(f"#### {TITLES[kind]}\n")
        for name, part in parts.items():
            if "properties" not in part:
                continue
            if name in shown:
                out.append(f"`{name}`: as above.\n")
                continue
            shown.add(name)
            out.append(f"`{name}`\n\n| key | required | meaning, unit, example |\n|---|---|---|")
            required = set(part.get("required", ()))
            for key in part["properties"]:
                text = DESCRIPTIONS.get(name, {}).get(key, "").replace("|", "\\|")
                out.append(f"| `{key}` | {'yes' if key in required else ''} | {text} |")
            out.append("")
    return "\n".join(out)
