"""Trials near me: the gazetteer, site positions, and the API's location and reach."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from trials.models import Site, Trial
from trials.places import country_code, locate, nearest_recruiting_sites, site_point

pytestmark = pytest.mark.django_db


def test_the_gazetteer_finds_cities_in_english_chinese_and_with_typos() -> None:
    for typed in ("Guangzhou", "广州", "廣州", "guangzhou", "Guangzou", "Gaungzhou"):
        found = locate("CN", typed)
        assert found is not None, typed
        assert found.name == "Guangzhou"
    hong_kong = locate("Hong Kong", "香港")
    assert hong_kong is not None
    assert hong_kong.name == "Hong Kong"
    assert locate("FR", "Guangzhou") is None
    assert locate("Narnia", "Paris") is None


def test_country_names_as_the_registry_writes_them() -> None:
    assert country_code("China") == "CN"
    assert country_code("United States") == "US"
    assert country_code("Korea, Republic of") == "KR"
    assert country_code("hk") == "HK"


def make_trial(key: str, *sites: tuple[str, str, str, str]) -> Trial:
    trial = Trial.objects.create(
        nct_id=key, slug=key.lower(), brief_title=f"Trial {key}", published=True
    )
    for facility, city, country, status in sites:
        Site.objects.create(
            trial=trial, facility=facility, city=city, country=country, status=status
        )
    return trial


@pytest.fixture
def trials_in_three_places() -> dict[str, Trial]:
    return {
        "hk": make_trial(
            "NCT09800001",
            ("Queen Mary Hospital", "Hong Kong", "Hong Kong", "RECRUITING"),
            ("Beijing Cancer Hospital", "Beijing", "China", "RECRUITING"),
        ),
        "beijing": make_trial(
            "NCT09800002", ("Peking Union", "Beijing", "China", "NOT_YET_RECRUITING")
        ),
        "closed_site": make_trial(
            "NCT09800003", ("Sun Yat-sen Cancer Center", "Guangzhou", "China", "COMPLETED")
        ),
    }


def test_a_site_without_registry_coordinates_is_placed_at_its_city() -> None:
    trial = make_trial("NCT09800009", ("Site", "Guangzhou", "China", "RECRUITING"))
    site = trial.sites.get()
    point = site_point(site)
    assert point is not None
    assert round(point.lat) == 23
    site.latitude, site.longitude = 23.1, 113.3
    assert site_point(site) == type(point)(23.1, 113.3)
    site.latitude = None
    site.city = "Guangzhouu"  # a site's city is never guessed
    assert site_point(site) is None


def test_nearest_recruiting_site_skips_sites_that_do_not_recruit(
    trials_in_three_places: dict[str, Trial],
) -> None:
    guangzhou = locate("CN", "Guangzhou")
    assert guangzhou is not None
    found = nearest_recruiting_sites(
        [trial.pk for trial in trials_in_three_places.values()], guangzhou.point
    )
    hk = found[trials_in_three_places["hk"].pk]
    assert hk.site.facility == "Queen Mary Hospital"
    assert 110 <= hk.distance_km <= 150
    assert 1800 <= found[trials_in_three_places["beijing"].pk].distance_km <= 1950
    assert trials_in_three_places["closed_site"].pk not in found


def post_match(client: Client, payload: dict[str, Any]) -> Any:
    return client.post("/api/v1/match", json.dumps(payload), content_type="application/json")


def test_match_gives_each_trial_its_nearest_site(
    client: Client, trials_in_three_places: dict[str, Trial]
) -> None:
    response = post_match(client, {"answers": {}, "location": {"country": "CN", "city": "广州"}})

    assert response.status_code == 200
    results = {r["trial"]: r for r in response.json()["results"]}
    assert results["NCT09800001"]["nearest_site"]["facility"] == "Queen Mary Hospital"
    assert 110 <= results["NCT09800001"]["nearest_site"]["distance_km"] <= 150
    assert results["NCT09800003"]["nearest_site"] is None
    assert "out_of_reach" not in response.json()


def test_match_within_reach_leaves_the_others_out_and_counts_them(
    client: Client, trials_in_three_places: dict[str, Trial]
) -> None:
    response = post_match(
        client,
        {"answers": {}, "location": {"lat": 23.13, "lon": 113.26}, "max_distance_km": 500},
    )

    body = response.json()
    assert [r["trial"] for r in body["results"]] == ["NCT09800001"]
    assert body["out_of_reach"] == 2


def test_match_without_location_has_no_nearest_site(
    client: Client, trials_in_three_places: dict[str, Trial]
) -> None:
    response = post_match(client, {"answers": {}})
    assert all(r["nearest_site"] is None for r in response.json()["results"])


def test_an_unknown_city_is_reported_and_no_distance_is_used(
    client: Client, trials_in_three_places: dict[str, Trial]
) -> None:
    response = post_match(
        client,
        {"answers": {}, "location": {"country": "CN", "city": "Atlantis"}, "max_distance_km": 50},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["location_found"] is False
    assert "out_of_reach" not in body
    assert body["results"]
    assert all(result["nearest_site"] is None for result in body["results"])


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ({"location": {"lat": 91, "lon": 0}}, "location"),
        ({"location": {"lat": True, "lon": 0}}, "location"),
        ({"location": {"lat": "north", "lon": 0}}, "location"),
        ({"location": {"country": "CN"}}, "location"),
        ({"location": "Guangzhou"}, "location"),
        ({"location": {"lat": 1, "lon": 1}, "max_distance_km": 0}, "max_distance_km"),
        ({"location": {"lat": 1, "lon": 1}, "max_distance_km": "far"}, "max_distance_km"),
        ({"max_distance_km": 100}, "max_distance_km"),
    ],
)
def test_bad_places_are_400_with_a_clear_message(
    client: Client, extra: dict[str, Any], key: str
) -> None:
    response = post_match(client, {"answers": {}} | extra)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [key]


def test_match_within_reach_counts_and_pages_only_the_trials_within_reach(
    client: Client, trials_in_three_places: dict[str, Trial]
) -> None:
    place = {"location": {"lat": 39.9, "lon": 116.4}, "max_distance_km": 100}
    body = post_match(client, {"answers": {}, **place}).json()
    assert sorted(r["trial"] for r in body["results"]) == ["NCT09800001", "NCT09800002"]
    assert body["total"] == 2
    assert sum(body["counts"].values()) == 2
    assert body["out_of_reach"] == 1
    second = post_match(client, {"answers": {}, **place, "limit": 1, "offset": 1}).json()
    assert second["total"] == 2
    assert [r["trial"] for r in second["results"]] == [body["results"][1]["trial"]]
    assert second["results"][0]["nearest_site"]["city"] == "Beijing"
