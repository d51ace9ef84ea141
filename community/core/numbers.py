"""Numbers as readers see them, in the active locale: "20 000" and "1,5" in
French, "20,000" and "1.5" in English.

For text and markup built in Python (templates use ``intcomma``,
``floatformat`` and the ``hours`` filter, which calls this). Never for an
attribute, an id or a URL: those take the plain number.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def shown_number(value: int | float | Decimal | str | None) -> str:
    """``value`` grouped by thousands with the locale's separators, with as
    many decimals as it has (``Decimal("1.50")`` → "1.5", ``6.00`` → "6");
    "" for what is not a number."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not number.is_finite():
        return ""
    places = max(0, -number.as_tuple().exponent)
    return number_format(number, decimal_pos=places, force_grouping=True)
