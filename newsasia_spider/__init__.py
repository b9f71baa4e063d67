"""newsasia's Scrapy project: spiders, items, pipelines, storage, record/replay, the CLI."""
