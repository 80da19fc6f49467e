from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsline.search"
    # No verbose_name: the app has nothing in the admin, so no reader or editor sees one.

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from newsline.content.models import Article
        from newsline.search import signal_handlers

        post_save.connect(
            signal_handlers.article_saved, sender=Article, dispatch_uid="search_article_saved"
        )
        post_delete.connect(
            signal_handlers.article_deleted, sender=Article, dispatch_uid="search_article_deleted"
        )
