"""Where a postcode or a town is, from the file shipped with the kit
(``data/fr_places.csv``, France; sources in ``data/SOURCES.md``).

The file is read once per process, the first time a place is looked up
(about 34,000 rows, a few tens of milliseconds); nothing is ever downloaded.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "fr_places.csv"
FRANCE = {"", "france", "fr", "fra", "république française", "republique francaise"}


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    # A département's centre rather than the town's.
    approximate: bool = False

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


@dataclass
class _Index:
    by_postcode: dict[str, list[tuple[str, float, float]]]
    by_name: dict[str, list[tuple[str, float, float]]]
    by_department: dict[str, tuple[float, float]]


_index: _Index | None = None
_lock = threading.Lock()


def normalise_name(name: str) -> str:
    """Lower case, no accents or punctuation, "St" spelled "saint"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bst\b", "saint", text)
    return re.sub(r"\bste\b", "sainte", text)


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode or "").upper()


def department_of(postcode: str) -> str:
    """The département of a French postcode: its first two digits (three overseas)."""
    return postcode[:3] if postcode.startswith("97") else postcode[:2]


def _load() -> _Index:
    by_postcode: dict[str, list[tuple[str, float, float]]] = {}
    by_name: dict[str, list[tuple[str, float, float]]] = {}
    sums: dict[str, list[float]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            postcode, name = row["postcode"], row["city"]
            lat, lon = float(row["lat"]), float(row["lon"])
            key = normalise_name(name)
            by_postcode.setdefault(postcode, []).append((key, lat, lon))
            by_name.setdefault(key, []).append((postcode, lat, lon))
            total = sums.setdefault(department_of(postcode), [0.0, 0.0, 0])
            total[0] += lat
            total[1] += lon
            total[2] += 1
    by_department = {dep: (t[0] / t[2], t[1] / t[2]) for dep, t in sums.items()}
    return _Index(by_postcode=by_postcode, by_name=by_name, by_department=by_department)


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _load()
    return _index


def _mean(points: list[tuple[str, float, float]]) -> tuple[float, float]:
    return (
        sum(point[1] for point in points) / len(points),
        sum(point[2] for point in points) / len(points),
    )


def locate(*, postcode: str = "", city: str = "", country: str = "") -> Position | None:
    """The position of a place typed by a person, or ``None`` when unknown.

    The postcode wins (the town picks among the communes sharing it); a town
    alone is found when its name is unambiguous (or all its namesakes are in
    one département); an unknown French postcode falls back to its
    département's centre, flagged ``approximate``.
    """
    if normalise_name(country) not in FRANCE:
        return None
    index = _get_index()
    postcode = normalise_postcode(postcode)
    name = normalise_name(city or "")
    if postcode:
        communes = index.by_postcode.get(postcode)
        if communes:
            named = [c for c in communes if c[0] == name] if name else []
            lat, lon = _mean(named or communes)
            return Position(lat, lon)
        if re.fullmatch(r"\d{5}", postcode):
            centre = index.by_department.get(department_of(postcode))
            if centre is not None:
                return Position(centre[0], centre[1], approximate=True)
    if name:
        namesakes = index.by_name.get(name)
        if namesakes and len({department_of(n[0]) for n in namesakes}) == 1:
            lat, lon = _mean(namesakes)
            return Position(lat, lon)
    return None
