"""docs/daily.md, run: every `$` command of the recipe, on free ports, compared with its output.

The recipe builds two daily feeds into a store, pushes each day's changes to a real
``oxigraph serve`` and reads them back through ``kg api --endpoint`` with curl. Timings and the
ports are the only things that may differ from the output the document shows.

Regenerate the document's output on purpose (after a change to what the commands print)::

    .venv/bin/python tests/test_daily.py --write
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_blocks import REPO, blocks, fill, masked, prepare, run  # noqa: E402

DOC = REPO / "docs" / "daily.md"


def run_recipe(workdir: Path, text: str) -> list[tuple[str, str, str]]:
    """Run the recipe's commands in ``workdir``: ``(command, output shown, output printed)`` each.
    Its servers start in the first block and serve the later ones."""
    prepare(workdir)
    ran = run(workdir, blocks(text), stop_each_block=False)
    return [(step.command, step.shown, step.printed) for steps in ran for step in steps]


def test_the_daily_recipe_runs_as_written(tmp_path):
    if shutil.which("curl") is None:
        from conftest import platform_skip

        platform_skip("curl is not installed (Debian curl)")
    text = DOC.read_text(encoding="utf-8")
    results = run_recipe(tmp_path, text)
    assert len(results) == 9
    for command, shown, printed in results:
        assert masked(printed) == masked(shown), command
    # day 2's facts: the corrected partner and the new one, and day 1's partner of 京东 gone
    day1, day2 = results[4][2], results[7][2]
    assert "腾讯" in day1 and "阿里巴巴集团" not in day1
    assert "阿里巴巴集团" in day2 and "腾讯" not in day2
    assert "顺丰" in results[8][2]


def write() -> None:
    """Run the recipe and write what each command printed into docs/daily.md."""
    import tempfile

    text = DOC.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        prepare(Path(tmp))
        ran = run(Path(tmp), blocks(text), stop_each_block=False)
    DOC.write_text(fill(text, ran), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    write()
