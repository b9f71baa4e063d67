"""A spider that fetches given paths of a test site and yields what each response looked like."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse


class LocalSiteSpider(Spider):
    name = "vcr_test_site"
    handle_httpstatus_list: ClassVar[list[int]] = [404]
    custom_settings: ClassVar[dict[str, Any]] = {
        "NEWSASIA_ALLOW_LOOPBACK": True,  # the test site is on 127.0.0.1
        "EXTENSIONS": {"netguard.NetGuard": 0},
        # Plain dict items to a plain feed: the project's storage and Article exporters stay out.
        "NEWSASIA_STORAGE": False,
        "FEED_EXPORTERS": {"jsonl": "scrapy.exporters.JsonLinesItemExporter"},
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
    }

    def __init__(self, base_url: str, paths: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A path may also be a whole URL (another host).
        self.urls = [p if "://" in p else base_url + p for p in paths.split(",")]

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url)

    def parse(self, response: Response) -> dict[str, Any]:
        text = response if isinstance(response, TextResponse) else None
        return {
            "url": response.url,
            "requested": response.request.meta.get("redirect_urls", [response.url])[0],
            "status": response.status,
            "encoding": text.encoding if text else None,
            "title": text.css("title::text").get() if text else None,
            "body_base64": base64.b64encode(response.body).decode("ascii"),
        }
