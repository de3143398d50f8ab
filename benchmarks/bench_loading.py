"""Reading a large model: pathfinder (109 nodes, 97,851 probabilities) as the model YAML that
`forecast import` writes, against reading the same network from BIF (goal: at most 2x), both
in-process with every cache emptied, and `forecast query` on each as a cold process. Also the
closest-passage search of a quote in a 10 KB document (timed here, checked in tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import BIN, RATIOS, best_of, command_time, markdown_table, seconds

from forecast.interop import read_network
from forecast.interop.yamlout import model_yaml
from forecast.spec.load import load_model


def pathfinder() -> Path:
    import pgmpy

    return Path(pgmpy.__file__).parent / "utils" / "example_models" / "pathfinder.bif.gz"


def main() -> str:
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        bif = Path(folder) / "pathfinder.bif"
        yaml = Path(folder) / "pathfinder.yaml"
        network = read_network(pathfinder())[0]
        bif.write_bytes(__import__("gzip").decompress(pathfinder().read_bytes()))
        yaml.write_text(model_yaml(network), encoding="utf-8")
        loaded = load_model(yaml).network
        assert all(np.allclose(loaded[n].cpt, network[n].cpt, atol=1e-12) for n in network.names)

        yaml_time = best_of(lambda: load_model(yaml), 5)  # nothing is cached between loads
        bif_time = best_of(lambda: read_network(bif), 5)
        yaml_query = command_time([BIN, "query", str(yaml)], 3)
        bif_query = command_time([BIN, "query", str(bif)], 3)
    passage = best_of(_closest_passage, 5)
    RATIOS["model YAML load / BIF read (pathfinder)"] = (yaml_time / bif_time, "≤ 2")
    rows = [
        ["load the model YAML (2.4 MB), in-process", seconds(yaml_time), "", ""],
        ["read the same network from BIF (1.6 MB), in-process", seconds(bif_time), "", ""],
        ["YAML load / BIF read", "", f"{yaml_time / bif_time:.2f}", "≤ 2"],
        ["`forecast query pathfinder.yaml` (cold process)", seconds(yaml_query), "", ""],
        ["`forecast query pathfinder.bif` (cold process)", seconds(bif_query), "", ""],
        ["YAML query / BIF query", "", f"{yaml_query / bif_query:.2f}", ""],
        ["closest passage to a quote in a 10 KB document", seconds(passage), "", "< 1 s"],
    ]
    return "### Reading large models\n\n" + markdown_table(["measure", "time", "ratio", "goal"], rows)


def _closest_passage() -> None:
    from test_sources import _ten_kilobyte_document

    from forecast.sources import check_quote

    quote = "Belarusian conscripts are inexperienced and badly equipped, an analyst told reporters."
    check_quote(quote, _ten_kilobyte_document())


if __name__ == "__main__":
    print(main())
