"""Pages cached with the tags of what they show, purged exactly when that changes."""

from newsline.pagecache.declare import cached_page, depends_on, exempt, uncached_page

__all__ = ["cached_page", "depends_on", "exempt", "uncached_page"]
