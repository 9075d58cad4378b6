"""The README's and docs/' console blocks, run as written: every `$` command in a copy of the
seeds, its output compared with the one the document shows (timings and ports masked).

The README's ``make demo`` block is checked through the ``kg`` commands it prints (run in a
directory of their own, as a fresh clone would); ``make test`` is this suite and is not run
from inside it. docs/daily.md has its own test (tests/test_daily.py).

Regenerate the documents' outputs on purpose (after a change to what the commands print)::

    .venv/bin/python tests/test_docs.py --write
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_blocks import REPO, Step, blocks, fill, masked, prepare, run  # noqa: E402

DOCS = ["README.md", *sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md")
                          if p.name != "daily.md")]
_DEMO_KG = re.compile(r"^\.venv/bin/(kg .*)$", re.M)


def _runnable(name: str) -> list[list[Step]]:
    return [steps for steps in blocks((REPO / name).read_text(encoding="utf-8"))
            if not steps[0].command.startswith("make ")]


def _demo_steps() -> list[Step]:
    """The ``kg`` commands ``make demo`` prints, each with the output shown after it."""
    [demo] = [steps for steps in blocks((REPO / "README.md").read_text(encoding="utf-8"))
              if steps[0].command == "make demo"]
    shown = demo[0].shown
    steps = []
    for m in _DEMO_KG.finditer(shown):
        rest = shown[m.end() + 1:]
        following = re.search(r"^(?:\.venv/bin/|touch |python3 )", rest, re.M)
        steps.append(Step(m.group(1), rest[:following.start()] if following else rest))
    return steps


def test_every_document_with_console_blocks_is_checked():
    checked = [name for name in DOCS if _runnable(name)]
    assert "README.md" in checked and "docs/api.md" in checked
    assert len(_demo_steps()) == 2  # kg build seeds/ and the launches query


def test_make_demo_shows_names_not_hash_iris(tmp_path):
    steps = _demo_steps()
    prepare(tmp_path)
    run(tmp_path, [steps])
    for step in steps:
        assert masked(step.printed) == masked(step.shown), step.command
    table = steps[-1].printed
    assert "阿里巴巴集团" in table and not re.search(r"entity:[0-9a-f]{16}", table)


@pytest.mark.parametrize("name", [n for n in DOCS if _runnable(n)])
def test_the_console_blocks_run_as_written(name, tmp_path):
    if "curl " in (REPO / name).read_text(encoding="utf-8") and shutil.which("curl") is None:
        from conftest import platform_skip

        platform_skip("curl is not installed (Debian curl)")
    ran = run(_prepared(tmp_path), _runnable(name))
    for steps in ran:
        for step in steps:
            assert masked(step.printed) == masked(step.shown), (name, step.command)


def _prepared(workdir: Path) -> Path:
    prepare(workdir)
    return workdir


def write() -> None:
    """Run every checked block and write what each command printed into the documents."""
    import tempfile

    for name in DOCS:
        path = REPO / name
        text = path.read_text(encoding="utf-8")
        everything = blocks(text)
        runnable = [steps for steps in everything if not steps[0].command.startswith("make ")]
        if not runnable:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            run(_prepared(Path(tmp)), runnable)
        if name == "README.md":
            demo = _demo_steps()
            with tempfile.TemporaryDirectory() as tmp:
                run(_prepared(Path(tmp)), [demo])
            for steps in everything:
                if steps[0].command == "make demo":
                    shown = steps[0].shown
                    for step in demo:
                        shown = shown.replace(f".venv/bin/{step.command}\n{step.shown}",
                                              f".venv/bin/{step.command}\n{step.printed}", 1)
                    steps[0].printed = shown
        for steps in everything:
            if steps[0].command.startswith("make "):
                for step in steps:
                    step.printed = step.printed or step.shown
        path.write_text(fill(text, everything), encoding="utf-8")
        print(f"wrote {name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    write()
