"""Load test: people walking the questionnaire and sending contact requests.

Run with tests/load/run.sh (it starts gunicorn over a fresh PostgreSQL database, runs this
file headless, then checks that every acknowledged contact request is stored exactly once).
Traffic goes only to the server on the loopback address that run.sh started.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

HLX43 = "hlx43-recurrent-metastatic-npc"
ACKNOWLEDGED = Path(os.environ.get("ACKNOWLEDGED_FILE", "acknowledged.txt"))
STEP = re.compile(r'name="step" value="([^"]+)"')
ANSWERS = {
    "diagnosis": [("answer", "NPC")],
    "disease_status": [("answer", "recurrent"), ("answer", "metastatic")],
    "prior_systemic_lines": [("answer", "2")],
    "age": [("answer", "55")],
    "prior_therapies": [("answer", "platinum_chemotherapy"), ("answer", "pd1_pdl1_inhibitor")],
    "ecog": [("answer", "1")],
    "checklist": [("none", "on")],
    "life_expectancy_months": [("answer", "12")],
}
acknowledged: list[str] = []


class Person(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.get("/")

    def csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    @task(3)
    def walk_the_questionnaire(self) -> None:
        self.client.get("/match/")
        self.client.post("/match/begin/", {"mode": "patient"}, headers=self.csrf())
        for _ in range(20):
            response = self.client.get(
                "/match/question/", name="/match/question/", allow_redirects=False
            )
            if response.status_code == 302:
                break
            step = STEP.search(response.text)
            if not step:
                response.failure("no step on the question page")
                return
            answer = ANSWERS.get(step.group(1))
            if answer is None:
                answer = (
                    [("answer", "yes")] if step.group(1) != "last_treatment" else [("unsure", "1")]
                )
            self.client.post(
                "/match/question/",
                [("step", step.group(1)), *answer],
                headers=self.csrf(),
                name="/match/question/ [answer]",
                allow_redirects=False,
            )
        self.client.get("/match/results/")

    @task(1)
    def read_a_trial_and_send_a_contact_request(self) -> None:
        self.client.get(f"/trials/{HLX43}/")
        form = self.client.get(f"/trials/{HLX43}/contact/")
        token = re.search(r'name="form_token" value="([^"]+)"', form.text)
        site = re.search(r'name="site" value="(\d+)"', form.text)
        if not (token and site):
            form.failure("contact form incomplete")
            return
        email = f"load-{uuid.uuid4().hex[:12]}@example.org"
        with self.client.post(
            f"/trials/{HLX43}/contact/",
            {
                "first_name": "Load",
                "last_name": "Test",
                "email": email,
                "phone": f"+86 138 {random.randint(1000, 9999)} {random.randint(1000, 9999)}",
                "site": site.group(1),
                "consent": "on",
                "form_token": token.group(1),
                "website": "",
            },
            headers=self.csrf(),
            allow_redirects=False,
            catch_response=True,
            name="/trials/[slug]/contact/ [send]",
        ) as response:
            if response.status_code == 302 and "/contact/sent/" in response.headers.get(
                "Location", ""
            ):
                acknowledged.append(email)
                response.success()
            else:
                response.failure(f"not acknowledged: {response.status_code}")


@events.test_stop.add_listener
def save_acknowledged(**_: object) -> None:
    ACKNOWLEDGED.write_text("\n".join(acknowledged) + "\n" if acknowledged else "")
