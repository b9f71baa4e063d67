"""Run health as an add-on: on unless NEWSASIA_HEALTH is false.

    ArticleAnswersMiddleware (downloader, 593)  how each article request was answered
    HealthMiddleware (spider, 940)              articles listed; per article: site or
                                                fallback, empty fields, the fallback's reason;
                                                site-vs-fallback agreement on a sample

Settings: NEWSASIA_HEALTH, NEWSASIA_HEALTH_SAMPLE (share of the site extractor's pages the
fallback extracts too, for the agreement), NEWSASIA_HEALTH_SAMPLE_FIRST (the first pages of
each run always compared). Off, a run still fails when its requests failed or it hit a 403
wall, but "0 of N listed articles stored" can't be told and `newsasia health` has nothing to
read. docs/health.md.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component

ARTICLE_ANSWERS = "newsasia_spider.downloadermiddlewares.article_answers.ArticleAnswersMiddleware"
ARTICLE_ANSWERS_ORDER = 593  # before the back-off (592) and retries (550) see the answer
HEALTH = "newsasia_spider.spidermiddlewares.health.HealthMiddleware"
HEALTH_ORDER = 940  # just after the IncrementalMiddleware (950): what it lets through


class HealthAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSASIA_HEALTH"):
            return
        set_component(settings, "DOWNLOADER_MIDDLEWARES", ARTICLE_ANSWERS, ARTICLE_ANSWERS_ORDER)
        set_component(settings, "SPIDER_MIDDLEWARES", HEALTH, HEALTH_ORDER)
