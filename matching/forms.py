from functools import lru_cache

from django import forms
from django.core.cache import cache
from django.db.models import F
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ellie import pagecache
from matching.models import AGE_BITS, Carrier, Language, Modality, SearchRow, Specialty
from matching.places import AGE_GROUPS, STATES

# The directory's lists of reference items: field name → model.
REFERENCE_FIELDS = {
    "carrier": (Carrier, "carriers"),
    "specialty": (Specialty, "specialties"),
    "modality": (Modality, "modalities"),
    "language": (Language, "languages"),
}
REFERENCE_KEY = "matching:directory-choices"


def reference_choices() -> dict[str, list[tuple[str, str, int]]]:
    """Each list's items as (slug, name, bit mask), by name: read once per version of the
    public pages (ellie.pagecache), so a rename or a new item shows on the next request."""
    number = pagecache.version()
    key = f"{REFERENCE_KEY}:{number}"
    choices = cache.get(key) if number is not None else None
    if choices is None:
        choices = {
            name: [
                (item.slug, item.name, item.mask)
                for item in model.objects.order_by("name", "pk").only("slug", "name", "bit")
            ]
            for name, (model, _) in REFERENCE_FIELDS.items()
        }
        if number is not None:
            cache.set(key, choices, pagecache.PAGE_TIMEOUT)
    return choices


def offered_values() -> dict[str, set[str]]:
    """Every value the directory's filters offer, by parameter (and "" for "any"): a query
    made of these alone is one a visitor can reach by choosing, so its page may be kept.
    Made once per version of the public pages in each process."""
    number = pagecache.version()
    if number is not None and _offered[0] == number:
        return _offered[1]
    offered = {
        "state": {code for code, _ in STATES},
        "format": {"telehealth", "in_person"},
        "age": {code for code, _ in AGE_GROUPS},
        "accepting": {"on"},  # what a browser sends for the ticked box
    }
    for name, items in reference_choices().items():
        offered[name] = {slug for slug, _, _ in items}
    offered = {name: frozenset(values | {""}) for name, values in offered.items()}
    if number is not None:
        _offered[:] = [number, offered]
    return offered


_offered: list = [None, None]  # [version, values] (whether a page is kept, never what it shows)


class QuickSelect(forms.Select):
    """Django's <select>, markup for markup, built in Python: the directory's lists hold a
    couple of hundred options, and a template per option was most of the page's time. The
    options' markup is made once per list and language (``_option_markup``); a render only
    marks the chosen one."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(item) for item in self.format_value(value)}
        options = _option_markup(tuple((str(v), str(label)) for v, label in self.choices))
        parts = [format_html('<select name="{}"', name), _attrs(final_attrs), ">"]
        # Django's Select marks only the first option with the chosen value.
        for option_value, opening, rest in options:
            parts.append(opening)
            if option_value in chosen:
                parts.append(" selected")
                chosen.discard(option_value)
            parts.append(rest)
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part escaped by format_html)


@lru_cache(maxsize=64)
def _option_markup(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each option as (value, the markup before where ``selected`` goes, the rest)."""
    return tuple(
        (value, format_html('\n  <option value="{}"', value), format_html(">{}</option>\n", label))
        for value, label in choices
    )


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


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
    # Reference items chosen by slug, shown by name (so URLs read ?carrier=aetna).
    carrier = forms.ChoiceField(label=_("Insurance"), required=False)
    specialty = forms.ChoiceField(label=_("Works with"), required=False)
    modality = forms.ChoiceField(label=_("Approach"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    EMPTY_LABELS = {
        "carrier": _("Any insurance or self-pay"),
        "specialty": _("Any concern"),
        "modality": _("Any approach"),
        "language": _("Any language"),
    }
    age = forms.ChoiceField(
        label=_("Sees"),
        choices=[("", _("Any age")), *[(code, _(name)) for code, name in AGE_GROUPS]],
        required=False,
    )
    accepting = forms.BooleanField(label=_("Only clinicians accepting new clients"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.reference = reference_choices()
        for name, empty in self.EMPTY_LABELS.items():
            # Baseline names are in the catalogue (matching/reference.py).
            self.fields[name].choices = [
                ("", empty),
                *((slug, gettext(label)) for slug, label, _ in self.reference[name]),
            ]
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices)
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select"
            field.widget.attrs["class"] = css

    def search_rows(self):
        """The search rows (matching.SearchRow) of the active clinicians who fit every valid
        filter, or None without any: one row per clinician and licensed state, filtered on
        the row's own columns and bit sets, no joins. Invalid filters are reported by the
        form, not applied."""
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }
        self.applied = sorted((name, str(value)) for name, value in data.items())
        if not data:
            return None
        rows = SearchRow.objects.filter(is_active=True)
        if data.get("state"):
            rows = rows.filter(state=data["state"])
        if data.get("format") == "telehealth":
            rows = rows.filter(telehealth=True)
        elif data.get("format") == "in_person":
            rows = rows.filter(in_person=True)
        if data.get("accepting"):
            rows = rows.filter(accepting=True)
        masks = {}
        for name, (_model, column) in REFERENCE_FIELDS.items():
            if data.get(name):
                masks[column] = next(m for s, _, m in self.reference[name] if s == data[name])
        if data.get("age"):
            masks["ages"] = AGE_BITS.get(data["age"], 0)
        for column, mask in masks.items():
            alias = f"{column}_fit"
            rows = rows.alias(**{alias: F(column).bitand(mask)}).exclude(**{alias: 0})
        return rows

    @property
    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        return sum(
            1 for name in self.fields if name not in self.errors and self.cleaned_data.get(name)
        )
