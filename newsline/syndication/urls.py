"""Feeds under each edition (filled in by the feeds work)."""

app_name = "syndication"
urlpatterns = []
