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
    assert named == either  # one commune behind 38000: the name changes nothing

    # 73000 is shared by Chambéry, Sonnaz and others (data/fr_places.csv): the
    # town picks its own commune, spelled however the person typed it.
    chambery = places.locate(postcode="73000", city="chambery")
    sonnaz = places.locate(postcode="73000", city="Sonnaz")
    assert chambery == places.Position(45.5663, 5.9208)
    assert sonnaz == places.Position(45.6176, 5.9150)
    assert places.locate(postcode="73 000", city="CHAMBÉRY") == chambery
    # No town, or one that is not among them: the communes' mean, never approximate.
    communes = places._get_index().by_postcode["73000"]
    assert len(communes) > 2
    mean = places.Position(
        sum(c[1] for c in communes) / len(communes), sum(c[2] for c in communes) / len(communes)
    )
    assert places.locate(postcode="73000") == mean
    assert places.locate(postcode="73000", city="Grenoble") == mean
    assert not mean.approximate and mean not in (chambery, sonnaz)


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
