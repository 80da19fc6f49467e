"""Full-text search of the editions: PostgreSQL or SQLite FTS5 behind one interface.

Views call `newsline.search.services.search_articles`.
"""
