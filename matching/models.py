from django.db import models


class ReferenceItem(models.Model):
    """A named, slugged item of reference data that staff edit in the admin."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Specialty(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "specialties"


class Modality(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "modalities"


class Carrier(ReferenceItem):
    pass


class Language(ReferenceItem):
    pass
