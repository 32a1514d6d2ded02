"""Saved results, their private note and the passcode-protected links that share them.

A saved result is a copy of the questionnaire's answers (with the date each was given), made
only when the person asks for it and agrees to the consent sentence shown on the form. Its
owner reaches it through an unguessable link shown once; the browser that saved it also
remembers that link in a signed cookie (the server keeps tokens only hashed). A share link has
its own token and a passcode the person chooses; it expires (30 days unless chosen otherwise, at
most 90), the owner can withdraw it, and `ShareLink.MAX_ATTEMPTS` wrong passcodes lock it for
good (the owner makes a new one).

A saved result viewed later is judged as of the day it was saved, with the catalogue as it is
now, and every answer older than its freshness window (matcher/freshness.py) is marked
"please re-check" together with the criteria that read it.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from keep.models import SavedResult, ShareLink, hash_token, new_token
from matcher import engine, freshness
from matcher.catalogue import published_catalogue
from matcher.questions import QUESTIONS, worded
from matcher.results import CriterionLine, TrialCard, VerdictGroup, arrange
from matcher.session import Questionnaire
from matcher.wording import describe_answer

OWNER_SESSION_KEY = "saved_results"  # where earlier versions kept owner tokens (in clear)
OWNER_COOKIE_SALT = "keep.owner-tokens"
OWNER_TOKENS_KEPT = 10
OWNER_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
NEW_SAVED_SESSION_KEY = "saved_result_new"
NEW_SHARE_COOKIE = "share_link_new"
NEW_SHARE_COOKIE_SECONDS = 10 * 60
UNLOCKED_SESSION_KEY = "share_links_unlocked"


# Saving and sharing ---------------------------------------------------------------------------


def save_result(
    questionnaire: Questionnaire, *, note: str, consent_text: str, language: str
) -> tuple[SavedResult, str]:
    """Store a copy of the answers; return it with its owner token (shown once, kept hashed)."""
    token = new_token()
    answers, answered_on = questionnaire.snapshot()
    saved = SavedResult.objects.create(
        owner_token_hash=hash_token(token),
        mode=questionnaire.mode,
        language=language,
        answers=answers,
        answered_on=answered_on,
        note=note,
        consent_text=consent_text,
        saved_on=timezone.localdate(),
    )
    return saved, token


def create_share_link(saved: SavedResult, *, passcode: str, days: int) -> tuple[ShareLink, str]:
    """A new share link for `days` days; return it with its token (shown once, kept hashed)."""
    token = new_token()
    link = ShareLink(
        saved_result=saved,
        token_hash=hash_token(token),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    link.set_passcode(passcode)
    link.save()
    return link, token


def revoke_share_link(link: ShareLink) -> None:
    """Withdraw a link; it stays listed for its owner as withdrawn."""
    if link.revoked_at is None:
        ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def try_passcode(link: ShareLink, passcode: str) -> bool:
    """Check a passcode; a wrong one is counted, and the last allowed one locks the link.

    Each check first takes one of the link's attempts in a single conditional update (only
    while fewer than `MAX_ATTEMPTS` are taken and the link is not locked), so however many
    guesses arrive at once, at most `MAX_ATTEMPTS` passcodes are ever checked. A right passcode
    gives its attempt back.
    """
    active = ShareLink.objects.filter(
        pk=link.pk, locked_at__isnull=True, failed_attempts__lt=ShareLink.MAX_ATTEMPTS
    )
    if not active.update(failed_attempts=F("failed_attempts") + 1):
        link.refresh_from_db(fields=["failed_attempts", "locked_at"])
        return False
    if link.check_passcode(passcode):
        ShareLink.objects.filter(pk=link.pk).update(
            failed_attempts=F("failed_attempts") - 1, last_opened_at=timezone.now()
        )
        return True
    ShareLink.objects.filter(
        pk=link.pk, failed_attempts__gte=ShareLink.MAX_ATTEMPTS, locked_at__isnull=True
    ).update(locked_at=timezone.now())
    link.refresh_from_db(fields=["failed_attempts", "locked_at"])
    return False


# What this browser remembers ------------------------------------------------------------------


def remember_owner_token(request: HttpRequest, response: HttpResponse, token: str) -> None:
    """Let this browser find its saved result again, and show the owner link once.

    The owner links live in a signed cookie in the owner's own browser, not in the session
    table: the server keeps only their hashes (the session recognises the new one by its hash).
    """
    tokens = [t for t in remembered_owner_tokens(request) if t != token]
    _set_owner_tokens(response, [*tokens, token][-OWNER_TOKENS_KEPT:])
    request.session[NEW_SAVED_SESSION_KEY] = hash_token(token)


def remembered_owner_tokens(request: HttpRequest) -> list[str]:
    """The owner links this browser remembers (a cookie that fails its signature: none)."""
    if OWNER_SESSION_KEY in request.session:  # kept in clear by earlier versions
        del request.session[OWNER_SESSION_KEY]
    value = (
        request.get_signed_cookie(settings.KEEP_OWNER_COOKIE, default="", salt=OWNER_COOKIE_SALT)
        or ""
    )
    return [t for t in value.split(".") if OWNER_TOKEN.fullmatch(t)][-OWNER_TOKENS_KEPT:]


def remembered_results(request: HttpRequest) -> list[tuple[str, SavedResult]]:
    """The results saved in this browser that still exist, newest first, with their tokens."""
    tokens = remembered_owner_tokens(request)
    found = {
        result.owner_token_hash: result
        for result in SavedResult.objects.filter(
            owner_token_hash__in=[hash_token(t) for t in tokens]
        )
    }
    return [
        (token, found[hash_token(token)])
        for token in reversed(tokens)
        if hash_token(token) in found
    ]


def forget_owner_token(request: HttpRequest, response: HttpResponse, token: str) -> None:
    _set_owner_tokens(response, [t for t in remembered_owner_tokens(request) if t != token])


def _set_owner_tokens(response: HttpResponse, tokens: list[str]) -> None:
    if not tokens:
        response.delete_cookie(settings.KEEP_OWNER_COOKIE, samesite="Lax")
        return
    response.set_signed_cookie(
        settings.KEEP_OWNER_COOKIE,
        ".".join(tokens),
        salt=OWNER_COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def pop_new_saved(request: HttpRequest, saved: SavedResult) -> bool:
    """True once, on the first view of a result just saved in this browser."""
    if request.session.get(NEW_SAVED_SESSION_KEY) == saved.owner_token_hash:
        del request.session[NEW_SAVED_SESSION_KEY]
        return True
    return False


def keep_new_share_token(response: HttpResponse, link: ShareLink, token: str) -> None:
    """Hold a new link's token, until its owner page has shown it once, in a short-lived
    signed cookie of the owner's browser (not in the session table)."""
    response.set_signed_cookie(
        NEW_SHARE_COOKIE,
        f"{link.pk}.{token}",
        salt=NEW_SHARE_COOKIE,
        max_age=NEW_SHARE_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def pop_new_share_token(
    request: HttpRequest, response: HttpResponse, saved: SavedResult
) -> tuple[int, str] | None:
    """The new link's id and token if this browser holds one for `saved` (then forget it)."""
    if NEW_SHARE_COOKIE not in request.COOKIES:
        return None
    response.delete_cookie(NEW_SHARE_COOKIE, samesite="Lax")
    value = request.get_signed_cookie(NEW_SHARE_COOKIE, default="", salt=NEW_SHARE_COOKIE) or ""
    link_id, _, token = value.partition(".")
    if not link_id.isdigit() or not OWNER_TOKEN.fullmatch(token):
        return None
    if not saved.share_links.filter(pk=int(link_id)).exists():
        return None
    return int(link_id), token


def unlock(request: HttpRequest, link: ShareLink) -> None:
    """Remember, for a short time, that this browser gave the right passcode for this link."""
    unlocked = _unlocked(request)
    now = time.time()
    unlocked = {key: until for key, until in unlocked.items() if until > now}
    unlocked[str(link.pk)] = now + settings.SHARE_UNLOCK_SECONDS
    request.session[UNLOCKED_SESSION_KEY] = unlocked


def is_unlocked(request: HttpRequest, link: ShareLink) -> bool:
    return _unlocked(request).get(str(link.pk), 0) > time.time()


def _unlocked(request: HttpRequest) -> dict[str, float]:
    data = request.session.get(UNLOCKED_SESSION_KEY)
    if not isinstance(data, dict):
        return {}
    return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}


