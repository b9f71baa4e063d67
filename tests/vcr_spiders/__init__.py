"""Spiders for tests/test_vcr.py: `-s SPIDER_MODULES=vcr_spiders`, with tests/ on PYTHONPATH."""
