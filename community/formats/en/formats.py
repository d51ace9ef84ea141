"""English formats over Django's (``community/formats/__init__.py``)."""

SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
