import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

ROOT = HERE.parent
FIXTURES = HERE / "fixtures"

import pytest  # noqa: E402


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
