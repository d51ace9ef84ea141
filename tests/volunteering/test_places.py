"""The shipped French places file: postcodes and towns to coordinates."""

from __future__ import annotations

from community.volunteering import places
from community.volunteering.matching.scoring import distance_km


def test_a_postcode_is_placed() -> None:
    lyon = places.locate(postcode="69004")
    villeurbanne = places.locate(postcode="69100")
    assert lyon and villeurbanne and not lyon.approximate
    assert 2 < distance_km(lyon.point, villeurbanne.point) < 8
    marseille = places.locate(postcode="13 001")
    assert 270 < distance_km(lyon.point, marseille.point) < 290


def test_a_town_alone_is_placed_when_unambiguous() -> None:
    grenoble = places.locate(city="grenoble")
    assert grenoble is not None and 45 < grenoble.latitude < 45.3
    assert places.locate(city="Saint-Étienne") == places.locate(city="st etienne")
    assert places.locate(city="Atlantis") is None


def test_the_town_picks_among_the_communes_of_a_postcode() -> None:
    either = places.locate(postcode="38000")
    named = places.locate(postcode="38000", city="Grenoble")
    assert either is not None and named is not None


def test_an_unknown_french_postcode_falls_back_to_its_departement() -> None:
    approximate = places.locate(postcode="42999")
    assert approximate is not None and approximate.approximate
    assert places.locate(postcode="ABC") is None
    assert places.locate(postcode="69004", country="Belgique") is None


def test_the_file_is_read_once() -> None:
    places.locate(postcode="75011")
    index = places._get_index()
    places.locate(postcode="33000")
    assert places._get_index() is index
    assert len(index.by_postcode) > 5000
