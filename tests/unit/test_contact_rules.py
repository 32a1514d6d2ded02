"""Rules of the contact workflow that need no database: working days, statuses, back-off."""

from __future__ import annotations

import datetime

import pytest

from contact.models import ContactRequest, overdue_cutoff, working_days_between
from contact.summary import as_text, readable_summary
from outbox.tasks import retry_delay

MON = datetime.date(2026, 11, 16)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MON, MON, 0),
        (MON, MON + datetime.timedelta(days=1), 1),  # Tuesday
        (MON + datetime.timedelta(days=4), MON + datetime.timedelta(days=7), 1),  # Fri -> Mon
        (MON + datetime.timedelta(days=5), MON + datetime.timedelta(days=7), 1),  # Sat -> Mon
        (MON, MON + datetime.timedelta(days=7), 5),
        (MON, MON + datetime.timedelta(days=16), 12),
        (MON + datetime.timedelta(days=3), MON, 0),
    ],
)
def test_working_days_skip_weekends(start, end, expected):
    assert working_days_between(start, end) == expected


def test_a_request_from_friday_waits_too_long_only_from_wednesday():
    friday = MON + datetime.timedelta(days=4)
    tuesday, wednesday = MON + datetime.timedelta(days=8), MON + datetime.timedelta(days=9)
    assert working_days_between(friday, tuesday) == 2  # Monday, Tuesday: not yet
    assert working_days_between(friday, wednesday) == 3
    assert overdue_cutoff(tuesday, 2) < friday
    # By Wednesday, requests of Friday and the weekend have waited too long; Monday's not.
    assert overdue_cutoff(wednesday, 2) == friday + datetime.timedelta(days=2)


def test_statuses_move_forward_or_close():
    assert ContactRequest.allowed_statuses("contacted") == [
        "contacted",
        "prescreened",
        "referred",
        "enrolled",
        "not_eligible",
        "withdrawn",
    ]
    assert ContactRequest.allowed_statuses("withdrawn") == ["withdrawn"]
    assert "new" not in ContactRequest.allowed_statuses("referred")


def test_retries_back_off_and_are_capped(settings):
    settings.EMAIL_RETRY_SECONDS = (60, 600)
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_a_summary_stored_before_answer_keys_still_reads_in_words():
    table = readable_summary(
        {
            "answers": {"age": 54, "disease_status": ["recurrent", "metastatic"]},
            "verdict": "likely_eligible",
            "criteria": [
                {"kind": "inclusion", "status": "pass", "text": "Age ≥ 18", "reason": "Age ok."}
            ],
        }
    )
    assert table.verdict == "Likely eligible"
    [row] = table.criteria
    assert (row.kind, row.result, row.reason, row.question) == ("Needed", "Met", "Age ok.", "")
    assert [(answer.question, answer.answer) for answer in table.other_answers] == [
        ("How old are you?", "54"),
        (
            "Where is the cancer now?",
            "Come back after treatment (recurrent), spread to other parts of the body (metastatic)",
        ),
    ]
    assert "disease_status" not in as_text(table)


def test_changing_status_records_when_and_only_moves_forward_or_closes():
    request = ContactRequest(status=ContactRequest.Status.NEW)
    assert request.status_changed_at is None
    assert request.change_status(ContactRequest.Status.CONTACTED) is True
    assert request.status == ContactRequest.Status.CONTACTED
    first = request.status_changed_at
    assert first is not None

    assert request.change_status(ContactRequest.Status.CONTACTED) is False  # no change, same date
    assert request.status_changed_at == first

    with pytest.raises(ValueError, match="cannot go back"):
        request.change_status(ContactRequest.Status.NEW)
    assert request.status == ContactRequest.Status.CONTACTED

    assert request.change_status(ContactRequest.Status.WITHDRAWN) is True
    assert request.status_changed_at is not None
    assert request.status_changed_at >= first
