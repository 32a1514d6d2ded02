"""Reasons people can read: English templates, translated and filled in only when rendered.

The engine never translates. Every template is an English literal wrapped in `gettext_noop`
so that Django's `makemessages` extracts it; the caller renders a `Message` for an audience
(a patient gets plain words, a clinician gets terms and ISO dates) with its own `translate`
and `format_date`. Parameters may be `Label`s (translated terms), dates, nested `Message`s
(whole sentences, so translators always see full sentences), `Quote`s (words quoted from the
protocol, in its own language, never translated) or tuples of those (joined with a translated
list separator). A page may `quote` those words, to mark their language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


def gettext_noop(s: str) -> str:
    """Mark a string for translation without translating it."""
    return s


def identity(s: str) -> str:
    """Return the string unchanged (the default `translate`)."""
    return s


LIST_SEPARATOR = gettext_noop(", ")


class Quote(str):
    """Words quoted from a protocol: shown as they are, in the protocol's language."""

    __slots__ = ()


class Audience(StrEnum):
    PATIENT = "patient"
    CLINICIAN = "clinician"


@dataclass(frozen=True, slots=True)
class Label:
    """A term worded once for patients and once for clinicians."""

    patient: str
    clinician: str

    def render(
        self, audience: Audience = Audience.PATIENT, translate: Callable[[str], str] = identity
    ) -> str:
        """Return the term for the audience, translated."""
        return translate(self.clinician if audience == Audience.CLINICIAN else self.patient)


@dataclass(frozen=True, slots=True)
class Message:
    """A reason: one template per audience with `%(name)s` placeholders, and their values."""

    patient: str
    clinician: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    def render(
        self,
        audience: Audience = Audience.PATIENT,
        translate: Callable[[str], str] = identity,
        format_date: Callable[[date], str] = date.isoformat,
        quote: Callable[[str], str] = identity,
    ) -> str:
        """Return the message for the audience: `translate(template) % params`."""
        template = self.clinician if audience == Audience.CLINICIAN else self.patient
        params = _RenderedParams(self.params, audience, translate, format_date, quote)
        return translate(template) % params


def message_key(message: Message) -> object:
    """A key equal for equal messages, with a hash that tells their parameters apart too.

    A `Message` hashes on its templates only (its parameters are a mapping), so thousands of
    messages of one template would share one hash in a dict of renderings. Values keep their
    type: a quoted word and the same word as plain text render differently. A key holding a
    parameter that cannot be hashed raises TypeError when hashed; use the message then.
    """
    params = message.params
    if not params:
        return message
    values = []
    for name, value in params.items():
        kind = type(value)
        if kind is Message:
            values.append((name, message_key(value)))  # type: ignore[arg-type]
        elif kind is tuple or kind is list:
            values.append((name, (kind, tuple(map(_value_key, value)))))  # type: ignore[call-overload]
        else:
            values.append((name, (kind, value)))
    return message.patient, message.clinician, tuple(values)


def _value_key(value: object) -> object:
    if isinstance(value, Message):
        return message_key(value)
    if isinstance(value, tuple | list):
        return type(value), tuple(_value_key(item) for item in value)
    return type(value), value


class _RenderedParams:
    """A mapping view that renders each parameter only when the template asks for it."""

    __slots__ = ("audience", "format_date", "params", "quote", "translate")

    def __init__(
        self,
        params: Mapping[str, object],
        audience: Audience,
        translate: Callable[[str], str],
        format_date: Callable[[date], str],
        quote: Callable[[str], str] = identity,
    ) -> None:
        self.params = params
        self.audience = audience
        self.translate = translate
        self.format_date = format_date
        self.quote = quote

    def __getitem__(self, name: str) -> object:
        return self.render(self.params[name])

    def render(self, value: object) -> object:
        match value:
            case Message():
                return value.render(self.audience, self.translate, self.format_date, self.quote)
            case Label():
                return value.render(self.audience, self.translate)
            case date():
                return self.format_date(value)
            case Quote():
                return self.quote(str(value))
            case tuple() | list():
                # Translators: the separator between items of a list ("、" in Chinese).
                separator = self.translate(LIST_SEPARATOR)
                return separator.join(str(self.render(item)) for item in value)
            case _:
                return value
