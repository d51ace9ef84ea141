"""Enums, not strings (issue 15): Python under community/ and realtime/ never
compares anything with a string literal that is the value of one of the
project's enums (privacy, roles, statuses, registration modes… every
``TextChoices``) or a fixed audience key (``public``, ``members``). It names
the member: ``Privacy.OPEN``, ``Role.OWNER``, ``Audience.PUBLIC``.

The values are read from the enums themselves (imported through the app
registry), so a new ``TextChoices`` is covered as soon as it exists."""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("community", "realtime")
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
# Literals that happen to spell an enum value but are another vocabulary.
NOT_ENUMS = {
    ("community/groups/selectors.py", "other"): "the directory's filter (mine, other)",
    ("community/groups/views_manage.py", "member"): "the invitation form's kind (member, e-mail)",
    ("community/volunteering/demo.py", "admin"): "the demo data's key for the network admin",
}


def _project_enums() -> Iterator[type[enum.Enum]]:
    """The enums of the project's models modules (every ``TextChoices``), and
    the audience keys' (``community.core.audiences``)."""
    modules = {"community.core.audiences"} | {
        config.models_module.__name__
        for config in apps.get_app_configs()
        if config.name.split(".")[0] in FOLDERS and config.models_module is not None
    }
    for name in sorted(modules):
        module = import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == name
            ):
                yield value


def enum_values() -> dict[str, str]:
    """Every string value of the project's enums, with an enum that has it."""
    values: dict[str, str] = {}
    for cls in _project_enums():
        for member in cls:
            if isinstance(member.value, str):
                values.setdefault(member.value, f"{cls.__name__}.{member.name}")
    return values


def _strings(node: ast.AST) -> Iterator[str]:
    """The string literals ``node`` is, or holds as a tuple, list or set."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _strings(element)


def compared_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, literal) of each string compared with ``==``, ``!=``, ``in``,
    ``not in`` or matched by a ``case``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for index, op in enumerate(node.ops):
                if isinstance(op, COMPARISONS):
                    for side in operands[index : index + 2]:
                        for text in _strings(side):
                            yield node.lineno, text
        elif isinstance(node, ast.MatchValue):
            for text in _strings(node.value):
                yield node.lineno, text


def _modules() -> Iterator[Path]:
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts and "tests" not in path.parts:
                yield path


def test_the_scan_knows_the_enums() -> None:
    values = enum_values()
    for value in ("open", "secret", "owner", "admin", "public", "members", "invitation"):
        assert value in values, value


def test_the_scan_finds_each_kind_of_comparison() -> None:
    source = (
        'a == "open"\n'
        'b != "members"\n'
        'c in ("owner", "admin")\n'
        'd not in {"public"}\n'
        'match e:\n    case "secret":\n        pass\n'
        'f == "not-an-enum-value"\n'
    )
    values = enum_values()
    found = [(line, text) for line, text in compared_strings(ast.parse(source)) if text in values]
    assert found == [
        (1, "open"),
        (2, "members"),
        (3, "owner"),
        (3, "admin"),
        (4, "public"),
        (6, "secret"),
    ]


def test_no_enum_value_is_compared_as_a_string() -> None:
    values = enum_values()
    found = sorted(
        f"{name}:{line}: {text!r} — use {values[text]}"
        for path in _modules()
        for line, text in compared_strings(ast.parse(path.read_text(encoding="utf-8")))
        if text in values and (name := str(path.relative_to(ROOT)), text) not in NOT_ENUMS
    )
    assert not found, "compare with the enum, not its value:\n" + "\n".join(found)
