"""The "Get matched" form: only what matching and contact need."""

import html
import re
import secrets
import unicodedata
from datetime import date, datetime

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from intake.models import GENDER_PREFERENCES, MatchRequest
from intake.rules import age_group_for, age_in_years, is_positive, needs_guardian
from intake.services import COPIED, Answers
from matching import zipdata
from matching.models import Carrier, Language, Modality, Specialty
from matching.places import STATES as US_STATES

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
DISTANCES = [
    (5, _("5 miles")),
    (10, _("10 miles")),
    (25, _("25 miles")),
    (50, _("50 miles")),
    (100, _("100 miles")),
]
DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
TIMES = [
    ("morning", _("Mornings (before noon)")),
    ("afternoon", _("Afternoons (noon to 5 pm)")),
    ("evening", _("Evenings (after 5 pm)")),
]
FORM_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
OLDEST_AGE = 120
ASQ_QUESTIONS = (
    "asq_wished_dead",
    "asq_better_off_dead",
    "asq_thoughts_of_suicide",
    "asq_ever_attempted",
    "asq_right_now",
)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def ascii_digits(value: str) -> str:
    """Full-width digits (as some keyboards type them) become 0-9; other characters stay.

    Every later check accepts 0-9 only: Python's `\\d` and `isdigit()` also accept digits
    of other scripts, which the ZIP code library cannot handle (it crashes on them).
    """
    return unicodedata.normalize("NFKC", value)


def normalize_us_phone(value: str) -> str:
    """`612-555-0100` → `+16125550100`; raises ValidationError when it cannot be a US number."""
    digits = re.sub(r"[^0-9]", "", ascii_digits(value))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise forms.ValidationError(
            _("Please enter a 10-digit US phone number, for example 612-555-0100.")
        )
    return "+1" + digits


def yes_no_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": _("Please answer yes or no.")},
    )


class TranslatedNames:
    """Reference data is named in English in the database; the catalogue has each
    baseline name in Spanish (matching/reference.py), shown in the page's language."""

    def label_from_instance(self, obj) -> str:
        return gettext(obj.name)


class NamedMultipleChoiceField(TranslatedNames, forms.ModelMultipleChoiceField):
    pass


class NamedChoiceField(TranslatedNames, forms.ModelChoiceField):
    pass


# How a date of birth may be typed where the browser shows a text box instead of a picker.
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y"]


class DateOfBirthInput(forms.DateInput):
    """The date picker, sent back after an error with a value it takes: `<input type="date">`
    holds only YYYY-MM-DD, so a date typed another way comes back in that form and text that
    is no date comes back empty (browsers would drop it anyway; the error says what to type)."""

    def format_value(self, value):
        if not isinstance(value, str):
            return super().format_value(value)
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), pattern).date().isoformat()
            except ValueError:
                continue
        return None


ASQ_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("declined", _("I'd rather not say"))]
ASQ_REQUIRED = _("Please choose an answer: yes, no, or rather not say.")


def asq_field(label: str, *, required: bool = True) -> forms.Field:
    """A safety-screen question: yes, no, or "I'd rather not say" (which counts as a yes)."""
    return forms.ChoiceField(
        label=label,
        choices=ASQ_CHOICES,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": ASQ_REQUIRED},
    )


