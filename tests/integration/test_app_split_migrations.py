"""Upgrading a database from before the split into apps keeps every row and delivery state."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("trials", "0006_status_not_stated"), ("matcher", "0001_initial")]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_contact_requests_subscriptions_and_their_emails_survive_the_move():
    old = migrate(BEFORE)
    trial = old.get_model("trials", "Trial").objects.create(slug="t", brief_title="T")
    site = old.get_model("trials", "Site").objects.create(trial=trial, facility="F")
    sent_at = timezone.now() - datetime.timedelta(days=1)
    request = old.get_model("trials", "ContactRequest").objects.create(
        trial=trial,
        site=site,
        first_name="Mei",
        last_name="Chen",
        email="mei@example.org",
        phone="+8613800138000",
        consent_text="I agree",
        consented_at=sent_at,
        language="en",
        form_token=uuid.uuid4(),
        coordinator_notified_at=sent_at,
        coordinator_email_attempts=1,
        copy_email_attempts=2,
        email_last_error="attempt 2: ConnectionRefusedError",
    )
    subscription = old.get_model("matcher", "Subscription").objects.create(
        key="k" * 43, email="mei@example.org", language="en", consent_text="I agree"
    )

    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new = migrate(leaf)

    moved = new.get_model("contact", "ContactRequest").objects.get(pk=request.pk)
    assert (moved.first_name, moved.site_id) == ("Mei", site.pk)
    assert new.get_model("keep", "Subscription").objects.filter(pk=subscription.pk).exists()
    message = new.get_model("outbox", "Message")
    states = {
        m.key: (m.status, m.attempts, m.last_error)
        for m in message.objects.filter(topic=f"contact-request:{request.pk}")
    }
    assert states == {
        f"contact-request:{request.pk}:coordinators": ("sent", 1, ""),
        f"contact-request:{request.pk}:copy": (
            "queued",
            2,
            "attempt 2: ConnectionRefusedError",
        ),
    }
    confirmation = message.objects.get(kind="keep.confirmation")
    assert (confirmation.status, confirmation.args) == ("queued", {"subscription": subscription.pk})
    content_type = new.get_model("contenttypes", "ContentType")
    assert content_type.objects.filter(app_label="contact", model="contactrequest").exists()
