"""Distributed crawling: workers on any number of processes or machines share one Redis request
queue and duplicate filter per outlet (scrapy-redis) and store into one PostgreSQL archive.

Switched on by the NEWSASIA_REDIS_URL setting (addons/distributed.py); docs/distributed.md.
"""
