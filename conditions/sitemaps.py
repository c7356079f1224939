from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from conditions.models import Condition, ConditionTranslation


class ConditionSitemap(Sitemap):
    """Each published page in English, and in Spanish where its translation is published
    (a Spanish address without one shows the English page, so it is not listed)."""

    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        spanish = ConditionTranslation.objects.filter(
            condition=OuterRef("pk"), language="es", is_published=True
        )
        return (
            Condition.objects.published()
            .only("slug", "updated_at")
            .annotate(in_spanish=Exists(spanish))
            .order_by("slug")
        )

    def get_languages_for_item(self, condition):
        return [settings.LANGUAGE_CODE, *(["es"] if condition.in_spanish else [])]

    def lastmod(self, condition):
        return condition.updated_at
