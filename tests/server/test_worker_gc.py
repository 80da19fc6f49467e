"""A server worker keeps what it loaded out of the garbage collector's full passes."""

import os
import subprocess
import sys


def test_the_front_freezes_what_the_worker_loaded(tmp_path):
    # Without it, a full collection walks every module, template and URL pattern in the
    # middle of some request (a 40 ms search took 90). Loaded in a process of its own, as a
    # worker loads it.
    loaded = subprocess.run(
        [sys.executable, "-c", "import gc, newsline.asgi; print(gc.get_freeze_count())"],
        env={**os.environ, "NEWSLINE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(loaded.stdout) > 10_000
