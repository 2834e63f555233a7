from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from portal.search import indexing

        indexing.connect_signals()

        from portal.core.demo import register_loader

        register_loader("search index", "portal.search.indexing.load_demo", order=100)
