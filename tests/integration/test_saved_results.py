"""Saved results with a private note, and the passcode-protected links that share them."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from contact.models import ContactRequest
from keep import saved
from keep.models import SavedResult, ShareLink, hash_token
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.markup import without_tokens
from trials.models import Site

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
PASSCODE = "blue-heron-42"
NOTE = "Ask Dr Wong about the HLX43 biopsy."


@pytest.fixture(autouse=True)
def fast_passcodes(settings) -> Iterator[None]:
    """Passcode hashing at full strength takes a second per check; the rules are the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answered(client: Client, seeded_catalogue) -> Client:
    """A browser that answered the whole questionnaire as a third-line NPC patient."""
    walk(client, THIRD_LINE_NPC)
    return client


def save(client: Client, note: str = NOTE) -> tuple[SavedResult, str]:
    """Save the session's answers; return the row and the owner path."""
    response = client.post("/match/results/save/", {"note": note, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    path = response["Location"]
    token = re.fullmatch(r"/saved/([\w-]+)/", path)
    assert token is not None
    return SavedResult.objects.get(owner_token_hash=hash_token(token.group(1))), path


def share(client: Client, owner_path: str, passcode: str = PASSCODE, days: str = "30") -> str:
    """Create a share link from the owner page; return its path (shown once)."""
    response = client.post(owner_path + "share/", {"passcode": passcode, "days": days})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(owner_path).content.decode()
    found = re.search(r'id="new-share-link" value="http://testserver(/shared/[\w-]+/)"', page)
    assert found is not None
    return found.group(1)


def test_results_and_contact_confirmation_offer_to_keep_results(answered: Client):
    page = answered.get("/match/results/").content.decode()
    assert "Keep these results" in page
    assert 'href="/match/results/save/"' in page
    assert 'href="/notify/"' in page


def test_saving_needs_consent_and_stores_answers_dates_mode_language_and_note(answered: Client):
    form = answered.get("/match/results/save/")
    assert "does not store my name or contact details" in form.content.decode()
    refused = answered.post("/match/results/save/", {"note": NOTE})
    assert refused.status_code == 200
    assert "Tick the box to agree" in refused.content.decode()
    assert 'class="error-summary"' in refused.content.decode()
    assert not SavedResult.objects.exists()

    result, _path = save(answered)
    assert result.answers["diagnosis"] == "NPC"
    assert result.answers["ecog"] == 1
    assert result.answered_on["ecog"] == timezone.localdate().isoformat()
    assert set(result.answered_on) == set(result.answers)
    assert (result.mode, result.language, result.note) == ("patient", "en", NOTE)
    assert result.saved_on == timezone.localdate()
    assert "contact details" in result.consent_text
    field_names = {field.name for field in SavedResult._meta.get_fields()}
    assert not field_names & {"email", "phone", "first_name", "last_name", "name"}


def test_nothing_to_save_without_answers(client: Client, seeded_catalogue):
    response = client.post("/match/results/save/", {"consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/match/"
    assert not SavedResult.objects.exists()


def test_the_owner_link_is_unguessable_hashed_and_shown_once(answered: Client):
    result, path = save(answered)
    token = path.split("/")[2]
    assert len(token) >= 43  # 256 random bits
    assert token not in result.owner_token_hash
    first = answered.get(path).content.decode()
    assert "Bookmark this link" in first
    assert f'value="http://testserver{path}"' in first
    second = answered.get(path).content.decode()
    assert "Bookmark this link" not in second
    assert NOTE in second
    assert "no-store" in answered.get(path)["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/saved/not-a-real-token/",
        "/saved/not-a-real-token/print/",
        "/saved/not-a-real-token/delete/",
        "/shared/not-a-real-token/",
        "/shared/not-a-real-token/print/",
    ],
)
def test_unknown_tokens_get_the_friendly_404(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_only_the_owner_link_edits_the_note(answered: Client):
    result, path = save(answered)
    response = answered.post(path + "note/", {"note": "New thoughts"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.note == "New thoughts"

    too_long = answered.post(path + "note/", {"note": "x" * 4001})
    assert too_long.status_code == 200
    assert "up to 4000 characters (it has 4001)" in too_long.content.decode()

    # Someone with the share link and its passcode can read the note but not change it.
    link = share(answered, path)
    stranger = Client()
    stranger.post(link, {"passcode": PASSCODE})
    assert "New thoughts" in stranger.get(link).content.decode()
    assert (
        stranger.post(link.replace("/shared/", "/saved/") + "note/", {"note": "x"}).status_code
        == 404
    )
    assert stranger.post("/saved/guess/note/", {"note": "x"}).status_code == 404
    assert stranger.get(link + "note/").status_code == 404
    result.refresh_from_db()
    assert result.note == "New thoughts"


def test_the_right_passcode_shows_answers_results_and_note_without_contact_details(
    answered: Client,
):
    # The same browser also wrote to a study team, with an email address and a phone number.
    site = Site.objects.get(trial__slug=HLX43)
    answered.post(
        f"/trials/{HLX43}/contact/",
        {
            "first_name": "Mei",
            "last_name": "Chen",
            "email": "mei.chen@example.org",
            "phone": "+8613800138000",
            "site": str(site.pk),
            "consent": "on",
            "form_token": str(uuid.uuid4()),
        },
    )
    assert ContactRequest.objects.count() == 1
    _result, path = save(answered)
    link = share(answered, path)
    assert link != path.replace("/saved/", "/shared/")

    doctor = Client()
    gate = doctor.get(link)
    assert gate.status_code == 200
    assert NOTE not in gate.content.decode()
    assert 'type="password"' in gate.content.decode()
    opened = doctor.post(link, {"passcode": PASSCODE})
    assert opened.status_code == 302
    assert opened["Location"] == link
    page = doctor.get(link).content.decode()
    assert NOTE in page
    assert "Nasopharyngeal" in page  # the diagnosis in words, not its code
    assert "Likely eligible" in page
    assert "NCT06839066" in page
    assert "Protocol wording:" in page  # every criterion, with the protocol's words
    for private in ["mei.chen@example.org", "8613800138000", "138 0013 8000", "Mei", "Chen"]:
        assert private not in page
    assert "no-store" in doctor.get(link)["Cache-Control"]
    assert ShareLink.objects.get().last_opened_at is not None


def test_a_wrong_passcode_is_refused_counted_and_says_how_many_tries_are_left(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    doctor = Client()
    response = doctor.post(link, {"passcode": "not-the-one"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "That passcode is not right. You can try 4 more times." in body
    assert 'class="error-summary"' in body
    assert NOTE not in body
    assert ShareLink.objects.get().failed_attempts == 1
    # Not unlocked: the page still asks for the passcode.
    assert NOTE not in doctor.get(link).content.decode()


def test_five_wrong_passcodes_lock_the_link_even_for_the_right_one(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    doctor = Client()
    for _ in range(4):
        assert doctor.post(link, {"passcode": "guess-guess"}).status_code == 200
    locked = doctor.post(link, {"passcode": "guess-guess"})
    assert locked.status_code == 403
    assert "This link is locked" in locked.content.decode()
    assert ShareLink.objects.get().state == ShareLink.State.LOCKED

    right = Client().post(link, {"passcode": PASSCODE})
    assert right.status_code == 403
    assert NOTE not in right.content.decode()
    # The owner sees it locked, and can make a new link that works.
    assert "Locked after too many wrong passcodes" in answered.get(path).content.decode()
    new_link = share(answered, path, passcode="another-pass")
    viewer = Client()
    viewer.post(new_link, {"passcode": "another-pass"})
    assert NOTE in viewer.get(new_link).content.decode()


def test_wrong_passcodes_from_one_address_are_limited_across_links(answered: Client, settings):
    settings.SHARE_PASSCODE_RATE_LIMIT = (3, 3600)
    _result, path = save(answered)
    links = [share(answered, path, passcode=f"passcode-{n}") for n in range(2)]
    guesser = Client()
    for link in [links[0], links[0], links[1]]:
        guesser.post(link, {"passcode": "wrong-wrong"})
    refused = guesser.post(links[1], {"passcode": "passcode-1"})
    assert refused.status_code == 429
    assert "Too many wrong passcodes" in refused.content.decode()
    assert NOTE not in guesser.get(links[1]).content.decode()


def test_an_expired_link_says_so_even_after_it_was_opened(answered: Client):
    _result, path = save(answered)
    link = share(answered, path, days="1")
    row = ShareLink.objects.get()
    assert row.expires_at - timezone.now() > datetime.timedelta(hours=23)
    doctor = Client()
    doctor.post(link, {"passcode": PASSCODE})
    assert NOTE in doctor.get(link).content.decode()

    ShareLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for response in [doctor.get(link), doctor.get(link + "print/"), Client().get(link)]:
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert NOTE not in response.content.decode()
    assert Client().post(link, {"passcode": PASSCODE}).status_code == 410


def test_links_last_30_days_by_default_and_at_most_90(answered: Client):
    _result, path = save(answered)
    page = answered.get(path).content.decode()
    assert re.search(r'name="days" value="30"', page)
    too_long = answered.post(path + "share/", {"passcode": PASSCODE, "days": "91"})
    assert too_long.status_code == 200
    assert "Enter a number of days from 1 to 90." in too_long.content.decode()
    short = answered.post(path + "share/", {"passcode": "12345", "days": "30"})
    assert "at least 6 characters" in short.content.decode()
    assert not ShareLink.objects.exists()
    share(answered, path)
    life = ShareLink.objects.get().expires_at - timezone.now()
    assert datetime.timedelta(days=29, hours=23) < life <= datetime.timedelta(days=30)


def test_the_passcode_is_stored_hashed_and_the_token_too(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    row = ShareLink.objects.get()
    assert PASSCODE not in row.passcode_hash
    assert row.passcode_hash.startswith("md5$")  # Django's hasher (the fast one in tests)
    assert row.token_hash == hash_token(link.split("/")[2])
    # The token is shown once only.
    assert link not in answered.get(path).content.decode()


def test_withdrawing_a_link_stops_it_at_once(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    doctor = Client()
    doctor.post(link, {"passcode": PASSCODE})
    assert NOTE in doctor.get(link).content.decode()

    row = ShareLink.objects.get()
    response = answered.post(f"{path}share/{row.pk}/withdraw/")
    assert response.status_code == 302
    assert "withdrawn" in answered.get(path).content.decode()
    gone = doctor.get(link)
    assert gone.status_code == 410
    assert "This link has been withdrawn" in gone.content.decode()
    assert NOTE not in gone.content.decode()
    # Another result's owner cannot withdraw it, nor reach it by id.
    other = Client()
    walk(other, THIRD_LINE_NPC)
    _other_result, other_path = save(other)
    assert other.post(f"{other_path}share/{row.pk}/withdraw/").status_code == 404


def test_the_unlocked_state_lasts_a_short_time(answered: Client, monkeypatch):
    _result, path = save(answered)
    link = share(answered, path)
    doctor = Client()
    doctor.post(link, {"passcode": PASSCODE})
    assert NOTE in doctor.get(link).content.decode()
    later = saved.time.time() + 31 * 60
    monkeypatch.setattr(saved.time, "time", lambda: later)
    assert NOTE not in doctor.get(link).content.decode()
    assert doctor.get(link + "print/")["Location"] == link


def test_the_print_view_opens_every_criterion_and_needs_the_passcode(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    doctor = Client()
    assert doctor.get(link + "print/").status_code == 302
    doctor.post(link, {"passcode": PASSCODE})
    page = doctor.get(link).content.decode()
    assert f'href="{link}print/"' in page
    printed = doctor.get(link + "print/").content.decode()
    assert '<details class="criteria-details" open>' in printed
    assert 'id="print-button" hidden' in printed  # shown by the script; the page works without
    assert NOTE in printed
    assert "Print view" in answered.get(path).content.decode()
    assert NOTE in answered.get(path + "print/").content.decode()


def test_old_answers_are_marked_please_recheck_on_the_owner_and_shared_pages(answered: Client):
    result, path = save(answered)
    ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
    result.answered_on = {**result.answered_on, "ecog": ten_days_ago.isoformat()}
    result.save()
    report = saved.build_report(result)
    assert set(report.rechecks) == {"ecog"}
    hlx = next(
        item for group in report.groups for item in group.cards if item.card.trial.slug == HLX43
    )
    flagged = [line for line in hlx.lines if line.recheck]
    assert flagged
    assert all("ECOG" in line.line.text or "ECOG" in line.line.reason for line in flagged)

    owner_page = answered.get(path).content.decode()
    link = share(answered, path)
    doctor = Client()
    doctor.post(link, {"passcode": PASSCODE})
    shared_page = doctor.get(link).content.decode()
    for page in [owner_page, shared_page]:
        assert "Please re-check: studies usually need this from within 7 days." in page
        assert "1 answer is older than studies usually accept" in page
        assert "Please re-check: the answer was given on" in page


def test_a_result_is_judged_as_of_the_day_it_was_saved(answered: Client):
    result, _path = save(answered)
    recent = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    result.answers = {**result.answers, "last_treatment": {"chemotherapy": recent}}
    result.answered_on = {**result.answered_on, "last_treatment": recent}
    result.saved_on = timezone.localdate() - datetime.timedelta(days=7)
    result.save()
    verdicts = {
        item.card.trial.slug: item.card.verdict
        for group in saved.build_report(result).groups
        for item in group.cards
    }
    # Chemotherapy on the day of saving: a washout that time has since fixed still counts.
    assert verdicts[HLX43] == "eligible_later"


def test_deleting_asks_first_then_removes_the_result_note_and_links(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    confirm = answered.get(path + "delete/")
    assert confirm.status_code == 200
    assert "Delete your saved results?" in confirm.content.decode()
    assert SavedResult.objects.count() == 1
    response = answered.post(path + "delete/")
    assert response.status_code == 302
    assert not SavedResult.objects.exists()
    assert not ShareLink.objects.exists()
    assert answered.get(path).status_code == 404
    assert Client().get(link).status_code == 404


def test_saving_is_rate_limited_per_address(answered: Client, settings):
    settings.KEEP_RATE_LIMIT = (2, 3600)
    save(answered)
    save(answered)
    response = answered.post("/match/results/save/", {"note": "", "consent": "on"})
    assert response.status_code == 429
    assert SavedResult.objects.count() == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_input_never_fails(answered: Client, method: str):
    _result, path = save(answered)
    link = share(answered, path)
    call = getattr(Client(), method)
    for url, data in [
        (link, {"passcode": ""}),
        (link, {"passcode": "x" * 5000}),
        (link, {}),
        (path + "share/", {"passcode": "\x00\x00\x00\x00\x00\x00", "days": "-1"}),
        (path + "share/", {"days": "nine"}),
        (path + "share/999999/withdraw/", {}),
        (path + "note/", {"note": ["a", "b"]}),
    ]:
        assert call(url, data).status_code < 500


def test_the_saving_browser_finds_its_saved_results_again(answered: Client):
    _result, path = save(answered)
    page = answered.get("/match/results/save/").content.decode()
    assert "Results you saved earlier in this browser" in page
    assert f'href="{path}"' in page
    answered.post(path + "delete/")
    assert f'href="{path}"' not in answered.get("/match/results/save/").content.decode()


def test_staff_see_saved_results_read_only_without_answers_or_notes(answered: Client):
    from django.contrib.auth.models import User

    result, path = save(answered)
    share(answered, path)
    staff = Client()
    staff.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    listing = staff.get("/admin/keep/savedresult/")
    assert listing.status_code == 200
    detail = staff.get(f"/admin/keep/savedresult/{result.pk}/change/")
    assert detail.status_code == 200
    body = without_tokens(detail.content.decode())
    assert NOTE not in body
    assert "NPC" not in body
    assert 'name="_save"' not in body  # read-only
    assert staff.get("/admin/keep/savedresult/add/").status_code == 403
