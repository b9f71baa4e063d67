"""Live progress of `newsasia crawl` per outlet in a terminal (rich); plain lines without one."""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any

from rich.console import Console
from rich.live import Live
from rich.table import Table

from newsasia_spider.runner.summary import format_duration


@dataclass
class _Row:
    state: str = "waiting"
    pages: int = 0
    articles: int = 0
    errors: int = 0
    started: float | None = None
    seconds: float = 0.0


class Progress:
    """A table of outlets (state, pages, articles, errors, time) redrawn while they crawl.

    live=None shows it only when out is a terminal; under cron only print()ed lines appear.
    """

    def __init__(self, outlets: list[str], out: IO[str], *, live: bool | None = None):
        self.out = out
        self.console = Console(file=out, force_terminal=live)
        self.rows = {outlet: _Row() for outlet in outlets}
        self.live = (
            Live(get_renderable=self.render, console=self.console, transient=True)
            if self.console.is_terminal
            else None
        )

    def __enter__(self) -> Progress:
        if self.live is not None:
            self.live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live is not None:
            self.live.stop()

    def start(self, outlet: str) -> None:
        row = self.rows[outlet]
        row.state, row.started = "crawling", time.monotonic()

    def update(self, outlet: str, report: dict[str, Any]) -> None:
        row = self.rows[outlet]
        row.pages = int(report.get("pages", row.pages))
        row.articles = int(report.get("articles", row.articles))
        row.errors = int(report.get("errors", row.errors))

    def finish(self, outlet: str, ok: bool) -> None:
        row = self.rows[outlet]
        row.state = "done" if ok else "failed"
        row.seconds = time.monotonic() - (row.started or time.monotonic())
        row.started = None

    def print(self, line: str) -> None:
        """A line of the summary: above the live table, or plainly."""
        if self.live is not None:
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.out, flush=True)

    def render(self) -> Table:
        table = Table(box=None, header_style="bold")
        for column in ("outlet", "state", "pages", "articles", "errors", "time"):
            table.add_column(column, justify="left" if column in ("outlet", "state") else "right")
        styles = {"crawling": "cyan", "done": "green", "failed": "bold red", "waiting": "dim"}
        for outlet, row in self.rows.items():
            seconds = time.monotonic() - row.started if row.started is not None else row.seconds
            table.add_row(
                outlet,
                f"[{styles[row.state]}]{row.state}[/]",
                str(row.pages),
                str(row.articles),
                str(row.errors),
                format_duration(seconds) if row.state != "waiting" else "",
            )
        return table
