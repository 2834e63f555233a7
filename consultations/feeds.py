from django.contrib.syndication.views import Feed
from django.urls import path, reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Consultation


class ConsultationFeed(Feed):
    """New consultations and published reports."""

    feed_type = Atom1Feed
    title = gettext_lazy("Consultations of the GIS portal")
    link = reverse_lazy("consultations:index")
    subtitle = gettext_lazy("New consultations and their published reports.")

    def items(self):
        items = []
        for c in Consultation.objects.published().order_by("-opens_at")[:30]:
            items.append(("new", c.opens_at, c))
            if c.report_published_at:
                items.append(("report", c.report_published_at, c))
        return sorted(items, key=lambda row: row[1], reverse=True)

    def item_title(self, item):
        kind, _when, c = item
        return c.title if kind == "new" else _("Report: %(title)s") % {"title": c.title}

    def item_description(self, item):
        kind, _when, c = item
        return c.introduction if kind == "new" else c.report_summary

    def item_link(self, item):
        kind, _when, c = item
        return (
            c.get_absolute_url()
            if kind == "new"
            else reverse("consultations:report", args=[c.slug])
        )

    def item_guid(self, item):
        kind, _when, c = item
        return f"{kind}-{c.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[1]

    def item_updateddate(self, item):
        return item[1]


# Included under /feeds/ by the site's URLs (the names stay global: "feed-consultations").
urlpatterns = [path("consultaties/", ConsultationFeed(), name="feed-consultations")]