# The report: answers in words and every trial's result, with what to re-check ----------------


@dataclass
class AnswerRow:
    key: str
    label: str
    value: str
    answered_on: datetime.date | None
    recheck: freshness.Recheck | None


@dataclass
class ReportLine:
    line: CriterionLine
    recheck: freshness.Recheck | None


@dataclass
class ReportCard:
    card: TrialCard
    lines: list[ReportLine]
    rechecks: int


@dataclass
class ReportGroup:
    group: VerdictGroup
    cards: list[ReportCard]


@dataclass
class Report:
    saved: SavedResult
    as_of: datetime.date
    today: datetime.date
    audience: engine.Audience
    answers: list[AnswerRow]
    groups: list[ReportGroup]
    questions_for_doctor: list[str]
    rechecks: dict[str, freshness.Recheck] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def valid_answers(answers: dict[str, Any]) -> tuple[engine.Answers, dict[str, Any], list[str]]:
    """The answers as the engine reads them; answers no longer valid are left out and named."""
    kept = dict(answers)
    dropped: list[str] = []
    for _attempt in range(2):
        try:
            return engine.validate_answers(kept), kept, dropped
        except engine.AnswerError as error:
            bad = {key.split(".", 1)[0] for key in error.errors}
            dropped.extend(sorted(bad))
            kept = {key: value for key, value in kept.items() if key not in bad}
    return engine.Answers(), {}, sorted(answers)


