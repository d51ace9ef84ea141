"""French formats over Django's (``community/formats/__init__.py``)."""

SHORT_DATE_FORMAT = "j N Y"  # 2 déc. 2026
