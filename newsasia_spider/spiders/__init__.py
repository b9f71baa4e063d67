"""The outlet spiders: one shared base (base.py), the outlets as declarations (outlets.py)."""
