from django import forms

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


class DirectoryFilterForm(forms.Form):
    """The directory's filters: a plain GET form that works without JavaScript."""

    state = forms.ChoiceField(label="State", choices=[("", "Any state"), *STATES], required=False)
    format = forms.ChoiceField(
        label="How you'd like to meet",
        choices=[
            ("", "Telehealth or in person"),
            ("telehealth", "Telehealth"),
            ("in_person", "In person"),
        ],
        required=False,
    )
    carrier = SlugChoiceField(Carrier, label="Insurance", empty_label="Any insurance or self-pay")
    specialty = SlugChoiceField(Specialty, label="Works with", empty_label="Any concern")
    modality = SlugChoiceField(Modality, label="Approach", empty_label="Any approach")
    language = SlugChoiceField(Language, label="Language", empty_label="Any language")
    age = forms.ChoiceField(label="Sees", choices=[("", "Any age"), *AGE_GROUPS], required=False)
    accepting = forms.BooleanField(label="Only clinicians accepting new clients", required=False)

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
