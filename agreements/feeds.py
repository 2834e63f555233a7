from django.contrib.syndication.views import Feed
from django.urls import path, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from agreements.models import Release
from portal.core.markdown import render_markdown


class ReleaseFeed(Feed):
    feed_type = Atom1Feed
    title = _("Releases of the national agreement system")
    link = reverse_lazy("agreements:releases")
    subtitle = _("New published releases of the Landelijk afsprakenstelsel.")

    def items(self):
        return Release.objects.published().order_by("-published_on", "-number")[:30]

    def item_title(self, item):
        return f"{item.number} – {item.title}"

    def item_description(self, item):
        return render_markdown(item.notes)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.published_on, time(9, 0)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)


# Included under /feeds/ by the site's URLs (the names stay global: "feed-releases").
urlpatterns = [path("releases/", ReleaseFeed(), name="feed-releases")]
