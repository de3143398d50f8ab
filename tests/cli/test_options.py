"""Every option more than one command takes is declared once, in cli/options.py, and the
commands pass the use cases their bundles (Checks, Adjustments)."""

from __future__ import annotations

import re

from conftest import ROOT

CLI = ROOT / "src" / "forecast" / "cli"
# flags that name different things in different commands (init --outcome is the outcome's
# states, resolve --outcome the one that came true; init --force and watch --force differ)
MEANING_DIFFERS = {"--outcome", "--force"}


def test_each_shared_option_is_declared_once() -> None:
    declared: dict[str, set[str]] = {}
    for path in CLI.glob("*.py"):
        for flag in set(re.findall(r'typer\.Option\(\s*"(--[a-z-]+)"', path.read_text())):
            declared.setdefault(flag, set()).add(path.name)
    twice = {flag: sorted(where) for flag, where in declared.items()
             if len(where) > 1 and flag not in MEANING_DIFFERS}
    assert twice == {}
    for flag in ("--target", "--out", "--set", "--analyst", "--pool", "--weights", "--ledger",
                 "--format", "--yardstick", "--samples", "--allow-unverified", "--strict"):
        assert declared.get(flag) == {"options.py"}, flag


def test_the_analysis_commands_build_requests_and_render() -> None:
    """A command module imports no analysis and no loader: it builds the use case's request
    and renders the result."""
    for name in ("run.py", "analyses.py", "warn.py", "query.py", "ledger.py", "validate.py",
                 "serve.py"):
        text = (CLI / name).read_text()
        assert "execute(" in text or "usecases" in text, name
        for forbidden in ("from ..analysis", "from ..spec.load", "load_checked(", "open_ledger("):
            assert forbidden not in text, (name, forbidden)
