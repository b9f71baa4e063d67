"""Versioned schema migrations, one folder of `NNNN_name.sql` scripts per backend.

A database records the versions applied to it in `schema_migrations`; opening it applies the
missing ones in order. Numbers are handed out per change, so a gap (0006 landing before 0004) is
allowed: a migration a database lacks is applied even when a higher one already is. Released
scripts are never edited: a change is a new script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

SCRIPT_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations(dialect: str) -> tuple[Migration, ...]:
    """The dialect's migrations ("sqlite" or "postgres"), in version order."""
    found = []
    for entry in resources.files(__package__).joinpath(dialect).iterdir():
        match = SCRIPT_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if not versions or versions[0] != 1 or len(set(versions)) != len(versions):
        raise RuntimeError(f"{dialect} migrations must start at 1, no number twice: {versions}")
    return tuple(found)


def latest_version(dialect: str) -> int:
    return migrations(dialect)[-1].version