def build_report(
    saved: SavedResult,
    today: datetime.date | None = None,
    pages: Mapping[engine.Verdict, int] | None = None,
) -> Report:
    """Everything the owner page and the shared page show, judged as of the saving date.

    Like the results page: counts per verdict and one page of each group (`pages`).
    """
    today = today or timezone.localdate()
    audience = engine.Audience(saved.mode)
    answers, kept, dropped = valid_answers(saved.answers if isinstance(saved.answers, dict) else {})
    answered_on = saved.answered_on if isinstance(saved.answered_on, dict) else {}
    rechecks = freshness.rechecks(kept, answered_on, today)
    results = arrange(
        published_catalogue(), answers, as_of=saved.saved_on, audience=audience, pages=pages
    )
    groups = []
    for group in results.groups:
        cards = []
        for card in group.cards:
            lines = []
            for line, item in zip(card.criteria, card.result.criteria, strict=True):
                key = item.criterion.answer_key
                lines.append(ReportLine(line, rechecks.get(key) if key else None))
            cards.append(ReportCard(card, lines, sum(1 for line in lines if line.recheck)))
        groups.append(ReportGroup(group, cards))
    return Report(
        saved=saved,
        as_of=saved.saved_on,
        today=today,
        audience=audience,
        answers=answer_rows(kept, answered_on, audience, rechecks),
        groups=groups,
        questions_for_doctor=results.questions_for_doctor,
        rechecks=rechecks,
        dropped=dropped,
    )


def answer_rows(
    answers: dict[str, Any],
    answered_on: dict[str, Any],
    audience: engine.Audience,
    rechecks: dict[str, freshness.Recheck],
) -> list[AnswerRow]:
    """The answers in words, in the questionnaire's order."""
    rows = []
    for question in QUESTIONS:
        if question.key not in answers:
            continue
        label = (
            question.clinician_label if audience == engine.Audience.CLINICIAN else question.label
        )
        rows.append(
            AnswerRow(
                key=question.key,
                label=worded(label or question.label, question.key, audience),
                value=describe_answer(question.key, answers[question.key], audience),
                answered_on=freshness.parse_day(answered_on.get(question.key)),
                recheck=rechecks.get(question.key),
            )
        )
    return rows
