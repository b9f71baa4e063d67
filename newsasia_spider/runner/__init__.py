"""Running crawls: the `newsasia` command, the parent that runs the outlets one by one, the
per-outlet child process, live progress, the summary and the exit codes."""

from pathlib import Path

# The checkout's recorded cassettes, found wherever `newsasia crawl --offline` is run from.
RECORDED_CASSETTES = Path(__file__).resolve().parents[2] / "fixtures" / "cassettes"
