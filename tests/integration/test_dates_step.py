"""The treatment-dates step: which treatments, then month and year (the day optional)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import engine
from matcher.forms import DatesForm

from .test_questionnaire import THIRD_LINE_NPC, answer_for

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}
STEP = engine.Step(
    engine.StepKind.DATES,
    ("last_treatment",),
    ("chemotherapy", "immunotherapy", "biologic", "radiotherapy", "tcm_antitumor"),
)


def updates(data: dict[str, object]) -> dict[str, object] | None:
    form = DatesForm({"step": STEP.id, **data}, step=STEP)
    assert form.is_valid(), form.errors
    return form.to_updates()["last_treatment"]


def errors(data: dict[str, object]) -> dict[str, list[str]]:
    form = DatesForm({"step": STEP.id, **data}, step=STEP)
    assert not form.is_valid()
    return {key: [str(error) for error in value] for key, value in form.errors.items()}


def test_month_and_year_are_enough_and_count_from_the_end_of_the_month():
    last = updates(
        {"had": ["chemotherapy"], "chemotherapy_month": "2", "chemotherapy_year": "2024"}
    )
    assert last == {
        "chemotherapy": "2024-02-29",  # a leap year: the latest day it could have been
        "immunotherapy": "never",
        "biologic": "never",
        "radiotherapy": "never",
        "tcm_antitumor": "never",
    }


def test_a_missing_day_in_this_month_means_today_not_a_day_to_come():
    today = timezone.localdate()
    last = updates(
        {
            "had": ["radiotherapy"],
            "radiotherapy_month": today.month,
            "radiotherapy_year": today.year,
        }
    )
    assert last is not None
    assert last["radiotherapy"] == today.isoformat()


def test_the_day_is_used_when_given():
    last = updates(
        {
            "had": ["chemotherapy"],
            "chemotherapy_day": "3",
            "chemotherapy_month": "5",
            "chemotherapy_year": "2025",
        }
    )
    assert last is not None
    assert last["chemotherapy"] == "2025-05-03"


def test_only_ticked_treatments_need_a_date_and_dates_of_unticked_ones_are_ignored():
    last = updates(
        {
            "had": ["tcm_antitumor"],
            "tcm_antitumor_month": "1",
            "tcm_antitumor_year": "2025",
            # boxes of a treatment not ticked (hidden on the page): not used, not checked
            "chemotherapy_month": "13",
            "chemotherapy_year": "nonsense",
        }
    )
    assert last is not None
    assert last["chemotherapy"] == "never"
    assert last["tcm_antitumor"] == "2025-01-31"


def test_a_ticked_treatment_without_a_date_asks_for_it_by_name():
    found = errors({"had": ["chemotherapy", "radiotherapy"], "chemotherapy_year": "2025"})
    assert found == {
        "chemotherapy": ["Choose the month."],
        "radiotherapy": [
            "Give the month and year of your last radiotherapy, or tick I don't remember when."
        ],
    }


def test_i_dont_remember_when_leaves_that_treatment_unknown():
    last = updates({"had": ["chemotherapy"], "chemotherapy_unknown": "on"})
    assert last is not None
    assert "chemotherapy" not in last
    assert last["radiotherapy"] == "never"


def test_none_of_these_is_never_for_each_and_cannot_go_with_a_tick():
    assert updates({"none": "on"}) == dict.fromkeys(STEP.categories, "never")
    assert "none" in errors({"none": "on", "had": ["chemotherapy"], "chemotherapy_unknown": "on"})
    assert "had" in errors({})


def test_im_not_sure_keeps_the_ticked_dates_and_leaves_the_rest_unknown():
    last = updates(
        {
            "unsure": "1",
            "had": ["chemotherapy", "radiotherapy"],
            "chemotherapy_month": "3",
            "chemotherapy_year": "2025",
            "radiotherapy_year": "junk",
        }
    )
    assert last == {"chemotherapy": "2025-03-31"}


def test_a_pd1_antibody_is_one_row_and_also_counts_for_antibody_washouts():
    last = updates(
        {"had": ["immunotherapy"], "immunotherapy_month": "9", "immunotherapy_year": "2026"}
    )
    assert last is not None
    assert last["immunotherapy"] == last["biologic"] == "2026-09-30"
    unknown = updates({"had": ["immunotherapy"], "immunotherapy_unknown": "on"})
    assert unknown is not None
    assert "biologic" not in unknown  # not "never": it may have been an antibody last month
    both = updates(
        {
            "had": ["immunotherapy", "biologic"],
            "immunotherapy_month": "1",
            "immunotherapy_year": "2025",
            "biologic_day": "2",
            "biologic_month": "6",
            "biologic_year": "2026",
        }
    )
    assert both is not None
    assert (both["immunotherapy"], both["biologic"]) == ("2025-01-31", "2026-06-02")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "2025", "Choose the month."),
        ("", "4", "", "Enter the year, such as 2025."),
        ("31", "4", "2025", "That month has no day 31; please check the day."),
        ("x", "4", "2025", "Enter the day as a number from 1 to 31, or leave it empty."),
        ("", "4", "25", "Enter the year as four digits, such as 2025."),
        ("", "13", "2025", "Choose the month from the list."),
        ("", "1", "2099", "That month is in the future; please check it."),
    ],
)
def test_date_errors_are_clear(day, month, year, message):
    found = errors(
        {
            "had": ["chemotherapy"],
            "chemotherapy_day": day,
            "chemotherapy_month": month,
            "chemotherapy_year": year,
        }
    )
    assert found == {"chemotherapy": [message]}


def reach_dates(client: Client, headers: dict[str, str] | None = None) -> engine.Step:
    client.post("/match/begin/", {"mode": "patient"})
    for _ in range(30):
        step = client.get("/match/question/", headers=headers or {}).context["step"]
        if step.kind == engine.StepKind.DATES:
            return step
        client.post("/match/question/", answer_for(step, THIRD_LINE_NPC))
    raise AssertionError("the questionnaire asked no dates")


def test_nothing_entered_is_lost_when_the_page_comes_back_with_errors(
    client: Client, seeded_catalogue
):
    step = reach_dates(client)
    first, second = step.categories[:2]
    response = client.post(
        "/match/question/",
        {
            "step": step.id,
            "had": [first, second],
            f"{first}_day": "4",
            f"{first}_month": "7",
            f"{first}_year": "20x5",
            f"{second}_unknown": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert f'<div class="error-message" id="id_{first}_error">' in page
    assert re.search(rf'name="had" value="{first}"[^>]*checked', page)
    assert re.search(rf'name="had" value="{second}"[^>]*checked', page)
    assert f'name="{first}_year" value="20x5"' in page
    assert f'name="{first}_day" value="4"' in page
    assert re.search(r'<option value="7" selected>', page)
    assert re.search(rf'name="{second}_unknown"[^>]*checked', page)


def labels_in_order(page: str, category: str) -> list[str]:
    row = page[page.index(f'id="id_{category}_0"') - 2000 :]
    row = row[: row.index("</fieldset>")]
    return re.findall(rf'<label for="id_{category}_\d">([^<]+)</label>', row)


def test_english_dates_read_day_month_year(client: Client, seeded_catalogue):
    step = reach_dates(client)
    page = client.get("/match/question/").content.decode()
    assert labels_in_order(page, step.categories[0]) == ["Day (optional)", "Month", "Year"]
    assert '<option value="3">March</option>' in page


def test_chinese_dates_read_year_month_day(client: Client, seeded_catalogue):
    step = reach_dates(client, ZH)
    page = client.get("/match/question/", headers=ZH).content.decode()
    assert labels_in_order(page, step.categories[0]) == ["年", "月", "日（选填）"]
    assert '<option value="3">3月</option>' in page


def test_the_step_stores_what_was_ticked_and_back_shows_it(client: Client, seeded_catalogue):
    step = reach_dates(client)
    chosen = step.categories[0]
    client.post(
        "/match/question/",
        {"step": step.id, "had": [chosen], f"{chosen}_month": "2", f"{chosen}_year": "2025"},
    )
    last = client.session["matcher"]["answers"]["last_treatment"]
    assert last[chosen] == "2025-02-28"
    assert all(last[c] == "never" for c in step.categories if c not in {chosen, "biologic"})
    back = client.get(f"/match/question/?step={step.id}", follow=True)  # the old address redirects
    assert back.context["form"].initial["had"] == [chosen]
    page = back.content.decode()
    assert re.search(rf'name="had" value="{chosen}"[^>]*checked', page)
    assert re.search(rf'<input type="text" name="{chosen}_day"(?![^>]*value=)[^>]*>', page)
    assert f'name="{chosen}_year" value="2025"' in page
    assert '<option value="2" selected>' in page  # the day was not given: shown empty


junk = st.text(max_size=12) | st.sampled_from(["", "0", "-1", "99999", "２", "1e3", "\x00"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "had",
                "none",
                "unsure",
                "chemotherapy_day",
                "chemotherapy_month",
                "chemotherapy_year",
                "chemotherapy_unknown",
                "biologic_month",
            ]
        ),
        st.lists(junk, min_size=1, max_size=3),
        max_size=6,
    )
)
def test_junk_never_fails(client: Client, seeded_catalogue, data):
    client.post("/match/begin/", {"mode": "patient"})
    session = client.session
    session["matcher"] = {
        "mode": "patient",
        "answers": {},
        "answered_on": {},
        "asked": ["last_treatment"],
        "shown": {
            "last_treatment": {
                "kind": "dates",
                "keys": ["last_treatment"],
                "categories": list(STEP.categories),
            }
        },
    }
    session.save()
    response = client.post("/match/question/", {"step": "last_treatment", **data})
    assert response.status_code in {200, 302}


def test_dates_before_the_earliest_year_are_refused():
    found = errors(
        {"had": ["chemotherapy"], "chemotherapy_month": "1", "chemotherapy_year": "1899"}
    )
    assert found == {"chemotherapy": ["Enter the year as four digits, such as 2025."]}
    last = updates(
        {"had": ["chemotherapy"], "chemotherapy_month": "1", "chemotherapy_year": "1900"}
    )
    assert last is not None
    assert last["chemotherapy"] == datetime.date(1900, 1, 31).isoformat()
