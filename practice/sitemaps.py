from django.contrib.sitemaps import Sitemap

from practice.models import PracticePage


class PracticePageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return PracticePage.objects.published().only("slug", "updated_at").order_by("order")

    def lastmod(self, page):
        return page.updated_at
