"""The contact request's rules below the view: sending a posted form, and its status."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.http import QueryDict

from contact import services
from contact.forms import ContactForm
from contact.models import ContactRequest
from outbox.models import Message
from tests.integration.test_contact_form import HLX43, form_data
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def posted(trial: Trial, **overrides: str) -> ContactForm:
    data = QueryDict(mutable=True)
    data.update(form_data(**overrides))
    return ContactForm(data, sites=services.contact_sites(trial), can_share_prescreen=False)


def send(form: ContactForm, trial: Trial, **options: Any) -> services.Submission | None:
    return services.send_contact_request(
        form,
        trial=trial,
        client_ip="203.0.113.9",
        language="en",
        source=ContactRequest.Source.TRIAL_PAGE,
        prescreen_summary=None,
        **options,
    )


def test_a_valid_form_is_stored_with_the_consent_it_showed(seeded_catalogue):
    trial = Trial.objects.get(slug=HLX43)
    form = posted(trial)
    submission = send(form, trial)
    assert submission is not None
    assert submission.created
    stored = submission.contact_request
    assert stored.consent_text == form.fields["consent"].label
    assert stored.consent_text.startswith("I agree that TrialCompass sends my details")
    assert Message.objects.filter(topic=f"contact-request:{stored.pk}").count() == 2


def test_a_repeat_answers_with_the_first_request_even_past_the_rate_limit(
    seeded_catalogue, settings
):
    settings.CONTACT_RATE_LIMIT = (1, 3600)
    trial = Trial.objects.get(slug=HLX43)
    data = {"form_token": str(uuid.uuid4())}
    first = send(posted(trial, **data), trial)
    again = send(posted(trial, **data), trial)
    assert first is not None
    assert again is not None
    assert again.contact_request == first.contact_request
    assert not again.created


def test_too_many_requests_raise_with_the_message_on_the_form(seeded_catalogue, settings):
    settings.CONTACT_RATE_LIMIT = (1, 3600)
    trial = Trial.objects.get(slug=HLX43)
    assert send(posted(trial), trial) is not None
    form = posted(trial, message="A second, different question")
    with pytest.raises(services.RateLimited):
        send(form, trial)
    assert form.non_field_errors() == [
        "You have sent several messages in a short time. Please try again later."
    ]
    assert ContactRequest.objects.count() == 1


def test_a_tampered_token_gets_a_fresh_one_and_a_request_to_send_again(seeded_catalogue):
    trial = Trial.objects.get(slug=HLX43)
    form = posted(trial, form_token="not-a-uuid")
    assert send(form, trial) is None
    assert form.non_field_errors() == ["Please check your details and send the form again."]
    assert "form_token" not in form.errors
    assert uuid.UUID(form.data["form_token"])
    assert ContactRequest.objects.count() == 0


def test_an_invalid_form_stores_nothing(seeded_catalogue):
    trial = Trial.objects.get(slug=HLX43)
    form = posted(trial, email="not an email")
    assert send(form, trial) is None
    assert "email" in form.errors
    assert ContactRequest.objects.count() == 0


def test_a_status_changed_outside_the_admin_records_when(seeded_catalogue):
    trial = Trial.objects.get(slug=HLX43)
    submission = send(posted(trial), trial)
    assert submission is not None
    request = submission.contact_request
    assert request.status_changed_at is None
    request.change_status(ContactRequest.Status.PRESCREENED)
    request.save()
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.PRESCREENED
    assert request.status_changed_at is not None
