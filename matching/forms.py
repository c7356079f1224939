from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matching.models import Carrier, Language, Modality, Specialty
from matching.places import AGE_GROUPS, STATES


class SlugChoiceField(forms.ModelChoiceField):
    """A reference item chosen by slug, shown by name (so URLs read ?carrier=aetna)."""

    def __init__(self, model, **kwargs):
        super().__init__(
            queryset=model.objects.order_by("name"),
            to_field_name="slug",
            required=False,
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return gettext(obj.name)  # baseline names are in the catalogue (matching/reference.py)


class DirectoryFilterForm(forms.Form):
    """The directory's filters: a plain GET form that works without JavaScript."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *STATES], required=False
    )
    format = forms.ChoiceField(
        label=_("How you'd like to meet"),
        choices=[
            ("", _("Telehealth or in person")),
            ("telehealth", _("Telehealth")),
            ("in_person", _("In person")),
        ],
        required=False,
    )
    carrier = SlugChoiceField(
        Carrier, label=_("Insurance"), empty_label=_("Any insurance or self-pay")
    )
    specialty = SlugChoiceField(Specialty, label=_("Works with"), empty_label=_("Any concern"))
    modality = SlugChoiceField(Modality, label=_("Approach"), empty_label=_("Any approach"))
    language = SlugChoiceField(Language, label=_("Language"), empty_label=_("Any language"))
    age = forms.ChoiceField(
        label=_("Sees"),
        choices=[("", _("Any age")), *[(code, _(name)) for code, name in AGE_GROUPS]],
        required=False,
    )
    accepting = forms.BooleanField(label=_("Only clinicians accepting new clients"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select"
            field.widget.attrs["class"] = css

    def filter(self, queryset):
        """Apply every valid filter; invalid ones are reported by the form, not applied."""
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        if data.get("state"):
            queryset = queryset.licensed_in(data["state"])
        if data.get("format"):
            queryset = queryset.offering(data["format"])
        if data.get("carrier"):
            queryset = queryset.in_network_with(data["carrier"].slug)
        if data.get("specialty"):
            queryset = queryset.treating(data["specialty"].slug)
        if data.get("modality"):
            queryset = queryset.practising(data["modality"].slug)
        if data.get("language"):
            queryset = queryset.speaking(data["language"].slug)
        if data.get("age"):
            queryset = queryset.serving(data["age"])
        if data.get("accepting"):
            queryset = queryset.accepting()
        return queryset

    @property
    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        return sum(
            1 for name in self.fields if name not in self.errors and self.cleaned_data.get(name)
        )
