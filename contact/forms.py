"""The contact form for a trial's study team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from trials.models import Site

from .models import ContactRequest


class SiteChoiceField(forms.ModelChoiceField[Site]):
    def label_from_instance(self, obj: Site) -> str:
        place = ", ".join(part for part in (obj.city, obj.country) if part)
        return f"{obj.facility} ({place})" if place else obj.facility


class ContactForm(forms.Form):
    """The message to a study team, modelled on the HLX43 page's "Send a message" form."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number"),
        help_text=_("Start with your country code, for example +86 138 0013 8000."),
        error_messages={
            "invalid": _(
                "Enter a phone number with its country code, for example +86 138 0013 8000."
            )
        },
        max_length=40,
    )
    other_language = forms.ChoiceField(
        label=_("Other language"),
        help_text=_("If you would rather speak another language with the study team."),
        choices=[("", _("No, English or Chinese is fine")), *ContactRequest.Language.choices],
        required=False,
    )
    location = forms.CharField(
        label=_("Where do you live?"),
        help_text=_("A city or a country, so we can list the nearest study sites first."),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    site = SiteChoiceField(
        label=_("Study site"),
        queryset=Site.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the study sites listed.")},
    )
    message = forms.CharField(
        label=_("Message"),
        help_text=_("Optional. Anything you would like the study team to know."),
        max_length=2000,
        required=False,
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
        consent_text: str,
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
        self.fields["consent"].label = consent_text
        if not can_share_prescreen:
            del self.fields["share_prescreen"]
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def full_clean(self) -> None:
        super().full_clean()
        # Point each field at its own messages as templates/_field.html numbers them.
        for name, errors in self.errors.items():
            if name in self.fields and not self.fields[name].widget.is_hidden:
                auto_id = self[name].auto_id
                ids = [f"{auto_id}_helptext"] if self.fields[name].help_text else []
                ids += [f"{auto_id}_error_{number}" for number in range(1, len(errors) + 1)]
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
