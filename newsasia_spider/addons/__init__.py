"""Optional behaviours, each an add-on switched on by the ADDONS setting (settings.py)."""
