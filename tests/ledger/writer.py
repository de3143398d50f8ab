"""A separate process writing to a ledger, for the concurrency tests.

python writer.py LEDGER record TAG N   records N forecasts tagged TAG
python writer.py LEDGER hang           writes a record in a transaction, says so, and waits
                                       before committing (to be killed)
"""

from __future__ import annotations

import sys
import time

from forecast.ledger import Entry, Prediction, open_ledger


def entry(tag: str, i: int) -> Entry:
    p = (0.5 + i * 1e-3, 0.3, 0.2 - i * 1e-3)
    return Entry(recorded_at=f"2024-01-01T00:00:{i % 60:02d}+00:00", scenario_id=f"{tag}_{i}",
                 scenario_title="concurrent", scenario_path=None, model_id="m", model_title=None,
                 model_sha256="0" * 64, as_of="2022-10-11", horizon="2023-04-30", analyst=tag,
                 engine="compiled", result={"tag": tag, "i": i},
                 predictions=(Prediction("forecast", "", "outcome", ("a", "b", "c"), p),
                              Prediction("reference", "base rate", "outcome", ("a", "b", "c"),
                                         (0.6, 0.3, 0.1))))


def main() -> None:
    where, action = sys.argv[1], sys.argv[2]
    with open_ledger(where, timeout=60) as ledger:
        if action == "record":
            tag, n = sys.argv[3], int(sys.argv[4])
            for i in range(n):
                ledger.record(entry(tag, i))
            return
        with ledger.backend.transaction() as cur:
            ledger.write_entry(cur, entry("killed", 0))
            print("written, not committed", flush=True)
            time.sleep(600)


if __name__ == "__main__":
    main()
