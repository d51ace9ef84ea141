"""One way to build HTML in Python (issue 15, point 5), checked on the source.

Walks the syntax tree of every module under ``community/`` and ``realtime/``
(migrations aside) and fails on:

* an HTML-looking string literal (``<`` then a tag letter or ``/``) built by
  an f-string, ``%``, ``.format``, ``.join`` or ``+`` / ``+=`` — markup is
  built with ``format_html`` / ``format_html_join``, which escape every value;
* ``+`` / ``+=`` on the result of ``format_html`` / ``format_html_join``
  (join them through ``format_html`` instead);
* ``format_html`` / ``format_html_join`` outside an app's ``html.py``, or
  with a format string that is not a literal (a variable format string
  escapes nothing);
* ``mark_safe`` / ``SafeString(…)`` / ``SafeText`` anywhere but
  ``community.core.markdown.sanitised_html``, the one place that marks HTML
  safe: what the Markdown renderer and nh3 produced (now, or at write time
  and stored as ``body_html``).

``SafeString`` as a type annotation is fine (it names what the builders
return). No allow-list is needed today; an entry would name the file, the
line's construct and the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("community", "realtime")
HTML_RE = re.compile(r"<[A-Za-z/]")
BUILDERS = {"format_html", "format_html_join"}
MARKERS = {"mark_safe", "SafeString", "SafeText", "SafeData"}
# (path, function) where ``mark_safe`` may be called: sanitised HTML only.
SANITISER = ("community/core/markdown.py", "sanitised_html")
# (path, rule) → reason. Keep it short; every entry says why.
ALLOWED: dict[tuple[str, str], str] = {}


def modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                found.append(path)
    return found


def is_html(node: ast.AST) -> bool:
    """A literal (or an f-string's literal part) that looks like markup."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(HTML_RE.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(is_html(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return is_html(node.left) or is_html(node.right)
    return False


def call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return ""


def is_built_html(node: ast.AST) -> bool:
    """``format_html(…)`` and friends: a value that is markup."""
    return call_name(node) in BUILDERS | {"mark_safe"}


class Scanner(ast.NodeVisitor):
    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.is_html_module = rel.rsplit("/", 1)[-1] == "html.py"
        self.functions: list[str] = []
        self.problems: list[str] = []

    def report(self, node: ast.AST, rule: str) -> None:
        if (self.rel, rule) not in ALLOWED:
            self.problems.append(f"{self.rel}:{node.lineno}: {rule}")

    def in_sanitiser(self) -> bool:
        return (self.rel, self.functions[-1] if self.functions else "") == SANITISER

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        # Annotations (``-> SafeString``) are not visited: naming a type is fine.
        self.functions.append(node.name)
        for child in (*node.decorator_list, *node.body):
            self.visit(child)
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                self.visit(default)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        if is_html(node):
            self.report(node, "f-string building HTML")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Mod) and is_html(node.left):
            self.report(node, "% formatting of HTML")
        elif isinstance(node.op, ast.Add) and (
            is_html(node.left)
            or is_html(node.right)
            or is_built_html(node.left)
            or is_built_html(node.right)
        ):
            self.report(node, "+ concatenation of HTML")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.op, ast.Add | ast.Mod) and (
            is_html(node.value) or is_built_html(node.value)
        ):
            self.report(node, "+= / %= building HTML")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"format", "join"}
            and is_html(func.value)
        ):
            self.report(node, f".{func.attr}() building HTML")
        name = call_name(node)
        if name in BUILDERS:
            index = 0 if name == "format_html" else 1
            fmt = node.args[index] if len(node.args) > index else None
            if not (isinstance(fmt, ast.Constant) and isinstance(fmt.value, str)):
                self.report(node, f"{name} with a format string that is not a literal")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        self.check_name(node, node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.check_name(node, node.attr)
        self.generic_visit(node)

    def check_name(self, node: ast.AST, name: str) -> None:
        if name in BUILDERS and not self.is_html_module:
            self.report(node, f"{name} outside an html.py module")
        if name in MARKERS and not self.in_sanitiser():
            self.report(node, f"{name} outside {SANITISER[0]}:{SANITISER[1]}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name in BUILDERS and not self.is_html_module:
                self.report(node, f"import of {alias.name} outside an html.py module")
            if alias.name in MARKERS - {"SafeString"} and self.rel != SANITISER[0]:
                self.report(node, f"import of {alias.name} outside {SANITISER[0]}")


def scan_source(rel: str, source: str) -> list[str]:
    scanner = Scanner(rel)
    scanner.visit(ast.parse(source, filename=rel))
    return scanner.problems


def scan(path: Path) -> list[str]:
    return scan_source(path.relative_to(ROOT).as_posix(), path.read_text())


def test_every_module_builds_html_one_way() -> None:
    problems = [problem for path in modules() for problem in scan(path)]
    assert not problems, "HTML built outside format_html in html.py:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("x = f'<a href=\"{url}\">{name}</a>'", "f-string building HTML"),
        ("x = '<b>%s</b>' % name", "% formatting of HTML"),
        ("x = '<b>{}</b>'.format(name)", ".format() building HTML"),
        ("x = '</li><li>'.join(items)", ".join() building HTML"),
        ("x = '<b>' + name + '</b>'", "+ concatenation of HTML"),
        ("x += '</div>'", "+= / %= building HTML"),
        ("x = format_html('<b>{}</b>', a) + b", "+ concatenation of HTML"),
        ("x = format_html('<b>{}</b>', a)", "format_html outside an html.py module"),
        ("from django.utils.html import format_html", "import of format_html outside"),
        ("x = mark_safe(y)", "mark_safe outside community/core/markdown.py:sanitised_html"),
        ("x = SafeString(y)", "SafeString outside"),
        ("from django.utils.safestring import mark_safe", "import of mark_safe outside"),
    ],
)
def test_the_scan_catches(source: str, rule: str) -> None:
    """Each rule fires on a one-line module."""
    problems = scan_source("community/probe.py", source + "\n")
    assert any(rule in problem for problem in problems), problems


@pytest.mark.parametrize(
    "source",
    [
        "def f() -> SafeString:\n    return g()",
        "x = 'a < b' + c",
        "x = '{}: {}'.format(a, b)",
        '"""Docstring with <b>markup</b>."""',
    ],
)
def test_the_scan_lets_through(source: str) -> None:
    assert scan_source("community/probe.py", source + "\n") == []


def test_the_scan_allows_builders_in_html_modules_and_the_sanitiser() -> None:
    builder = "from django.utils.html import format_html\nx = format_html('<b>{}</b>', 1)\n"
    assert scan_source("community/probe/html.py", builder) == []
    sanitiser = (
        "from django.utils.safestring import mark_safe\n"
        "def sanitised_html(html):\n    return mark_safe(html)\n"
    )
    assert scan_source("community/core/markdown.py", sanitiser) == []
    assert scan_source("community/core/other.py", sanitiser) != []
