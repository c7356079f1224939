from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PublicPagesSitemap(Sitemap):
    """The public pages that are not database content, in English and in Spanish."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "crisis", "conditions:condition_list"]

    def location(self, item):
        return reverse(item)
