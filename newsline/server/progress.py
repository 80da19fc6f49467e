"""Progress for long commands (backup, restore): one bar per stage, on the terminal."""

from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def stage_bars(*, quiet: bool) -> Iterator[tuple]:
    """Yield (on_stage, on_progress) callbacks: a stage opens a new bar, closing the last."""
    bars: list[tqdm] = []

    def on_stage(stage: str, total: int, unit: str) -> None:
        if bars:
            bars.pop().close()
        bars.append(tqdm(total=total, desc=stage, unit=unit, unit_scale=unit == "B", disable=quiet))

    def on_progress(done: int) -> None:
        if bars:
            bars[0].update(done)

    try:
        yield on_stage, on_progress
    finally:
        if bars:
            bars.pop().close()
