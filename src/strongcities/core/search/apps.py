from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "strongcities.core.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from strongcities.core.search.vocabulary import invalidate

        # The in-memory vocabulary (concept labels, city names) follows their changes.
        for model in ("taxonomy.Concept", "members.City"):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"search-vocabulary-{model}")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"search-vocabulary-del-{model}"
            )
