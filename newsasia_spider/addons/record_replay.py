"""Record and replay crawls with vcrpy cassettes: `scrapy crawl X -s VCR_CASSETTE=path.yaml`.

vcrpy patches HTTP client libraries, not Twisted, so it cannot see Scrapy's downloads by itself.
Here a download handler stands in for Scrapy's HTTP(S) handler and, per request, plays the
response from the crawl's cassette or downloads it and appends the interaction. It sits below
the downloader middlewares, so a cassette holds what went over the wire: raw bodies (gzip stays
compressed), one interaction per redirect hop, robots.txt included. Replay is a live crawl
without the network.

Settings (used only when `VcrAddon` is in ADDONS and VCR_CASSETTE is set):

- VCR_CASSETTE: path of the YAML cassette.
- VCR_RECORD_MODE: vcrpy record mode, default "none" (replay only). The VCR_RECORD_MODE
  environment variable overrides settings files; `-s VCR_RECORD_MODE=...` overrides both.
- VCR_MATCH_ON: vcrpy matcher names a request must agree on, default method and uri.

A request the cassette cannot answer in a mode that may not record fails the crawl: an ERROR
naming the URL and the cassette, stat `vcr/unrecorded`, close reason `vcr_unrecorded_request`,
which `scrapy crawl` turns into exit status 1 (see `newsasia_spider.commands.crawl`).
"""

from __future__ import annotations

import os

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newsasia_spider.downloadhandlers.cassette import CassetteDownloadHandler
from newsasia_spider.extensions.cassette_session import UNRECORDED_CLOSE_REASON, CassetteSession

CMDLINE_PRIORITY = SETTINGS_PRIORITIES["cmdline"]


class VcrAddon:
    """Routes HTTP(S) downloads through the cassette when VCR_CASSETTE is set; else does nothing."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("VCR_CASSETTE"):
            return
        environment_mode = os.environ.get("VCR_RECORD_MODE")
        # The environment variable beats settings files, not `-s VCR_RECORD_MODE=...`.
        set_on_command_line = (settings.getpriority("VCR_RECORD_MODE") or 0) >= CMDLINE_PRIORITY
        if environment_mode and not set_on_command_line:
            settings.set("VCR_RECORD_MODE", environment_mode, priority="cmdline")
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        handlers.update(http=CassetteDownloadHandler, https=CassetteDownloadHandler)
        settings.set("DOWNLOAD_HANDLERS", handlers, settings.getpriority("DOWNLOAD_HANDLERS") or 0)
        settings.set_in_component_priority_dict("EXTENSIONS", CassetteSession, 0)
        settings.add_to_list("NEWSASIA_FAILURE_CLOSE_REASONS", UNRECORDED_CLOSE_REASON)
        if settings.get("VCR_RECORD_MODE") == "none":
            # Pure replay talks to no server: politeness delays only slow it down. Set at the
            # project's priority so settings.py yields but `-s` still wins.
            for name, value in REPLAY_SETTINGS.items():
                settings.set(name, value, priority="project")


REPLAY_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSASIA_BACKOFF_PAUSES": False,
}
