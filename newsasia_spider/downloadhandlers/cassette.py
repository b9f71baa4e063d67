"""The download handler that answers from the crawl's cassette (record and replay)."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers import DownloadHandlerProtocol
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler, load_object

from newsasia_spider import stat_keys
from newsasia_spider.extensions.cassette_session import CassetteSession
from newsasia_spider.vcr import to_scrapy_response, to_vcr_request, to_vcr_response


class CassetteDownloadHandler:
    """Answers from the cassette; downloads with Scrapy's own handler what it may record."""

    lazy = True

    def __init__(self, crawler: Crawler) -> None:
        session = crawler.get_extension(CassetteSession)
        if session is None:
            raise NotConfigured("needs VcrAddon in ADDONS and the VCR_CASSETTE setting")
        self.crawler = crawler
        self.session = session
        self._network_handler: DownloadHandlerProtocol | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CassetteDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        cassette = self.session.cassette
        recorded_request = to_vcr_request(request)
        if cassette.can_play_response_for(recorded_request):
            self.crawler.stats.inc_value(stat_keys.VCR_PLAYED)
            return to_scrapy_response(request, cassette.play_response(recorded_request))
        if cassette.write_protected:
            raise self.session.refuse(request)
        response = await self.network_handler().download_request(request)
        cassette.append(recorded_request, to_vcr_response(response))
        self.crawler.stats.inc_value(stat_keys.VCR_RECORDED)
        return response

    def network_handler(self) -> DownloadHandlerProtocol:
        """Scrapy's default HTTPS handler, built on first use so pure replays never make one."""
        if self._network_handler is None:
            handler_path = self.crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")["https"]
            self._network_handler = build_from_crawler(load_object(handler_path), self.crawler)
        return self._network_handler

    async def close(self) -> None:
        if self._network_handler is not None:
            await self._network_handler.close()
