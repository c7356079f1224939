from django.contrib.sitemaps import Sitemap

from conditions.models import Condition


class ConditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Condition.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, condition):
        return condition.updated_at
