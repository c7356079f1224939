from django import forms

from clinicians.models import Referral
from clinicians.services import Availability


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The address the practice has on file for you.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class AvailabilityForm(forms.Form):
    accepting_new_clients = forms.TypedChoiceField(
        label="Are you accepting new clients?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    waitlist_weeks = forms.IntegerField(
        label="Waitlist, in weeks (0 for none)",
        min_value=0,
        max_value=52,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    telehealth = forms.BooleanField(label="Telehealth (video)", required=False)
    in_person = forms.BooleanField(label="In person", required=False)
    note = forms.CharField(
        label="A short note to the intake team (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="About your availability only; never about a client.",
    )

    def __init__(self, *args, clinician, **kwargs):
        self.clinician = clinician
        initial = {
            "accepting_new_clients": "yes" if clinician.accepting_new_clients else "no",
            "waitlist_weeks": clinician.waitlist_weeks,
            "telehealth": clinician.telehealth,
            "in_person": clinician.in_person,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("telehealth") and not cleaned.get("in_person"):
            raise forms.ValidationError("Choose telehealth, in person, or both.")
        if cleaned.get("in_person") and not self.clinician.offices.exists():
            self.add_error(
                "in_person",
                "We have no office on file for you: ask the intake team to add it first.",
            )
        return cleaned

    def answer(self) -> Availability:
        data = self.cleaned_data
        return Availability(
            accepting_new_clients=data["accepting_new_clients"],
            waitlist_weeks=data["waitlist_weeks"],
            telehealth=data["telehealth"],
            in_person=data["in_person"],
            note=data["note"],
        )


class AcceptForm(forms.Form):
    reach_out = forms.ChoiceField(
        label="When will you reach out to them?",
        choices=Referral.ReachOut.choices,
        widget=forms.RadioSelect,
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you declining?",
        choices=Referral.DeclineReason.choices,
        widget=forms.RadioSelect,
    )
