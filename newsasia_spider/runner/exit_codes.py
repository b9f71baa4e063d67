"""The exit statuses of the `newsasia` command, and the one way it reports a failure."""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_FAILED = 1  # a command failed: an outlet's crawl, the archive, a file
EXIT_USAGE = 2  # the command line asks for something that doesn't exist
# Another crawl of the same archive is running (crawl, reextract, prune-warc, stories --rebuild).
EXIT_LOCKED = 3


def fail(message: str, code: int = EXIT_FAILED) -> int:
    """Say what went wrong on standard error, in one line, and return the exit status."""
    print(f"newsasia: {message}", file=sys.stderr)
    return code
