"""The page cache's settings: safe defaults, and a wrong purge address refused at start."""

from tests.test_settings import settings_of


def test_defaults_keep_pages_ten_minutes_in_the_data_directory(tmp_path):
    out = settings_of(
        {"NEWSLINE_DATA_DIR": str(tmp_path)},
        "settings.NEWSLINE_PAGE_CACHE_SECONDS, settings.NEWSLINE_PAGE_CACHE_PATH, "
        "settings.NEWSLINE_PURGE_URLS",
    ).stdout
    assert out.strip() == f"600 {tmp_path / 'pagecache.sqlite3'} []"


def test_a_purge_address_that_is_not_http_fails_at_start(tmp_path):
    env = {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_PURGE_URLS": "varnish:6081"}
    failed = settings_of(env, "settings.NEWSLINE_PURGE_URLS")
    assert failed.returncode != 0 and "NEWSLINE_PURGE_URLS" in failed.stderr
    env["NEWSLINE_PURGE_URLS"] = "http://127.0.0.1:6081/, https://cdn.example/purge"
    out = settings_of(env, "settings.NEWSLINE_PURGE_URLS").stdout
    assert out.strip() == "['http://127.0.0.1:6081/', 'https://cdn.example/purge']"
