"""Forms for keeping results: save with a note, edit the note, share with a passcode, open a
shared result, and subscribe to notifications. Consent sentences are plain words, stored with
what they allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 4000


def save_consent_text() -> str:
    """The sentence a person agrees to before their answers are stored, in the active language."""
    return gettext(
        "I agree that %(site_name)s stores a copy of my answers, the date I gave each one and "
        "my note, so that I can come back to them and share them. It does not store my name "
        "or contact details. I can delete everything at any time from my saved results page."
    ) % {"site_name": settings.SITE_NAME}


def subscribe_consent_text() -> str:
    """The sentence a person agrees to before subscribing, in the active language."""
    return gettext(
        "I agree that %(site_name)s stores my email address and a copy of my answers to email "
        "me when a new trial may fit them. Every email has a link to stop the emails and "
        "delete my email address and answers."
    ) % {"site_name": settings.SITE_NAME}


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your private note"),
        help_text=_(
            "Only you see it, and the people you give a share link and its passcode to. "
            "For example, questions for your doctor."
        ),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Your note can have up to %(limit_value)d characters (it has %(show_value)d): "
                "please shorten it."
            )
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SaveResultForm(forms.Form):
    note = note_field()
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Tick the box to agree, so we can save your results.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = save_consent_text()


class NoteForm(forms.Form):
    note = note_field()


class ShareLinkForm(forms.Form):
    passcode = forms.CharField(
        label=_("Choose a passcode"),
        help_text=_(
            "At least 6 characters. Tell it to the person you share with separately, for "
            "example by phone, not in the same message as the link."
        ),
        min_length=6,
        max_length=128,
        strip=False,
        error_messages={
            "required": _("Choose a passcode of at least 6 characters."),
            "min_length": _("Your passcode needs at least 6 characters."),
            "max_length": _("Your passcode can have up to 128 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    days = forms.IntegerField(
        label=_("Days the link works"),
        min_value=1,
        error_messages={"invalid": _("Enter the number of days as a whole number, such as 14.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        assert isinstance(days, forms.IntegerField)
        days.initial = settings.SHARE_LINK_DAYS
        days.max_value = settings.SHARE_LINK_MAX_DAYS
        days.validators.append(MaxValueValidator(settings.SHARE_LINK_MAX_DAYS))
        days.widget.attrs.update({"min": 1, "max": settings.SHARE_LINK_MAX_DAYS})
        days.help_text = gettext(
            "From 1 to %(max)s days. You can withdraw the link at any time."
        ) % {"max": settings.SHARE_LINK_MAX_DAYS}
        days_range = gettext("Enter a number of days from 1 to %(max)s.") % {
            "max": settings.SHARE_LINK_MAX_DAYS
        }
        days.error_messages = {
            **days.error_messages,
            "required": days_range,
            "min_value": days_range,
            "max_value": days_range,
        }


class PasscodeForm(forms.Form):
    passcode = forms.CharField(
        label=_("Passcode"),
        help_text=_("The person who shared this page will have told you the passcode."),
        max_length=128,
        strip=False,
        error_messages={
            "required": _("Enter the passcode you were given."),
            "max_length": _("That passcode is too long: check it and try again."),
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address, so we can write to you."),
            "invalid": _("Enter your email address in the form name@example.com."),
            "max_length": _("Your email address can have up to 254 characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Tick the box to agree, so we can email you.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = subscribe_consent_text()
