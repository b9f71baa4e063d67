"""The crawl's vcrpy cassette, loaded when the crawl starts and saved when the spider closes."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred
from vcr import VCR
from vcr.patch import PATCHER_NAMES
from vcr.record_mode import RecordMode, validate_record_mode

from newsasia_spider import stat_keys
from newsasia_spider.vcr import CassetteFile, ReadableYamlSerializer

logger = logging.getLogger(__name__)

UNRECORDED_CLOSE_REASON = "vcr_unrecorded_request"
DEFAULT_MATCH_ON = ("method", "uri")


class UnrecordedRequest(IgnoreRequest):
    """The cassette has no response for this request and may not record one."""


class CassetteSession:
    """The crawl's one cassette, shared by the http and https handlers.

    Loaded when the crawler starts, saved (if anything was recorded) when the spider closes.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.path = Path(settings["VCR_CASSETTE"])
        self.record_mode = validate_record_mode(settings.get("VCR_RECORD_MODE") or "none")
        match_on = tuple(settings.getlist("VCR_MATCH_ON") or DEFAULT_MATCH_ON)
        if self.record_mode is RecordMode.NONE and not self.path.is_file():
            raise FileNotFoundError(
                f"cassette {self.path} does not exist; record it with VCR_RECORD_MODE=new_episodes"
            )
        # vcrpy logs every interaction and cassette option at INFO.
        logging.getLogger("vcr").setLevel(logging.WARNING)
        recorder = VCR(
            record_mode=self.record_mode,
            match_on=match_on,
            serializer="newsasia-yaml",
            skip_patchers=PATCHER_NAMES,  # nothing to patch: the download handler asks directly
        )
        recorder.register_serializer("newsasia-yaml", ReadableYamlSerializer)
        recorder.register_persister(CassetteFile)
        self._open_cassette = contextlib.ExitStack()
        self.cassette = self._open_cassette.enter_context(recorder.use_cassette(str(self.path)))
        self._close_call: Deferred[None] | None = None
        crawler.signals.connect(self.save, signal=signals.spider_closed)
        logger.info(
            "Cassette %s: %d interactions, record mode %s, matching on %s",
            self.path,
            len(self.cassette),
            self.record_mode.value,
            ", ".join(match_on),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CassetteSession:
        return cls(crawler)

    def save(self) -> None:
        """Write the cassette if this crawl recorded anything (vcrpy decides by record mode)."""
        self._open_cassette.close()

    def refuse(self, request: Request) -> UnrecordedRequest:
        """Report a request the cassette cannot answer and close the crawl as failed."""
        logger.error(
            "Unrecorded request %s %s: not in cassette %s (VCR_RECORD_MODE=%s). "
            "Record it with VCR_RECORD_MODE=new_episodes.",
            request.method,
            request.url,
            self.path,
            self.record_mode.value,
        )
        self.crawler.stats.inc_value(stat_keys.VCR_UNRECORDED)
        if self._close_call is None:
            # Not awaited here: closing waits for this very download to finish.
            self._close_call = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=UNRECORDED_CLOSE_REASON)
            )
        return UnrecordedRequest(f"{request.url} is not in cassette {self.path}")
