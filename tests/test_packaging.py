"""pyproject.toml's license is PEP 639's SPDX string (issue 14, point 11): the
table form makes setuptools print a deprecation warning on every install and
stops building in 2027; the string needs setuptools 77 or later to build."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())


def test_the_license_is_an_spdx_expression_without_license_classifiers() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]


def test_the_build_needs_a_setuptools_that_reads_it() -> None:
    requires = PYPROJECT["build-system"]["requires"]
    setuptools = [r for r in requires if re.match(r"setuptools\b", r)]
    assert len(setuptools) == 1
    minimum = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools[0].replace(" ", ""))
    assert minimum and int(minimum.group(1)) >= 77, setuptools
