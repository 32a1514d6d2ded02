"""The coordinators' workspace: two sites, two coordinators, each sees only their own site's
requests in the list, the change and history pages, the CSV export and the dashboard."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from contact import emails
from contact.coordinators import setup_coordinators_group
from contact.models import ContactRequest, ContactRequestAccess
from outbox.models import Message
from tests.markup import without_tokens
from trials.models import Site, Trial

pytestmark = pytest.mark.django_db

ADMIN = "/admin/contact/contactrequest/"


def make_request(site: Site, first_name: str, **fields) -> ContactRequest:
    return ContactRequest.objects.create(
        trial=site.trial,
        site=site,
        first_name=first_name,
        last_name="Patient",
        email=f"{first_name.lower()}@example.org",
        phone="+8613800138000",
        consent_text="I agree",
        consented_at=timezone.now(),
        language="en",
        form_token=uuid.uuid4(),
        **fields,
    )


class World:
    def __init__(self) -> None:
        group = setup_coordinators_group(apps)
        npc = Trial.objects.create(slug="npc-trial", brief_title="NPC trial", nct_id="NCT00000001")
        solid = Trial.objects.create(slug="solid-trial", brief_title="Solid trial")
        self.site_a = Site.objects.create(trial=npc, facility="Sun Yat-sen Cancer Center")
        self.site_b = Site.objects.create(trial=npc, facility="Queen Mary Hospital")
        self.site_b2 = Site.objects.create(trial=solid, facility="Queen Mary Hospital")
        self.alice = User.objects.create_user("alice", "alice@a.example", None, is_staff=True)
        self.bob = User.objects.create_user("bob", "bob@b.example", None, is_staff=True)
        for user in (self.alice, self.bob):
            user.groups.add(group)
        self.site_a.coordinators.add(self.alice)
        self.site_b.coordinators.add(self.bob)
        self.site_b2.coordinators.add(self.bob)
        self.ra = make_request(self.site_a, "Anna")
        self.rb = make_request(self.site_b, "Bao")
        self.rb2 = make_request(self.site_b2, "Bich", status=ContactRequest.Status.CONTACTED)


@pytest.fixture
def world(db) -> World:
    return World()


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_coordinator_lists_only_their_sites_requests(world: World):
    response = login(world.alice).get(ADMIN)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world.ra]
    assert "Bao" not in without_tokens(response.content.decode())
    assert set(login(world.bob).get(ADMIN).context["cl"].result_list) == {world.rb, world.rb2}
    admin = User.objects.create_superuser("root", "root@example.org", None)
    assert login(admin).get(ADMIN).context["cl"].result_count == 3


def test_search_and_filters_stay_within_scope(world: World):
    alice = login(world.alice)
    assert alice.get(ADMIN, {"q": "Bao"}).context["cl"].result_count == 0
    assert alice.get(ADMIN, {"q": "Anna"}).context["cl"].result_count == 1
    body = alice.get(ADMIN).content.decode()
    assert "Queen Mary Hospital" not in body  # the site filter lists only her sites
    bob = login(world.bob)
    assert bob.get(ADMIN, {"status__exact": "contacted"}).context["cl"].result_count == 1
    assert bob.get(ADMIN, {"trial__id__exact": world.rb.trial_id}).context["cl"].result_count == 1


@pytest.mark.parametrize(
    "path",
    ["{pk}/change/", "{pk}/history/", "{pk}/delete/", "{pk}/history/{history_id}/"],
)
def test_another_sites_request_is_not_reachable_by_url(world: World, path: str):
    history_id = world.rb.history.latest().history_id
    url = ADMIN + path.format(pk=world.rb.pk, history_id=history_id)
    assert login(world.alice).get(url).status_code in {403, 404}
    own = ADMIN + path.format(pk=world.ra.pk, history_id=world.ra.history.latest().history_id)
    expected = 403 if path == "{pk}/delete/" else 200  # coordinators do not delete
    assert login(world.alice).get(own).status_code == expected


def test_another_sites_request_cannot_be_changed(world: World):
    response = login(world.alice).post(
        ADMIN + f"{world.rb.pk}/change/",
        {"status": "withdrawn", "closing_reason": "no", "internal_notes": "", **INLINE},
    )
    assert response.status_code in {403, 404}
    world.rb.refresh_from_db()
    assert world.rb.status == ContactRequest.Status.NEW


def test_history_cannot_be_reverted(world: World):
    history_id = world.ra.history.latest().history_id
    response = login(world.alice).post(
        ADMIN + f"{world.ra.pk}/history/{history_id}/", {"status": "withdrawn"}
    )
    assert response.status_code == 403


def test_a_staff_user_who_is_not_a_coordinator_sees_nothing(world: World):
    stranger = User.objects.create_user("eve", "eve@example.org", None, is_staff=True)
    assert login(stranger).get(ADMIN).status_code == 403
    assert login(stranger).get(ADMIN + "dashboard/").status_code == 403
    assert login(stranger).get(ADMIN + f"{world.ra.pk}/change/").status_code in {403, 404}


def test_a_coordinator_of_no_site_sees_an_empty_list(world: World):
    idle = User.objects.create_user("ida", "ida@example.org", None, is_staff=True)
    idle.groups.add(setup_coordinators_group(apps))
    assert login(idle).get(ADMIN).context["cl"].result_count == 0


INLINE = {
    "accesses-TOTAL_FORMS": "0",
    "accesses-INITIAL_FORMS": "0",
    "accesses-MIN_NUM_FORMS": "0",
    "accesses-MAX_NUM_FORMS": "0",
}


def test_status_workflow_with_reason_when_closing_and_history_of_who_changed_what(
    world: World,
):
    alice = login(world.alice)
    url = ADMIN + f"{world.ra.pk}/change/"
    response = alice.post(url, {"status": "contacted", "internal_notes": "Called", **INLINE})
    assert response.status_code == 302, response.context["errors"]
    response = alice.post(url, {"status": "not_eligible", "closing_reason": "", **INLINE})
    assert response.status_code == 200
    assert "Give a reason when you close a request." in response.content.decode()
    response = alice.post(url, {"status": "new", **INLINE})
    assert "cannot go back" in response.content.decode()
    response = alice.post(
        url, {"status": "not_eligible", "closing_reason": "ECOG 3", "internal_notes": "x", **INLINE}
    )
    assert response.status_code == 302
    world.ra.refresh_from_db()
    assert world.ra.status == ContactRequest.Status.NOT_ELIGIBLE
    assert world.ra.status_changed_at is not None
    latest = world.ra.history.latest()
    assert latest.history_user == world.alice
    assert latest.status == "not_eligible"
    assert latest.prev_record.status == "contacted"
    history_page = alice.get(ADMIN + f"{world.ra.pk}/history/").content.decode()
    assert "alice" in history_page


def test_coordinators_cannot_edit_the_persons_details(world: World):
    url = ADMIN + f"{world.ra.pk}/change/"
    response = login(world.alice).post(
        url, {"status": "new", "first_name": "Changed", "email": "x@y.z", **INLINE}
    )
    assert response.status_code == 302
    world.ra.refresh_from_db()
    assert (world.ra.first_name, world.ra.email) == ("Anna", "anna@example.org")


def test_opening_a_request_is_logged_once_per_session_and_counted(world: World):
    alice = login(world.alice)
    for _ in range(3):
        assert alice.get(ADMIN + f"{world.ra.pk}/change/").status_code == 200
    login(world.alice).get(ADMIN + f"{world.rb.pk}/change/")  # refused: not logged
    [access] = ContactRequestAccess.objects.filter(contact_request=world.ra, user=world.alice)
    assert access.views == 3
    assert access.last_viewed_at is not None
    assert access.last_viewed_at >= access.viewed_at
    assert not ContactRequestAccess.objects.filter(contact_request=world.rb).exists()
    # Another login session is another row; so is another request in the same session.
    login(world.alice).get(ADMIN + f"{world.ra.pk}/change/")
    alice.get(ADMIN + f"{world.ra.pk}/history/")  # the history page is not the request
    assert ContactRequestAccess.objects.filter(contact_request=world.ra).count() == 2
    bob = login(world.bob)
    bob.get(ADMIN + f"{world.rb.pk}/change/")
    bob.get(ADMIN + f"{world.rb2.pk}/change/")
    bob.get(ADMIN + f"{world.rb.pk}/change/")
    assert list(
        ContactRequestAccess.objects.filter(user=world.bob)
        .order_by("contact_request_id")
        .values_list("contact_request_id", "views")
    ) == [(world.rb.pk, 2), (world.rb2.pk, 1)]
    body = alice.get(ADMIN + f"{world.ra.pk}/change/").content.decode()
    assert "Who viewed this request" in body
    assert "Times viewed" in body


def export(client: Client, ids: list[int], **extra: str) -> list[dict[str, str]]:
    response = client.post(
        ADMIN, {"action": "export_csv", "_selected_action": [str(pk) for pk in ids], **extra}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_respects_the_scope(world: World):
    rows = export(login(world.alice), [world.ra.pk, world.rb.pk, world.rb2.pk])
    assert [row["first_name"] for row in rows] == ["Anna"]
    rows = export(login(world.alice), [world.ra.pk], select_across="1")
    assert [row["first_name"] for row in rows] == ["Anna"]
    rows = export(login(world.bob), [world.ra.pk, world.rb.pk, world.rb2.pk])
    assert sorted(row["first_name"] for row in rows) == ["Bao", "Bich"]
    assert rows[0]["phone"] == "'+8613800138000"  # never read as a formula


def test_the_csv_export_neutralises_formulas(world: World):
    ContactRequest.objects.filter(pk=world.ra.pk).update(first_name="=HYPERLINK(1)")
    [row] = export(login(world.alice), [world.ra.pk])
    assert row["first_name"] == "'=HYPERLINK(1)"


def test_requests_waiting_more_than_two_working_days_are_highlighted(world: World):
    # A Monday long ago makes the count independent of today's weekday.
    ContactRequest.objects.filter(pk=world.ra.pk).update(
        created_at=timezone.now() - timedelta(days=14)
    )
    alice = login(world.alice)
    body = alice.get(ADMIN).content.decode()
    assert 'class="contact-overdue"' in body
    assert alice.get(ADMIN, {"age": "waiting"}).context["cl"].result_count == 1
    ContactRequest.objects.filter(pk=world.ra.pk).update(status="contacted")
    assert alice.get(ADMIN, {"age": "waiting"}).context["cl"].result_count == 0
    assert 'class="contact-overdue"' not in alice.get(ADMIN).content.decode()


def test_email_delivery_state_is_visible(world: World):
    emails.queue_emails(world.ra)
    topic = f"contact-request:{world.ra.pk}"
    Message.objects.filter(key=f"{topic}:coordinators").update(
        status="sent", sent_at=timezone.now(), subject="A new contact request"
    )
    alice = login(world.alice)
    row = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*?/{world.ra.pk}/change/.*?</tr>",
        alice.get(ADMIN).content.decode(),
        re.S,
    )
    assert row is not None
    assert "1 queued" in row.group(0)
    Message.objects.filter(key=f"{topic}:copy").update(
        status="failed", attempts=10, last_error="attempt 10: ConnectionRefusedError"
    )
    assert "1 failed" in alice.get(ADMIN).content.decode()
    page = alice.get(ADMIN + f"{world.ra.pk}/change/").content.decode()
    assert "A new contact request: Sent" in page
    assert "ConnectionRefusedError" in page
    Message.objects.filter(key=f"{topic}:copy").update(status="sent")
    assert "all sent" in alice.get(ADMIN).content.decode()


def test_the_dashboard_counts_only_the_coordinators_sites(world: World):
    for _ in range(2):
        make_request(world.site_b, "Extra")
    response = login(world.alice).get(ADMIN + "dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    for element in ["<svg", "<title", "<desc", "<table"]:
        assert element in body
    assert [chart.title for chart in response.context["funnels"]] == [
        "NCT00000001 · Sun Yat-sen Cancer Center"
    ]
    assert response.context["weekly"].total == 1
    assert "Queen Mary Hospital" not in body

    response = login(world.bob).get(ADMIN + "dashboard/")
    charts = {chart.title: chart for chart in response.context["funnels"]}
    assert set(charts) == {"NCT00000001 · Queen Mary Hospital", "Solid trial · Queen Mary Hospital"}
    counts = {bar.label: bar.value for bar in charts["NCT00000001 · Queen Mary Hospital"].bars}
    assert counts["New"] == 3
    assert response.context["weekly"].total == 4
    assert login(world.bob).get(ADMIN).content.decode().count("/dashboard/") >= 1
