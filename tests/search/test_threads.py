"""The server renders in many threads at once: stemming must not mix their words up."""

import sys
from concurrent.futures import ThreadPoolExecutor

import snowballstemmer

from newsline.search import analysis

WORDS = ["прелестными", "необычайный", "забирающими", "песнями", "тысячелетия", "отвечающая"]


def test_words_stemmed_in_many_threads_at_once_are_each_stemmed_right():
    alone = snowballstemmer.stemmer("russian")
    expected = [alone.stemWord(word) for word in WORDS] * 500

    def stem_all(_):
        return [analysis._stemmer("ru").stemWord(word) for word in WORDS * 500]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a race shows at once
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(stem_all, range(8)))
    finally:
        sys.setswitchinterval(interval)
    assert all(result == expected for result in results)
