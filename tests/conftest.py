import os
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


# CI runs the property tests on fixed examples (hypothesis's derandomized search), so a
# submission's verdict does not depend on which random inputs a run happens to draw;
# developers' runs keep searching afresh
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
