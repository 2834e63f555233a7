import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roadmap.models import AgendaUpdate, PhaseChange


class AgendaFeed(Feed):
    """Published agenda updates and every phase an exchange moved into."""

    feed_type = Atom1Feed
    title = gettext_lazy("Changes to the Wegiz multi-year agenda")
    link = reverse_lazy("wegiz:agenda")
    subtitle = gettext_lazy("Agenda updates and phase changes of data exchanges.")

    def items(self):
        updates = list(AgendaUpdate.objects.order_by("-published_on")[:20])
        moves = list(
            PhaseChange.objects.filter(is_planned=False)
            .select_related("exchange")
            .order_by("-date", "-id")[:30]
        )
        merged = [(u.published_on, "update", u) for u in updates] + [
            (m.date, "phase", m) for m in moves
        ]
        merged.sort(key=lambda row: row[0], reverse=True)
        return merged[:40]

    def item_title(self, item):
        _day, kind, obj = item
        if kind == "update":
            return obj.title
        return _("%(exchange)s moved to the %(phase)s") % {
            "exchange": obj.exchange,
            "phase": obj.get_phase_display(),
        }

    def item_description(self, item):
        _day, kind, obj = item
        return obj.introduction if kind == "update" else obj.reason

    def item_link(self, item):
        _day, kind, obj = item
        if kind == "update":
            return obj.get_absolute_url()
        return reverse("wegiz:exchange", args=[obj.exchange.number]) + f"#phase-{obj.pk}"

    def item_guid(self, item):
        _day, kind, obj = item
        return f"{kind}-{obj.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item[0], dt.time(9, 0)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)


# Included under /feeds/ by the site's URLs (the names stay global: "feed-wegiz").
urlpatterns = [path("wegiz/", AgendaFeed(), name="feed-wegiz")]
