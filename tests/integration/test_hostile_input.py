"""Random and hostile input at every form and questionnaire step: never a 500, never raw HTML.

Hypothesis generates the posts; the forms are the questionnaire's steps, the clinician page,
the contact form and the trial list's filters. Missing CSRF tokens and replayed or
out-of-order posts get a clear answer too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
PAYLOAD = "<script>alert(1)</script>"
hostile_text = st.one_of(
    st.text(max_size=40),
    st.just(PAYLOAD),
    st.just("x" * 5000),
    st.just("\x00"),
    st.just("\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")),
    st.sampled_from(["NPC", "-1", "1e9", "2026-02-30", "never", "yes", "unsure", "on", "9" * 30]),
)
FIELDS = [
    "step",
    "answer",
    "unsure",
    "none",
    "age",
    "sex",
    "diagnosis",
    "ecog",
    "disease_status",
    "prior_therapies",
    "exclusions_present",
    "last_chemotherapy",
    "chemotherapy_day",
    "chemotherapy_month",
    "chemotherapy_year",
    "chemotherapy_unknown",
    "had",
    "first_name",
    "last_name",
    "email",
    "phone",
    "site",
    "consent",
    "form_token",
    "message",
    "other_language",
    "location",
]
posts = st.dictionaries(
    st.sampled_from(FIELDS), st.lists(hostile_text, min_size=1, max_size=3), max_size=8
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OK = {200, 302, 400, 403, 404, 405, 429}


def post(client: Client, path: str, data: dict[str, list[str]]) -> None:
    response = client.post(path, data)
    assert response.status_code in OK, (path, data, response.status_code)
    assert PAYLOAD.encode() not in response.content


@FUZZ
@given(data=posts, mode=st.sampled_from(["patient", "clinician", "robot", ""]))
def test_questionnaire_steps_take_anything(client: Client, seeded_catalogue, data, mode):
    client.post("/match/begin/", {"mode": mode})
    post(client, "/match/question/", data)
    post(client, "/match/clinician/", data)
    assert client.get("/match/question/").status_code in {200, 302}
    assert client.get("/match/results/").status_code in {200, 302}


@FUZZ
@given(data=posts)
def test_contact_form_takes_anything(client: Client, seeded_catalogue, data):
    post(client, f"/trials/{HLX43}/contact/", data)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "condition", "phase", "status", "page", "step"]),
        hostile_text,
        max_size=4,
    )
)
def test_filters_and_back_links_take_anything(client: Client, seeded_catalogue, query):
    for path in ["/trials/", "/match/question/"]:
        response = client.get(path, query)
        assert response.status_code in {200, 302}
        assert PAYLOAD.encode() not in response.content


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/match/begin/", {"mode": "patient"}),
        ("/match/question/", {"step": "diagnosis", "answer": "NPC"}),
        ("/match/clinician/", {"age": "50"}),
        (f"/trials/{HLX43}/contact/", {"first_name": "A"}),
        ("/i18n/setlang/", {"language": "zh-hans"}),
    ],
)
def test_a_post_without_its_csrf_token_is_refused_kindly(seeded_catalogue, path, data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, data)
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    zh = client.post(path, data, headers={"accept-language": "zh-hans"})
    assert '<html lang="zh-hans">' in zh.content.decode()


def test_replayed_and_out_of_order_posts(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    assert (
        client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"}).status_code == 302
    )
    # The same post again (a replay) edits the diagnosis step instead of creating anything new.
    assert (
        client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"}).status_code == 302
    )
    # A post for a step that was never shown is refused with a message.
    response = client.post("/match/question/", {"step": "ecog", "answer": "1"}, follow=True)
    assert "no longer applies" in response.content.decode()
    assert response.context["step"].id == "disease_status"
