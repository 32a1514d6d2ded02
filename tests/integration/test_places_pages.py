"""Trials near me on the pages: the place question, results with distances, the contact form's
nearest site, and the trial list's country and distance filters."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trials.models import Site, Trial

pytestmark = pytest.mark.django_db


def make_trial(key: str, *sites: tuple[str, str, str]) -> Trial:
    trial = Trial.objects.create(
        nct_id=key,
        slug=key.lower(),
        brief_title=f"Trial {key}",
        published=True,
        overall_status="RECRUITING",
    )
    for facility, city, country in sites:
        Site.objects.create(
            trial=trial,
            facility=facility,
            city=city,
            country=country,
            status="RECRUITING",
            contact_email="team@example.org",
        )
    return trial


@pytest.fixture
def two_trials() -> dict[str, Trial]:
    return {
        "hk": make_trial(
            "NCT09800001",
            ("Beijing Cancer Hospital", "Beijing", "China"),
            ("Queen Mary Hospital", "Hong Kong", "Hong Kong"),
        ),
        "beijing": make_trial("NCT09800002", ("Peking Union", "Beijing", "China")),
    }


def started(client: Client) -> None:
    data = client.session
    data["matcher"] = {"mode": "patient", "answers": {"age": 50}, "asked": ["age"]}
    data.save()


def test_the_results_ask_where_the_person_is(client: Client, two_trials: dict[str, Trial]) -> None:
    started(client)
    page = client.get(reverse("matcher:results")).text
    assert "Where are you?" in page
    assert 'action="/match/place/"' in page
    assert "Any distance" in page
    page = client.get(reverse("matcher:place")).text
    assert "How far can you travel for the study?" in page


def test_the_clinician_page_has_place_fields(client: Client, two_trials: dict[str, Trial]) -> None:
    client.post(reverse("matcher:begin"), {"mode": "clinician"})
    client.post(reverse("matcher:clinician"), {"age": "50"})
    page = client.get(reverse("matcher:clinician")).text
    assert "Where is the patient?" in page
    assert 'action="/match/place/?next=clinician"' in page
    response = client.post(
        reverse("matcher:place") + "?next=clinician", {"country": "HK", "city": "香港"}
    )
    assert response["Location"] == reverse("matcher:clinician")
    page = client.get(reverse("matcher:clinician")).text
    assert "Distances from Hong Kong; any distance." in page


def test_results_show_the_nearest_site_and_set_apart_trials_out_of_reach(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    started(client)
    response = client.post(
        reverse("matcher:place"), {"country": "CN", "city": "广州", "max_distance": "200"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("matcher:results")

    page = client.get(reverse("matcher:results")).text

    assert "Nearest recruiting site: Queen Mary Hospital, Hong Kong, about 1" in page
    assert "No recruiting site within 200 km" in page
    out_of_reach = page.split("No recruiting site within 200 km")[1]
    assert "Trial NCT09800002" in out_of_reach  # shown apart, not hidden
    assert "Trial NCT09800001" not in out_of_reach
    assert "Distances from Guangzhou; sites up to 200 km away." in page
    assert f"site={Site.objects.get(facility='Queen Mary Hospital').pk}" in page


def test_a_city_that_cannot_be_found_is_a_clear_error(client: Client) -> None:
    response = client.post(reverse("matcher:place"), {"country": "CN", "city": "Atlantis"})
    assert response.status_code == 200
    assert "We could not find this city in this country." in response.text
    response = client.post(reverse("matcher:place"), {"city": "Paris"})
    assert "Choose the country or region of this city." in response.text


def test_skipping_the_place_shows_results_without_distances(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    started(client)
    client.post(reverse("matcher:place"), {"skip": "1"})
    page = client.get(reverse("matcher:results")).text
    assert "Nearest recruiting site" not in page
    assert "Show distances to the study sites" in page


def test_city_suggestions_forgive_typos_and_speak_chinese(client: Client) -> None:
    response = client.get(reverse("matcher:place_cities"), {"city": "Guangzho", "country": "CN"})
    assert '<option value="Guangzhou">' in response.text
    response = client.get(
        reverse("matcher:place_cities"),
        {"city": "guangzhou", "country": "CN"},
        headers={"accept-language": "zh-hans"},
        HTTP_COOKIE="django_language=zh-hans",
    )
    assert "广州" in response.text or '<option value="Guangzhou">' in response.text
    assert client.get(reverse("matcher:place_cities"), {"city": "x" * 500}).status_code == 200


def test_the_contact_form_preselects_the_nearest_recruiting_site(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    client.post(reverse("matcher:place"), {"country": "CN", "city": "Guangzhou"})
    page = client.get(reverse("contact:contact", args=["nct09800001"])).text
    queen_mary = Site.objects.get(facility="Queen Mary Hospital").pk
    assert f'value="{queen_mary}" checked' in page or f'value="{queen_mary}" selected' in page


def test_the_trial_list_filters_by_country_and_distance(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    page = client.get(reverse("trials:trial_list"), {"country": "Hong Kong"}).text
    assert "Trial NCT09800001" in page
    assert "Trial NCT09800002" not in page
    page = client.get(reverse("trials:trial_list"), {"near": "广州", "distance": "200"}).text
    assert "Trial NCT09800001" in page
    assert "Trial NCT09800002" not in page
    response = client.get(reverse("trials:trial_list"), {"near": "Qqxzzv", "distance": "200"})
    assert response.status_code == 200
    assert "We could not find this city" in response.text


def test_distances_and_the_closed_notice_in_chinese(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    zh = {"accept-language": "zh-hans"}
    started(client)
    client.post(reverse("matcher:place"), {"country": "CN", "city": "广州", "max_distance": "200"})
    page = client.get(reverse("matcher:results"), headers=zh).text
    assert "最近的招募中研究中心：Queen Mary Hospital，Hong Kong，约 1" in page
    assert "200 公里以内没有招募中的研究中心" in page
    assert "中国" in client.get(reverse("matcher:place"), headers=zh).text

    trial = two_trials["beijing"]
    Trial.objects.filter(pk=trial.pk).update(
        published=False, overall_status="COMPLETED", closed_on="2026-11-25"
    )
    page = client.get(trial.get_absolute_url(), headers=zh).text
    assert "这项研究已不再招募" in page
    assert "2026年11月25日" in page


def test_groups_count_only_the_trials_within_reach(
    client: Client, two_trials: dict[str, Trial]
) -> None:
    started(client)
    client.post(reverse("matcher:place"), {"country": "CN", "city": "广州", "max_distance": "200"})
    results = client.get(reverse("matcher:results")).context["results"]
    shown = [card.trial.nct_id for group in results.groups for card in group.cards]
    assert shown == ["NCT09800001"]
    assert sum(group.count for group in results.groups) == 1
    assert sum(results.counts.values()) == 1
    assert results.out_of_reach_count == 1
    assert [card.trial.nct_id for card in results.out_of_reach] == ["NCT09800002"]
