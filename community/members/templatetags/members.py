"""Template helpers for member pages: the builders of ``community/members/html.py``.

``{{ answer|answer_html }}``, ``{% skill_filter_groups form %}``,
``{% select_options choices selected %}``, ``{% member_card card matched %}``.
"""

from __future__ import annotations

from django import template

from community.members import html

register = template.Library()

register.filter("answer_html", html.answer_html)
register.simple_tag(html.skill_filter_groups)
register.simple_tag(html.select_options)
register.simple_tag(html.member_card)
