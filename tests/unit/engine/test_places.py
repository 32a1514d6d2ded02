"""Distances and city look-ups of the engine (no database, no gazetteer file)."""

from __future__ import annotations

import pytest

from matcher.engine.places import City, CityIndex, Point, distance_km, fold, nearest

GUANGZHOU = Point(23.11667, 113.25)
HONG_KONG = Point(22.27832, 114.17469)
BEIJING = Point(39.9075, 116.39723)
SHANGHAI = Point(31.22222, 121.45806)
LONDON = Point(51.50853, -0.12574)
PARIS = Point(48.85341, 2.3488)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (GUANGZHOU, HONG_KONG, 120, 140),  # about 130 km as the crow flies
        (BEIJING, SHANGHAI, 1050, 1090),  # about 1,067 km
        (LONDON, PARIS, 330, 350),  # about 344 km
    ],
)
def test_distances_between_known_city_pairs(a: Point, b: Point, low: float, high: float) -> None:
    assert low <= distance_km(a, b) <= high
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))


def test_distance_to_itself_is_zero_and_antipodes_are_half_the_world() -> None:
    assert distance_km(PARIS, PARIS) == 0
    assert distance_km(Point(0, 0), Point(0, 180)) == pytest.approx(20015.1, abs=1)


def test_a_point_outside_the_globe_is_refused() -> None:
    with pytest.raises(ValueError, match="latitude"):
        Point(91, 0)


def test_nearest_picks_the_closest_place() -> None:
    found = nearest(GUANGZHOU, [("Beijing", BEIJING), ("Hong Kong", HONG_KONG)])
    assert found is not None
    assert found[0] == "Hong Kong"
    assert nearest(GUANGZHOU, []) is None


def test_fold_ignores_case_accents_spaces_and_punctuation() -> None:
    assert fold("Hong Kong") == fold("hongkong") == "hongkong"
    assert fold("Zürich") == "zurich"
    assert fold("广州") == "广州"


INDEX = CityIndex(
    [
        City(
            "Guangzhou",
            "CN",
            GUANGZHOU,
            16_000_000,
            ("guangzhou", "广州", "廣州", "canton"),
            "广州",
        ),
        City("Gwangju", "KR", Point(35.15472, 126.91556), 1_400_000, ("gwangju", "光州")),
        City("Hong Kong", "HK", HONG_KONG, 7_000_000, ("hongkong", "香港"), "香港"),
        City("Canton", "US", Point(40.79895, -81.37845), 70_000),
    ]
)


@pytest.mark.parametrize(
    ("typed", "country", "expected"),
    [
        ("Guangzhou", None, ("Guangzhou", "CN")),
        ("广州", None, ("Guangzhou", "CN")),
        ("廣州", "CN", ("Guangzhou", "CN")),
        ("Guangzho", None, ("Guangzhou", "CN")),  # the start of a name
        ("Guangzou", None, ("Guangzhou", "CN")),  # a letter missing in the middle
        ("Gaungzhou", None, ("Guangzhou", "CN")),  # two letters swapped
        ("hong kong", None, ("Hong Kong", "HK")),
        ("Canton", None, ("Guangzhou", "CN")),  # the bigger Canton first
        ("Canton", "US", ("Canton", "US")),
    ],
)
def test_city_lookups_tolerate_typos_and_accept_chinese(
    typed: str, country: str | None, expected: tuple[str, str]
) -> None:
    found = INDEX.find(typed, country)
    assert found is not None
    assert (found.name, found.country) == expected


def test_unknown_places_find_nothing() -> None:
    assert INDEX.find("Atlantis") is None
    assert INDEX.find("Guangzhou", "FR") is None
    assert INDEX.search("") == []
