"""The curator review screen: accept, edit, reject proposed criteria; publish only when reviewed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client

from trials.models import EligibilityCriterion, Trial
from trials.review import TrialAdminForm

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "real"
NCT = "NCT06385925"


@pytest.fixture
def trial() -> Trial:
    call_command("import_trials", str(REAL / f"{NCT}.json"), stdout=io.StringIO())
    return Trial.objects.get(nct_id=NCT)


def staff(username: str, *permissions: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "x", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def curator(client: Client) -> Client:
    client.force_login(
        staff("curator", "view_trial", "change_trial", "change_eligibilitycriterion")
    )
    return client


def url(trial: Trial) -> str:
    return f"/admin/trials/trial/{trial.pk}/review/"


def proposal(trial: Trial, type_: str, **params: object) -> EligibilityCriterion:
    criteria = trial.criteria.filter(type=type_)
    for name, value in params.items():
        criteria = criteria.filter(**{f"params__{name}": value})
    return criteria.get()


def test_imported_trial_is_unpublished_and_every_proposal_unreviewed(trial: Trial) -> None:
    assert trial.published is False
    assert trial.criteria.count() > 15
    assert not trial.criteria.filter(reviewed=True).exists()
    assert trial.criteria.exclude(type="text").count() >= 10


def test_review_screen_shows_the_original_text_beside_the_proposals(
    curator: Client, trial: Trial
) -> None:
    response = curator.get(url(trial))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Original eligibility text" in content
    assert "Subjects must meet all the following inclusion criteria" in content  # the source
    assert "Proposed criteria" in content
    assert "ECOG performance status" in content
    assert f'id="criterion-{proposal(trial, "ecog").pk}"' in content
    assert "Publish the trial" in content
    assert "disabled" in content  # nothing reviewed yet
    assert "Malignant Neoplasm" in content  # a condition term the synonym table does not know


def test_accept_marks_the_criterion_reviewed_and_redirects_back(
    curator: Client, trial: Trial
) -> None:
    ecog = proposal(trial, "ecog")

    response = curator.post(url(trial), {"action": "accept", "criterion": ecog.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{url(trial)}#criterion-{ecog.pk}"
    ecog.refresh_from_db()
    assert (ecog.reviewed, ecog.params) == (True, {"min": 0, "max": 1})


def test_edit_saves_type_and_params_checked_by_the_engine(curator: Client, trial: Trial) -> None:
    washout = proposal(trial, "washout", category="chemotherapy")

    response = curator.post(
        url(trial),
        {
            "action": "edit",
            "criterion": washout.pk,
            "type": "washout",
            "params": json.dumps({"category": "chemotherapy", "days": 28}),
        },
    )

    assert response.status_code == 302
    washout.refresh_from_db()
    assert (washout.params, washout.reviewed) == ({"category": "chemotherapy", "days": 28}, True)


@pytest.mark.parametrize(
    ("type_", "params", "message"),
    [
        ("ecog", "{min: 0", "The parameters are not valid JSON"),
        ("ecog", '{"min": 0, "max": 7}', "Give a number from 0 to 4."),
        ("washout", '{"category": "sunbathing", "days": 7}', "Choose one of: chemotherapy"),
        ("ecog", "[0, 1]", "Give the parameters as a JSON object"),
    ],
)
def test_edit_with_bad_params_shows_the_parsers_message_and_saves_nothing(
    curator: Client, trial: Trial, type_: str, params: str, message: str
) -> None:
    ecog = proposal(trial, "ecog")

    response = curator.post(
        url(trial), {"action": "edit", "criterion": ecog.pk, "type": type_, "params": params}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    ecog.refresh_from_db()
    assert (ecog.type, ecog.params, ecog.reviewed) == ("ecog", {"min": 0, "max": 1}, False)


def test_reject_drops_a_proposal_but_keeps_the_protocol_line(curator: Client, trial: Trial) -> None:
    # Line 1 of the exclusions is the sentence that opens them.
    washouts = list(trial.criteria.filter(type="washout", kind="exclusion", line=3))
    assert len(washouts) == 4  # one line, four treatment categories
    line_text = washouts[0].text

    for washout in washouts:
        curator.post(url(trial), {"action": "reject", "criterion": washout.pk})

    (kept,) = trial.criteria.filter(kind="exclusion", line=3)
    assert (kept.type, kept.params, kept.text, kept.reviewed) == ("text", {}, line_text, True)


def test_publish_is_refused_until_every_criterion_is_reviewed(
    curator: Client, trial: Trial
) -> None:
    response = curator.post(url(trial), {"action": "publish"}, follow=True)

    assert "Not published" in response.content.decode()
    trial.refresh_from_db()
    assert trial.published is False

    for criterion in trial.criteria.all():
        curator.post(url(trial), {"action": "accept", "criterion": criterion.pk})
    response = curator.get(url(trial))
    assert "disabled" not in response.content.decode().split("Publish the trial")[0][-200:]
    response = curator.post(url(trial), {"action": "publish"}, follow=True)

    assert "The trial is published." in response.content.decode()
    trial.refresh_from_db()
    assert trial.published is True


def test_accept_text_accepts_every_unreviewed_text_line_and_nothing_else(
    curator: Client, trial: Trial
) -> None:
    texts = trial.criteria.filter(type="text").count()

    response = curator.post(url(trial), {"action": "accept_text"}, follow=True)

    assert f"{texts} lines checked by the study team accepted." in response.content.decode()
    assert not trial.criteria.filter(type="text", reviewed=False).exists()
    assert not trial.criteria.exclude(type="text").filter(reviewed=True).exists()


def test_a_criterion_of_another_trial_is_refused(curator: Client, trial: Trial) -> None:
    other = Trial.objects.create(slug="other", brief_title="Other")
    criterion = EligibilityCriterion.objects.create(trial=other, kind="inclusion", text="Adult")

    response = curator.post(url(trial), {"action": "accept", "criterion": criterion.pk})

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.reviewed is False


@pytest.mark.parametrize(
    "permissions",
    [(), ("view_trial",), ("view_trial", "change_trial"), ("change_eligibilitycriterion",)],
)
def test_only_staff_allowed_to_change_trials_and_criteria_may_review(
    client: Client, trial: Trial, permissions: tuple[str, ...]
) -> None:
    client.force_login(staff("someone", *permissions))

    assert client.get(url(trial)).status_code == 403
    ecog = proposal(trial, "ecog")
    assert client.post(url(trial), {"action": "accept", "criterion": ecog.pk}).status_code == 403
    ecog.refresh_from_db()
    assert ecog.reviewed is False


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, trial: Trial) -> None:
    response = client.get(url(trial))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_trial_list_and_change_page_link_to_the_review_screen(
    curator: Client, trial: Trial
) -> None:
    listing = curator.get("/admin/trials/trial/").content.decode()
    change = curator.get(f"/admin/trials/trial/{trial.pk}/change/").content.decode()

    waiting = trial.criteria.count()
    assert f'<a href="{url(trial)}">{waiting} to review</a>' in listing
    assert f'href="{url(trial)}"' in change
    assert "Malignant Neoplasm" in change  # the unmapped condition term is flagged


def test_the_change_form_refuses_to_publish_with_unreviewed_criteria(trial: Trial) -> None:
    form = TrialAdminForm(data={"published": "on"}, instance=trial)

    assert not form.is_valid()
    assert "cannot be published" in str(form.errors["published"])

    trial.criteria.update(reviewed=True)
    assert TrialAdminForm(data={"published": "on"}, instance=trial).is_valid()


def test_the_add_form_refuses_to_publish_with_an_unreviewed_inline_criterion(
    client: Client,
) -> None:
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    data = {
        "brief_title": "A test trial",
        "slug": "a-test-trial",
        "phase": "PHASE2",
        "overall_status": "RECRUITING",
        "eligibility_coverage": "full",
        "condition_terms": "[]",
        "published": "on",
    }
    for prefix in ["criteria", "interventions", "outcomes", "sites", "faqs"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "1" if prefix == "criteria" else "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data |= {
        "criteria-0-kind": "inclusion",
        "criteria-0-type": "text",
        "criteria-0-params": "{}",
        "criteria-0-text": "Adult",
        "criteria-0-order": "1",
    }

    refused = client.post("/admin/trials/trial/add/", data)
    accepted = client.post("/admin/trials/trial/add/", data | {"criteria-0-reviewed": "on"})

    assert refused.status_code == 200
    assert "cannot be published" in refused.content.decode()
    assert accepted.status_code == 302
    assert Trial.objects.get().published is True


def test_the_api_shows_proposals_unreviewed_to_staff_only(client: Client, trial: Trial) -> None:
    assert client.get(f"/api/v1/trials/{NCT}").status_code == 404

    client.force_login(staff("reader", "view_trial"))
    response = client.get(f"/api/v1/trials/{NCT}")

    assert response.status_code == 200
    body = response.json()
    assert body["published"] is False
    assert {c["reviewed"] for c in body["criteria"]} == {False}
    assert {"type": "ecog", "params": {"min": 0, "max": 1}} in [
        {"type": c["type"], "params": c["params"]} for c in body["criteria"]
    ]


def test_each_proposal_marks_the_words_it_came_from_with_its_scope_and_exceptions(
    curator: Client, trial: Trial
) -> None:
    diagnosis = trial.criteria.create(
        kind="inclusion",
        type="diagnosis",
        params={"codes": [], "terms": ["desmoplastic tumour"]},
        text="Histologically confirmed desmoplastic tumour, any stage.",
        scope="Cohort B",
        order=90,
    )
    flag = trial.criteria.create(
        kind="exclusion",
        type="flag",
        params={
            "question": "other_malignancy_within_2y",
            "except_if": ["other_malignancy_curatively_treated"],
            "exceptions": ["carcinoma in situ"],
        },
        text="Other malignancy within 2 years, except carcinoma in situ.",
        order=90,
    )
    content = curator.get(url(trial)).content.decode()
    start = content.index(f'id="criterion-{diagnosis.pk}"')
    block = content[start : content.index("</li>", start)]
    assert "confirmed <mark>desmoplastic tumour</mark>, any stage." in block
    assert "Applies to: Cohort B" in block
    start = content.index(f'id="criterion-{flag.pk}"')
    block = content[start : content.index("</li>", start)]
    assert "except <mark>carcinoma in situ</mark>." in block
    assert "Applies to everyone" in block
    assert "other malignancy early-stage and radically treated; carcinoma in situ" in block
    # A proposal with no words to find marks its whole line.
    ecog = proposal(trial, "ecog")
    start = content.index(f'id="criterion-{ecog.pk}"')
    block = content[start : content.index("</li>", start)]
    assert block.count("<mark>") == 1
    assert f"<mark>{ecog.text}</mark>" in block
