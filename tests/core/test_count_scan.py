"""Issue 14.7: no count reaches a hard-coded English plural noun without a
plural choice. Scans the code base's Python (f-strings, ``str.format``/``%``
templates, and ``gettext`` calls whose message puts a placeholder before a
plural noun: those must be ``ngettext``) and templates (``{{ x }} nouns``
outside a ``blocktranslate count``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOUNS = (
    "answers|choices|comments|days|engagements|followers|groups|hours|images|interests|"
    "invitations|links|members|months|needs|offers|others|people|places|posts|profiles|"
    "projects|reactions|replies|requests|skills|volunteers|weeks|years"
)
# Between the number and its noun, at most one of these ("3 new posts").
ADJECTIVE = r"(?:(?:new|more|other|pending|open|confirmed|unread)\s+)?"
NUMBER_THEN_NOUN = r"\s+" + ADJECTIVE + r"(?:" + NOUNS + r")\b"
# A placeholder (``%(n)s``, ``%s``, ``%d``, ``{n}``, ``{}``) then a plural noun.
PLACEHOLDER_THEN_NOUN = re.compile(r"(?:%\(\w+\)[sd]|%[sd]|\{\w*\})" + NUMBER_THEN_NOUN)
# An f-string value that is a number: len(…), or a name saying so.
NUMBER_NAME = re.compile(r"^(?:n|num|number|count|total|size|amount)$|count|total|number")
# Developer output of the demo commands: English, not translated, always plural.
EXEMPT = {"community/members/demo.py", "community/volunteering/demo.py"}
# Plural forms chosen in the browser: realtime.js shows "1 new post" for one and
# this one for two or more (one form for n ≥ 2 in English and French alike).
EXEMPT_MESSAGES = {"{n} new posts"}
SINGULAR_GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        return _name(node.func) == "len"
    return bool(NUMBER_NAME.search(_name(node).lower()))


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_findings(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.JoinedStr):
            # f"{count} comments": a value, then text starting with a plural noun.
            for before, after in zip(node.values, node.values[1:], strict=False):
                text = _literal(after)
                if (
                    isinstance(before, ast.FormattedValue)
                    and _is_number(before.value)
                    and text is not None
                    and re.match(NUMBER_THEN_NOUN, text)
                ):
                    found.append(f"{where}: f-string {text.strip()!r}")
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SINGULAR_GETTEXT and node.args:
                text = _literal(node.args[-1] if name.startswith("pgettext") else node.args[0])
                if text and text not in EXEMPT_MESSAGES and PLACEHOLDER_THEN_NOUN.search(text):
                    found.append(f"{where}: {name}({text!r}) needs ngettext")
            elif name == "format" and isinstance(node.func, ast.Attribute):
                text = _literal(node.func.value)
                if text and PLACEHOLDER_THEN_NOUN.search(text):
                    found.append(f"{where}: {text!r}.format(…)")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            text = _literal(node.left)
            if text and PLACEHOLDER_THEN_NOUN.search(text):
                found.append(f"{where}: {text!r} % …")
    return found


BLOCK = re.compile(
    r"\{% blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{% endblocktranslate %\}", re.S
)
VARIABLE_THEN_NOUN = re.compile(r"\{\{\s*(?P<expr>[^}]*?)\s*\}\}\s*(?:</\w+>)?" + NUMBER_THEN_NOUN)
# A template value that is a number: a name or a filter saying so.
NUMBER_EXPR = re.compile(r"count|total|number|length|intcomma|floatformat|shown|^n$|\.n$")


def _numbers_then_nouns(text: str) -> list[str]:
    return [
        match.group(0)
        for match in VARIABLE_THEN_NOUN.finditer(text)
        if NUMBER_EXPR.search(match.group("expr"))
    ]


def template_findings(text: str, filename: str) -> list[str]:
    found = []
    for block in BLOCK.finditer(text):
        if " count " not in f" {block.group('args')} " and _numbers_then_nouns(block.group("body")):
            found.append(f"{filename}: {block.group(0)[:120]}")
    outside = BLOCK.sub("", text)
    for match in _numbers_then_nouns(outside):
        found.append(f"{filename}: {match}")
    return found


def test_the_scan_catches_what_it_is_for() -> None:
    bad = """
from django.utils.translation import gettext as _
a = f"{n} comments"
b = _("%(count)s members joined") % {"count": n}
c = "{} reactions".format(n)
d = "%s volunteers" % n
e = f"{n} new posts"
f = f"{len(items)} members added."
"""
    assert len(python_findings(bad, "bad.py")) == 6
    good = """
from django.utils.translation import gettext as _, ngettext
a = ngettext("%(count)s comment", "%(count)s comments", n) % {"count": n}
b = f"post:{pk}"
c = f"{url}comments/{pk}/"
d = f"{model} needs a foreign key"
e = _("%(who)s logged hours on %(need)s")
"""
    assert python_findings(good, "good.py") == []
    assert template_findings("<p>{{ n }} members</p>", "t.html")
    assert template_findings("<p><b>{{ n }}</b> new posts</p>", "t.html")
    assert not template_findings("<p><b>{{ name }}</b> offers their skills</p>", "t.html")
    assert template_findings(
        "{% blocktranslate with count=x %}{{ count }} members{% endblocktranslate %}", "t.html"
    )
    assert not template_findings(
        "{% blocktranslate count counter=x %}{{ counter }} member{% plural %}"
        "{{ counter }} members{% endblocktranslate %}",
        "t.html",
    )


def test_no_count_before_a_hard_coded_plural_noun_in_python() -> None:
    found = []
    paths = [*(ROOT / "community").rglob("*.py"), *(ROOT / "realtime").rglob("*.py")]
    for path in sorted(paths):
        name = str(path.relative_to(ROOT))
        if "migrations" in path.parts or name in EXEMPT:
            continue
        found += python_findings(path.read_text(), name)
    assert found == []


def test_no_count_before_a_hard_coded_plural_noun_in_templates() -> None:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found += template_findings(path.read_text(), str(path.relative_to(ROOT)))
    assert found == []