def slug_choices(model) -> forms.ModelMultipleChoiceField:
    return NamedMultipleChoiceField(
        queryset=model.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MatchRequestForm(forms.Form):
    """One form in sections; every value survives a redisplay with errors."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people and screen readers; a bot that fills it is ignored.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    concerns = slug_choices(Specialty)

    asq_wished_dead = asq_field(_("In the past few weeks, have you wished you were dead?"))
    asq_better_off_dead = asq_field(
        _(
            "In the past few weeks, have you felt that you or your family would be better off "
            "if you were dead?"
        )
    )
    asq_thoughts_of_suicide = asq_field(
        _("In the past week, have you been having thoughts about killing yourself?")
    )
    asq_ever_attempted = asq_field(_("Have you ever tried to kill yourself?"))
    # Asked only after a yes (or "rather not say") to one of the four above, as in the ASQ.
    asq_right_now = asq_field(
        _("Are you having thoughts of killing yourself right now?"), required=False
    )

    format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=MatchRequest.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose telehealth, in person, or either.")},
    )
    state = forms.ChoiceField(
        label=_("State you will be in during sessions"),
        choices=[("", _("Choose a state"))] + list(US_STATES),
        help_text=_("Therapists can only see you in states where they are licensed."),
        error_messages={"required": _("Please choose the state you will be in during sessions.")},
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        required=False,
        max_length=10,
        help_text=_("Needed for in-person sessions, to find offices near you."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    distance_miles = forms.TypedChoiceField(
        label=_("For in-person sessions, how far can you travel?"),
        choices=DISTANCES,
        coerce=int,
        initial=25,
    )

    payment = forms.ChoiceField(
        label=_("How would you like to pay?"),
        choices=[
            (MatchRequest.Payment.INSURANCE, _("With my insurance")),
            (MatchRequest.Payment.SELF_PAY, _("I will pay myself (self-pay)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose insurance or self-pay.")},
    )
    carrier = forms.ModelChoiceField(
        label=_("Your insurance"),
        queryset=Carrier.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose your insurance"),
        help_text=_(
            "If your plan is not listed, choose self-pay and tell us when we call: "
            "we will check your coverage with you."
        ),
    )
    out_of_network_ok = forms.BooleanField(
        label=_("I am open to out-of-network care (often partly reimbursed)"), required=False
    )
    budget = forms.IntegerField(
        label=_("Self-pay: most you can pay per session, in dollars (optional)"),
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Please enter a whole number of dollars, for example 90."),
            "min_value": _("Please enter a whole number of dollars, for example 90."),
            "max_value": _("Please enter an amount up to $1,000."),
        },
    )
    sliding_scale = forms.BooleanField(
        label=_("I would like a sliding-scale fee (based on income)"), required=False
    )

    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=DATE_FORMATS,
        widget=DateOfBirthInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        help_text=_("Of the person who will come to therapy. For example 04/17/1990."),
        error_messages={
            "required": _("Please enter a date of birth."),
            "invalid": _("Please enter a date of birth such as 04/17/1990."),
        },
    )
    guardian_name = forms.CharField(
        label=_("Parent or guardian's name"), required=False, max_length=120
    )
    guardian_phone = forms.CharField(
        label=_("Parent or guardian's phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    guardian_email = forms.EmailField(
        label=_("Parent or guardian's email"),
        required=False,
        error_messages={"invalid": _("Please enter an email address such as name@example.com.")},
    )

    clinician_gender = forms.ChoiceField(
        label=_("Would you prefer a therapist of a particular gender?"),
        choices=GENDER_PREFERENCES,
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    language = NamedChoiceField(
        label=_("Language for sessions"),
        queryset=Language.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("No preference"),
    )
    modalities = slug_choices(Modality)
    available_days = forms.MultipleChoiceField(
        label=_("Days that usually work"),
        choices=DAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_times = forms.MultipleChoiceField(
        label=_("Times of day that usually work"),
        choices=TIMES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    first_name = forms.CharField(
        label=_("First name"),
        max_length=60,
        help_text=_("A first name or the name you like to be called."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Please tell us what to call you.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Please enter an email address such as name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you first?"),
        choices=MatchRequest.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how we should contact you first.")},
    )
    voicemail_ok = yes_no_field(
        _("If we call and you do not answer, is it safe to leave a voicemail?"),
        required=False,
        help_text=_("We would say only our first name and that we are returning your call."),
    )
    consent_to_contact = forms.BooleanField(
        label=_("I agree that Ellie Mental Health may contact me about this request."),
        error_messages={
            "required": _("We can only help if we may contact you. Please check this box to agree.")
        },
    )
    email_confirmation = forms.BooleanField(
        label=_("Email me my reference code. The email says nothing about what I told you."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].label = _("Choose any that fit")
        self.fields["concerns"].help_text = _("Optional. It is fine to leave this empty.")
        self.fields["modalities"].label = _("Any kind of therapy you would like?")
        self.fields["modalities"].help_text = _("Optional. Not sure is fine: we will suggest one.")
        self.helper = self.build_helper()

    # Field rules -------------------------------------------------------------------------

    def clean_form_token(self) -> str:
        token = self.cleaned_data.get("form_token", "")
        return token if FORM_TOKEN_RE.match(token) else new_form_token()

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_zip_code(self) -> str:
        value = ascii_digits(self.cleaned_data["zip_code"]).strip()
        if not value:
            return ""
        if not re.fullmatch(r"[0-9]{5}(-?[0-9]{4})?", value):
            raise forms.ValidationError(_("Please enter a 5-digit ZIP code, for example 55401."))
        value = value[:5]
        if zipdata.find(value) is None:
            raise forms.ValidationError(_("We could not find that ZIP code. Please check it."))
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return normalize_us_phone(value) if value else ""

    def clean_guardian_phone(self) -> str:
        value = self.cleaned_data["guardian_phone"].strip()
        return normalize_us_phone(value) if value else ""

    def clean_date_of_birth(self) -> date:
        value = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("That date is in the future. Please check the year."))
        if age_in_years(value, today) > OLDEST_AGE:
            raise forms.ValidationError(_("Please check the year of birth."))
        return value

    def clean(self):
        data = super().clean()
        self._clean_screen(data)
        self._clean_place(data)
        self._clean_payment(data)
        self._clean_age(data)
        self._clean_contact(data)
        return data

    def _clean_screen(self, data) -> None:
        """ "Right now" is needed after any yes or refusal to the first four; else not asked."""
        first_four = [data.get(name) for name in ASQ_QUESTIONS[:4]]
        if not any(is_positive(v) for v in first_four):
            # Not asked; a yes given anyway (no JavaScript) is still taken seriously.
            if not is_positive(data.get("asq_right_now")):
                data["asq_right_now"] = ""
            return
        if not data.get("asq_right_now") and "asq_right_now" not in self.errors:
            self.add_error("asq_right_now", ASQ_REQUIRED)

    def _clean_place(self, data) -> None:
        state, zip_code, fmt = data.get("state"), data.get("zip_code"), data.get("format")
        if fmt in ("in_person", "either") and "zip_code" in data and not zip_code:
            self.add_error(
                "zip_code", _("Please enter your ZIP code so we can find offices near you.")
            )
        if state and zip_code:
            found = zipdata.find(zip_code)
            if found and found.state != state:
                self.add_error(
                    "zip_code",
                    _(
                        "That ZIP code is not in the state you chose. Please check the state "
                        "or the ZIP code."
                    ),
                )

    def _clean_payment(self, data) -> None:
        if data.get("payment") == MatchRequest.Payment.INSURANCE:
            if "carrier" in data and data.get("carrier") is None:
                self.add_error(
                    "carrier", _("Please choose your insurance, or choose self-pay above.")
                )
            data["budget"] = None
        elif data.get("payment") == MatchRequest.Payment.SELF_PAY:
            data["carrier"] = None
            data["out_of_network_ok"] = False

    def _clean_age(self, data) -> None:
        born = data.get("date_of_birth")
        if born is None:
            return
        age = age_in_years(born, timezone.localdate())
        data["age_group"] = age_group_for(age)
        if not needs_guardian(age):
            return
        # One message per missing thing, so the summary never says the same words twice.
        if not data.get("guardian_name", "").strip() and "guardian_name" not in self.errors:
            self.add_error(
                "guardian_name",
                _(
                    "Because the person coming to therapy is under 18, we need a parent or "
                    "guardian's name."
                ),
            )
        has_contact = data.get("guardian_phone") or data.get("guardian_email")
        if not has_contact and not {"guardian_phone", "guardian_email"} & set(self.errors):
            self.add_error(
                "guardian_phone",
                _(
                    "Because the person coming to therapy is under 18, we need a phone number "
                    "or an email address to reach their parent or guardian."
                ),
            )

    def _clean_contact(self, data) -> None:
        email, phone = data.get("email"), data.get("phone")
        if not email and not phone and not {"email", "phone"} & set(self.errors):
            self.add_error(
                "email", _("Please give an email address or a phone number (or both) to reach you.")
            )
            return
        method = data.get("contact_method")
        if method in ("phone", "text") and not phone and "phone" not in self.errors:
            self.add_error(
                "contact_method",
                _(
                    "You asked us to call or text, so please add a phone number, "
                    "or choose email instead."
                ),
            )
        if method == "email" and not email and "email" not in self.errors:
            self.add_error(
                "contact_method",
                _(
                    "You asked us to email, so please add an email address, or choose a call "
                    "or text instead."
                ),
            )
        if phone and data.get("voicemail_ok") is None and "voicemail_ok" not in self.errors:
            self.add_error("voicemail_ok", _("Please tell us whether a voicemail is safe."))
        if data.get("email_confirmation") and not email:
            data["email_confirmation"] = False

    # What the service gets ---------------------------------------------------------------

    def to_answers(self, *, site_language: str = "en") -> Answers:
        data = self.cleaned_data
        return Answers(
            site_language=site_language,
            **{name: data[name] for name in COPIED},
            # Rows become slugs, lists become tuples.
            concerns=tuple(s.slug for s in data["concerns"]),
            carrier=data["carrier"].slug if data["carrier"] else "",
            language=data["language"].slug if data["language"] else "",
            modalities=tuple(m.slug for m in data["modalities"]),
            available_days=tuple(data["available_days"]),
            available_times=tuple(data["available_times"]),
            # Voicemail needs a phone; a guardian's name is kept without stray spaces.
            voicemail_ok=bool(data["voicemail_ok"]) if data["phone"] else False,
            email_confirmation=data["email_confirmation"],
            guardian_name=data["guardian_name"].strip(),
        )

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, short name, message) for each error, in the order of the form.

        Messages name what they are about; only the safety questions, whose messages are all
        "Please answer yes or no.", get a short name ("Safety question 2").
        """
        rows = [("get-matched-form", "", str(e)) for e in self.non_field_errors()]
        safety = [name for name in self.fields if name.startswith("asq_")]
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                widget = field.widget
                multiple = isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
                anchor = f"id_{name}_0" if multiple else f"id_{name}"
                short = (
                    gettext("Safety question %(number)s") % {"number": safety.index(name) + 1}
                    if name in safety
                    else ""
                )
                rows.append((anchor, short, str(message)))
        return rows

    @property
    def says_right_now(self) -> bool:
        """A yes (or "rather not say") to "right now", read from what was sent, valid or not."""
        return self.data.get("asq_right_now") in ("yes", "declined")

    @property
    def positive_screen(self) -> bool:
        """Any yes (or refusal) on the safety screen: such a request is never turned away."""
        return any(self.data.get(name) in ("yes", "declined") for name in ASQ_QUESTIONS)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    # Layout ------------------------------------------------------------------------------

    def build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "post"
        helper.form_action = ""
        helper.form_id = "get-matched-form"
        helper.attrs = {"novalidate": "", "aria-label": gettext("Get matched")}
        helper.form_show_errors = True
        helper.layout = Layout(
            "form_token",
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
            HTML(
                '<p class="required-note">'
                + gettext(
                    'Questions marked <span class="asteriskField">*</span> need an answer. '
                    "Everything else is optional."
                )
                + "</p>"
            ),
            section(
                gettext("What you would like help with"),
                "concerns",
                note=gettext("This helps us suggest therapists who focus on what matters to you."),
            ),
            section(
                gettext("A few questions about your safety"),
                HTML(
                    '<p class="form-note">'
                    + gettext(
                        "We ask everyone these questions. They help us know how soon to reach "
                        "out. They are not a diagnosis, and there are no wrong answers."
                    )
                    + '</p><p class="form-note crisis-inline">'
                    + gettext(
                        'If you are in danger right now, please call or text <a href="tel:988">'
                        '988</a> or call <a href="tel:911">911</a> instead of filling in this '
                        "form."
                    )
                    + "</p>"
                    + '<p class="form-note for-a-child">'
                    + gettext(
                        "Filling this in for your child? Answer these questions about your "
                        "child, as best you know. A clinician will also ask your child these "
                        "questions directly."
                    )
                    + "</p>"
                ),
                InlineRadios("asq_wished_dead"),
                InlineRadios("asq_better_off_dead"),
                InlineRadios("asq_thoughts_of_suicide"),
                InlineRadios("asq_ever_attempted"),
                Div(
                    HTML(
                        '<p class="form-note asq-acuity-note" data-asq-note>'
                        + gettext(
                            "Answer this question only if you answered yes, or I'd rather not "
                            "say, to any question above."
                        )
                        + "</p>"
                    ),
                    InlineRadios("asq_right_now"),
                    HTML(crisis_now_html()),
                    css_class="asq-acuity",
                    data_asq_acuity="",
                ),
                css_class="form-section safety-screen",
            ),
            section(
                gettext("Where and how you would like to meet"),
                "format",
                "state",
                "zip_code",
                "distance_miles",
            ),
            section(
                gettext("Paying for sessions"),
                "payment",
                "carrier",
                "out_of_network_ok",
                "budget",
                "sliding_scale",
            ),
            section(
                gettext("About the person coming to therapy"),
                "date_of_birth",
                Div(
                    HTML(
                        format_html(
                            '<h3 class="h6 mb-1">{}</h3><p class="form-note">{}</p>'
                            '<div class="under-18-next" data-under-18>'
                            '<h4 class="h6 mb-1">{}</h4>'
                            '<ul class="form-note mb-2"><li>{}</li><li>{}</li></ul></div>',
                            gettext("If the person is under 18"),
                            gettext(
                                "We need a parent or guardian we can reach. Children under 13 "
                                "are matched with therapists who work with children."
                            ),
                            gettext("What happens next for someone under 18"),
                            gettext(
                                "Our intake team will contact the parent or guardian named "
                                "here about this request, as well as the young person."
                            ),
                            gettext(
                                "In therapy, much of what a young person says stays between "
                                "them and their therapist. There are limits, for example when "
                                "someone's safety is at risk, and the therapist explains them "
                                "to the young person and their parent or guardian at the start."
                            ),
                        )
                    ),
                    "guardian_name",
                    "guardian_phone",
                    "guardian_email",
                    css_class="guardian-box",
                ),
            ),
            section(
                gettext("Your preferences (optional)"),
                "clinician_gender",
                "language",
                "modalities",
                InlineCheckboxes("available_days"),
                "available_times",
            ),
            section(
                gettext("How to reach you"),
                HTML(
                    format_html(
                        '<p class="form-note">{}</p>',
                        gettext("Give an email address, a phone number, or both."),
                    )
                ),
                "first_name",
                "email",
                "phone",
                "contact_method",
                InlineRadios("voicemail_ok"),
                "consent_to_contact",
                "email_confirmation",
            ),
            Div(
                Submit("submit", gettext("Show my matches"), css_class="btn-lg"),
                css_class="form-actions",
            ),
        )
        return helper


def crisis_now_html() -> str:
    """Help right now, shown by static/js/asq.js as soon as "right now" is answered yes (or
    "I'd rather not say"), so nobody has to finish the form, or its steps, to see it.
    Without JavaScript it stays hidden: the next page then starts with the same help."""
    return format_html(
        '<div class="asq-now" data-asq-now hidden><h3 class="h5">{}</h3><p>{}</p>'
        '<p class="asq-now-actions mb-0"><a class="btn btn-crisis" href="tel:988">{}</a> '
        '<a class="btn btn-crisis" href="{}">{}</a> '
        '<a class="btn btn-crisis" href="tel:911">{}</a></p></div>',
        gettext("Please reach out for help right now"),
        gettext(
            "Thank you for telling us. You do not have to get through this moment alone, and "
            "you do not have to wait for us: people are ready to talk with you now."
        ),
        gettext("Call 988"),
        # The catalogue holds this for templates, already escaped (`&amp;` in Spanish).
        html.unescape(pgettext("crisis text link", "sms:988")),
        gettext("Text 988"),
        gettext("Call 911"),
    )


def section(title: str, *fields, note: str = "", css_class: str = "form-section") -> Fieldset:
    """A section of the form: a fieldset whose legend is a heading.

    `data-step` marks it as one step of the form for static/js/steps.js, which shows one
    section at a time; without JavaScript the form stays one page.
    """
    legend = format_html('<h2 class="h4 mb-0">{}</h2>', title)
    items = list(fields)
    if note:
        items.insert(0, HTML(format_html('<p class="form-note">{}</p>', note)))
    return Fieldset(legend, *items, css_class=css_class, data_step="")


class ChoiceForm(forms.Form):
    """On the results page: up to three of the clinicians shown, or "let staff choose"."""

    clinicians = forms.TypedMultipleChoiceField(
        label=_("Choose up to three therapists to ask for"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action = forms.ChoiceField(choices=[("choose", "choose"), ("staff", "staff")], required=False)

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        shown = [m for m in matches if m.clinician_id]
        self.fields["clinicians"].choices = [(m.clinician_id, m.clinician_name) for m in shown]
        chosen = [m.clinician_id for m in shown if m.chosen]
        if chosen:
            self.fields["clinicians"].initial = chosen

    def clean(self):
        data = super().clean()
        data["staff_choose"] = data.get("action") == "staff"
        if data["staff_choose"]:
            data["clinicians"] = []
            return data
        chosen = data.get("clinicians") or []
        if not chosen and "clinicians" not in self.errors:
            self.add_error(
                "clinicians",
                _("Choose one to three therapists, or let our staff choose for you."),
            )
        elif len(chosen) > 3:
            self.add_error(
                "clinicians",
                ngettext(
                    "You chose %(count)d. Please choose no more than three therapists.",
                    "You chose %(count)d. Please choose no more than three therapists.",
                    len(chosen),
                )
                % {"count": len(chosen)},
            )
        return data
