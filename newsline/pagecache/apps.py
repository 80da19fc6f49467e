from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "newsline.pagecache"
    # No verbose_name: nothing of this app shows in the admin.

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from newsline.content.models import Article, Author, Image, Section, Tag
        from newsline.content.outbox import register_effect
        from newsline.pagecache import purge, signal_handlers

        register_effect(purge.purge_for_change)
        post_save.connect(
            signal_handlers.article_saved, sender=Article, dispatch_uid="pagecache_article"
        )
        post_delete.connect(
            signal_handlers.article_deleted, sender=Article, dispatch_uid="pagecache_article"
        )
        for model, handler in (
            (Section, signal_handlers.section_changed),
            (Tag, signal_handlers.tag_changed),
            (Author, signal_handlers.author_changed),
            (Image, signal_handlers.image_changed),
        ):
            for signal in (post_save, post_delete):
                signal.connect(handler, sender=model, dispatch_uid=f"pagecache_{model.__name__}")
