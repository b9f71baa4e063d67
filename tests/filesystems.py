"""Filesystems the archive tests need: read-only, or full.

Tests run as root in CI, and root writes any file whatever its mode: a read-only folder is a
tmpfs mounted for the test and remounted read-only (writes fail with EROFS, even for root).
For anyone else, file modes do. A full filesystem is a small tmpfs filled to the last block.
Mounting needs root (CAP_SYS_ADMIN); without it these tests skip, except under CI=true, where
they fail: CI must never pass without them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str = "16m") -> Iterator[Path]:
    """A fresh tmpfs at mount_point (created if need be) for the duration."""
    mount_point.mkdir(exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "newsasia-test", str(mount_point))
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        reason = f"cannot mount a tmpfs at {mount_point}: {detail.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the filesystem tests must run)")
        pytest.skip(reason)
    try:
        yield mount_point
    finally:
        # Lazy: a connection the code under test failed to close must not keep it mounted.
        subprocess.run(["umount", "-l", str(mount_point)], check=False, timeout=30)


@contextlib.contextmanager
def read_only_copy(folder: Path) -> Iterator[Path]:
    """A copy of folder's files that nobody, root included, can write or add to."""
    if os.geteuid() != 0:
        copy = folder.with_name(f"{folder.name}-ro")
        shutil.copytree(folder, copy)
        for path in copy.iterdir():
            path.chmod(0o444)
        copy.chmod(0o555)
        try:
            yield copy
        finally:
            copy.chmod(0o755)
        return
    with tmpfs(folder.with_name(f"{folder.name}-ro")) as copy:
        shutil.copytree(folder, copy, dirs_exist_ok=True)
        _mount("-o", "remount,ro", str(copy))
        yield copy


def fill(folder: Path) -> None:
    """Take every free block of folder's filesystem (a tmpfs: see tmpfs())."""
    with open(folder / "filler", "wb", buffering=0) as filler:
        for size in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):  # ENOSPC: on to smaller writes
                while True:
                    filler.write(b"\0" * size)
