"""Shared test set-up. Tests never touch the network."""

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session", autouse=True)
def warc_dir_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Crawls keep their pages as WARC under data/warc of their working directory, which for
    most tests is the repository: unless a test chooses a folder, they go to a temporary one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSASIA_WARC_DIR", str(tmp_path_factory.mktemp("warc")))
        yield
