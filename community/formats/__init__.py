"""The project's locale formats (``FORMAT_MODULE_PATH``), over Django's own.

``SHORT_DATE_FORMAT`` is the short date the pages show (``|date:"SHORT_DATE_FORMAT"``,
``formats.date_format(day, "SHORT_DATE_FORMAT")``): "2 Dec 2026" in English,
"2 déc. 2026" in French — Django's ``M`` gives "Déc", but French abbreviates
months in lowercase with a full stop (``N``).
"""
