"""The sitemap: every live public page of the site, in each of its languages."""

from django.db.models import Q
from wagtail.contrib.sitemaps import views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap over the site's root page and all its translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in root.get_translations(inclusive=True):
            trees |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def sitemap(request):
    """sitemap.xml for the site the request is for."""
    return views.sitemap(request, sitemaps={"pages": TranslatedSitemap})
