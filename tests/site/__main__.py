"""Serve the local test site of each outlet until interrupted, for trying the crawlers by hand:

    python -m tests.site [--articles 200] [OUTLET ...]

prints one address per outlet and the NEWSASIA_BASE_URL value that points every spider (and
`newsasia crawl`, with SCRAPY_SETTINGS_MODULE=tests.site.settings) at them.
"""

from __future__ import annotations

import argparse
import json
import threading
from contextlib import ExitStack, suppress

from tests.site.outlets import OUTLET_SITES
from tests.site.server import LocalSite


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.site", description=__doc__)
    parser.add_argument("outlets", nargs="*", default=sorted(OUTLET_SITES))
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    with ExitStack() as stack:
        sites = [stack.enter_context(LocalSite(o, articles=args.articles)) for o in args.outlets]
        for site in sites:
            print(f"{site.outlet:10} {site.base}")
        bases = json.dumps({site.outlet: site.base for site in sites})
        print(
            f"\nexport SCRAPY_SETTINGS_MODULE=tests.site.settings NEWSASIA_BASE_URL='{bases}'"
            "\n(Ctrl-C stops the sites)",
            flush=True,
        )
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
