"""The contact form for a trial's study team."""

from __future__ import annotations

import uuid
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from trials.models import Site
from trials.places import country_code

from .models import ContactRequest


def consent_text() -> str:
    """The consent sentence, in plain words, in the active language."""
    return gettext(
        "I agree that %(site_name)s sends my details and message to this trial's study team, "
        "and that the study team may contact me by email or phone about taking part. "
        "I can ask them to delete my details at any time."
    ) % {"site_name": settings.SITE_NAME}


def family_name_first() -> bool:
    return (get_language() or "").startswith("zh")


class SiteChoiceField(forms.ModelChoiceField[Site]):
    def label_from_instance(self, obj: Site) -> str:
        place = ", ".join(part for part in (obj.city, obj.country) if part)
        return f"{obj.facility} ({place})" if place else obj.facility


class ContactForm(forms.Form):
    """The message to a study team, modelled on the HLX43 page's "Send a message" form."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={
            "required": _("Enter your first name."),
            "max_length": _("Your first name can have up to 100 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={
            "required": _("Enter your last name."),
            "max_length": _("Your last name can have up to 100 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address, so the study team can reply."),
            "invalid": _("Enter your email address in the form name@example.com."),
            "max_length": _("Your email address can have up to 254 characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    # A number without a country code is read as one of the study site's country (see
    # `phone_region`); it is stored in E.164 either way.
    phone = PhoneNumberField(
        label=_("Phone number"),
        help_text=_(
            "A number in the study site's country needs no country code; for another, start "
            "with its country code, for example +86 138 0013 8000."
        ),
        error_messages={
            "required": _("Enter your phone number, so the study team can call you back."),
            "invalid": _(
                "Enter a valid phone number; for a number outside the study site's country, "
                "start with its country code, for example +86 138 0013 8000."
            ),
            "max_length": _("Your phone number can have up to 40 characters."),
        },
        max_length=40,
    )
    other_language = forms.ChoiceField(
        label=_("Other language"),
        help_text=_("If you would rather speak another language with the study team."),
        choices=[("", _("No, English or Chinese is fine")), *ContactRequest.Language.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    location = forms.CharField(
        label=_("Where do you live?"),
        help_text=_("A city or a country, so we can list the nearest study sites first."),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Give a shorter place name, such as a city.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    site = SiteChoiceField(
        label=_("Study site"),
        queryset=Site.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the study site to send your message to."),
            "invalid_choice": _("Choose one of the study sites listed."),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        help_text=_("Optional. Anything you would like the study team to know."),
        max_length=2000,
        required=False,
        error_messages={
            "max_length": _(
                "Your message can have up to 2,000 characters (it has %(show_value)d): "
                "please shorten it."
            )
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    share_prescreen = forms.BooleanField(
        label=_(
            "Attach my questionnaire answers and my result for this trial, so the study team "
            "can check more quickly whether I might take part."
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Tick the box to agree, so we can send your message.")},
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see (hidden by the stylesheet); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        sites: list[Site],
        can_share_prescreen: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, SiteChoiceField)
        site_field.queryset = Site.objects.filter(pk__in=[site.pk for site in sites])
        # The choices in the given order (nearest first), not the queryset's.
        site_field.choices = [(site.pk, site_field.label_from_instance(site)) for site in sites]
        if len(sites) == 1:
            site_field.widget = forms.HiddenInput()  # the page names the one study team
        self.fields["consent"].label = consent_text()
        if not can_share_prescreen:
            del self.fields["share_prescreen"]
        if family_name_first():
            # Chinese writes the family name first: so does the form, and its error summary.
            order = ["last_name", "first_name"]
            self.fields = {
                **{name: self.fields[name] for name in order},
                **{name: field for name, field in self.fields.items() if name not in order},
            }
        phone_field = self.fields["phone"]
        assert isinstance(phone_field, PhoneNumberField)
        phone_field.region = self.phone_region(sites)
        phone_field.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def phone_region(self, sites: list[Site]) -> str | None:
        """The country of the site the request goes to (the one chosen, else the first), as
        the region a number without a country code belongs to; None if it is not known."""
        chosen = str(self.data.get("site", "")) if self.is_bound else ""
        site = next((site for site in sites if str(site.pk) == chosen), sites[0] if sites else None)
        if site is None or not site.country:
            return None
        code = country_code(site.country)
        return code if code in phonenumbers.SUPPORTED_REGIONS else None

    @property
    def name_fields(self) -> list[forms.BoundField]:
        """The two name fields in the order the active language writes names."""
        order = ["last_name", "first_name"] if family_name_first() else ["first_name", "last_name"]
        return [self[name] for name in order]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    @staticmethod
    def first_initial(sites: list[Site], requested_site: str) -> dict[str, Any]:
        """A new form: a fresh token, and the site asked for in the link or else the first."""
        site = next((site for site in sites if str(site.pk) == requested_site), sites[0])
        return {"form_token": uuid.uuid4(), "site": site.pk}

    @classmethod
    def relisted_initial(cls, data: QueryDict, sites: list[Site]) -> dict[str, Any]:
        """What was typed, shown again unjudged, with the nearest of the re-ordered sites."""
        initial: dict[str, Any] = {name: data.get(name) for name in cls.base_fields if name in data}
        return {**initial, "site": sites[0].pk}

    def renew_token(self) -> None:
        """Replace a tampered or missing form token with a fresh one and validate again."""
        self.data = {**self.data, "form_token": str(uuid.uuid4())}
        self.full_clean()
