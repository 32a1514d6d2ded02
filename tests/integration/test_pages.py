"""The public catalogue pages through the test client."""

from __future__ import annotations

import pytest
from django.test import Client

from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_home_page_offers_browsing_and_counts_recruiting_trials(client: Client, seeded_catalogue):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/trials/"' in body
    assert "1 trial is recruiting now." in body


def test_trial_list_shows_the_three_seed_trials_recruiting_first(client: Client, seeded_catalogue):
    response = client.get("/trials/")
    assert response.status_code == 200
    # The one recruiting trial (HLX43) comes first, though its title sorts between the others.
    assert [trial.slug for trial in response.context["page"].object_list] == [
        "hlx43-recurrent-metastatic-npc",
        *sorted(
            Trial.objects.exclude(overall_status="RECRUITING").values_list("slug", flat=True),
            key=lambda slug: Trial.objects.get(slug=slug).brief_title,
        ),
    ]
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=HLX43", {"hlx43-recurrent-metastatic-npc"}),
        ("q=nct06839066", {"hlx43-recurrent-metastatic-npc"}),
        ("q=Henlius", {"hlx43-recurrent-metastatic-npc"}),
        ("q=鼻咽癌", {"hlx43-recurrent-metastatic-npc", "iae0972-chemotherapy-rm-hnscc-npc"}),
        # A trial for all solid tumours is shown to someone looking for NPC, and the reverse.
        (
            "condition=NPC",
            {
                "hlx43-recurrent-metastatic-npc",
                "iae0972-chemotherapy-rm-hnscc-npc",
                "ibb0979-advanced-solid-tumours",
            },
        ),
        ("condition=HNSC", {"iae0972-chemotherapy-rm-hnscc-npc", "ibb0979-advanced-solid-tumours"}),
        ("phase=PHASE1_PHASE2", {"ibb0979-advanced-solid-tumours"}),
        ("status=RECRUITING", {"hlx43-recurrent-metastatic-npc"}),
        ("q=nothing-matches-this", set()),
    ],
)
def test_trial_list_filters(client: Client, seeded_catalogue, query: str, expected: set[str]):
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 200
    assert {trial.slug for trial in response.context["page"].object_list} == expected


@pytest.mark.parametrize(
    "query",
    [
        "phase=PHASE9",
        "condition=NOPE",
        "status=%00",
        "q=%00",
        "q=" + "x" * 300,
        "page=-1",
        "page=abc",
    ],
)
def test_trial_list_bad_filters_get_a_message_not_an_error(client: Client, seeded_catalogue, query):
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 200
    if not query.startswith("page="):
        assert response.context["form"].errors
        assert "Please check the filters" in response.content.decode()


def test_hlx43_page_shows_all_31_lines_sponsor_and_nct_id(client: Client, seeded_catalogue):
    response = client.get("/trials/hlx43-recurrent-metastatic-npc/")
    assert response.status_code == 200
    body = response.content.decode()
    eligibility = response.context["eligibility"]
    assert len(eligibility["inclusion"]) == 11
    assert len(eligibility["exclusion"]) == 20
    for line in eligibility["inclusion"] + eligibility["exclusion"]:
        assert line.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;") in body.replace(
            "&#x27;", "'"
        )
    assert "Shanghai Henlius Biotech" in body
    assert "NCT06839066" in body
    assert "What is a clinical trial?" in body


def test_trial_page_in_chinese(client: Client, seeded_catalogue):
    response = client.get(
        "/trials/hlx43-recurrent-metastatic-npc/", headers={"accept-language": "zh-hans"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "鼻咽癌" in body
    assert "什么是临床试验？" in body


def test_unknown_trial_is_a_friendly_404(client: Client, seeded_catalogue):
    response = client.get("/trials/no-such-trial/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'href="/trials/"' in response.content.decode()


def test_unpublished_trial_is_not_shown(client: Client, seeded_catalogue):
    Trial.objects.filter(slug="ibb0979-advanced-solid-tumours").update(published=False)
    assert client.get("/trials/ibb0979-advanced-solid-tumours/").status_code == 404
    assert client.get("/trials/").context["page"].paginator.count == 2
