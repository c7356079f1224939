from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget

from conditions.models import Condition


class ReviewForm(forms.Form):
    """Recording a clinical review: the credentials are typed; the name and date are not."""

    credentials = forms.CharField(
        label="Your credentials",
        max_length=60,
        help_text="As they should appear after your name, e.g. PsyD, LP or LICSW.",
    )
    read_it = forms.BooleanField(
        label="I have read the whole page as it is now, as a clinician, and it is accurate "
        "and follows the safe-messaging guidelines.",
    )


class ConditionAdminForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = [
            "title",
            "slug",
            "name_in_sentence",
            "headline",
            "summary",
            "intro",
            "crisis_notice_enabled",
            "crisis_notice_text",
            "feelings_intro",
            "causes_intro",
            "support_intro",
            "faq_intro",
            "specialties",
            "modalities",
            "is_published",
        ]
        widgets = {
            "headline": AdminTextareaWidget(attrs={"rows": 2}),
            "summary": AdminTextareaWidget(attrs={"rows": 2, "maxlength": 160}),
            "intro": AdminTextareaWidget(attrs={"rows": 5}),
            "feelings_intro": AdminTextareaWidget(attrs={"rows": 3}),
            "crisis_notice_text": AdminTextareaWidget(attrs={"rows": 3}),
            "causes_intro": AdminTextareaWidget(attrs={"rows": 4}),
            "support_intro": AdminTextareaWidget(attrs={"rows": 2}),
            "faq_intro": AdminTextareaWidget(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned_data = super().clean()
        specialties = cleaned_data.get("specialties")
        if specialties is not None:
            # Checked by Condition.clean() (the publish guard) against what is about to be
            # saved, not what is in the database now.
            self.instance.pending_specialty_slugs = frozenset(s.slug for s in specialties)
        return cleaned_data


class SectionItemForm(forms.ModelForm):
    """An item of one section of a page; the section comes from the proxy model edited."""

    text_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.section = self._meta.model.section_value
        self.fields["text"].help_text = self.text_help


class ListItemForm(SectionItemForm):
    class Meta:
        fields = ["order", "text"]
        widgets = {"text": AdminTextareaWidget(attrs={"rows": 2})}


class SupportPointForm(SectionItemForm):
    class Meta:
        fields = ["order", "title", "text"]
        labels = {"title": "Title", "text": "Text"}
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField"}),
            "text": AdminTextareaWidget(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].help_text = "A few words, e.g. “No judgment”."


class FAQEntryForm(SectionItemForm):
    class Meta:
        fields = ["order", "title", "text"]
        labels = {"title": "Question", "text": "Answer"}
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "text": AdminTextareaWidget(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].help_text = "Written the way a person would ask it."
