"""One spider per outlet, made from the outlet records (extractors/outlets/, one module each).

Scrapy lists the spiders a spider module defines, so each generated class is kept here under
its own name (`TassSpider`, `Kg24Spider`, ...); `scrapy list` shows the outlets' names.
"""

from __future__ import annotations

from extractors.outlets import OUTLETS
from newsasia_spider.spiders.base import OutletSpider

SPIDERS: dict[str, type[OutletSpider]] = {
    outlet.name: OutletSpider.for_outlet(outlet, module=__name__) for outlet in OUTLETS
}
globals().update({spider.__name__: spider for spider in SPIDERS.values()})
