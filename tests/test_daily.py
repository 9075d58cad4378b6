"""docs/daily.md, run: every `$` command of the recipe, on free ports, compared with its output.

The recipe builds two daily feeds into a store, pushes each day's changes to a real
``oxigraph serve`` and reads them back through ``kg api --endpoint`` with curl. Timings and the
ports are the only things that may differ from the output the document shows.

Regenerate the document's output on purpose (after a change to what the commands print)::

    .venv/bin/python tests/test_daily.py --write
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "daily.md"
PORTS = ("7878", "8080")
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def steps(text: str) -> list[tuple[str, str]]:
    """``(command, output)`` for each ``$ command`` of the document's console blocks."""
    found = []
    for block in _BLOCK.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def _masked(text: str, ports: dict[str, str]) -> str:
    for ours, doc in ports.items():
        text = text.replace(ours, doc)
    text = re.sub(r"\d+(?:\.\d+)? ?s\b", "N s", text)
    return re.sub(r'"seconds": [\d.]+', '"seconds": N', text)


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def _wait_for(port: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the background command ended (exit {process.returncode}): "
                                 f"{process.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", int(port))) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def run_recipe(workdir: Path, text: str) -> list[tuple[str, str, str]]:
    """Run the recipe's commands in ``workdir``; ``(command, output shown, output printed)`` each,
    the printed output with the document's ports put back."""
    shutil.copytree(REPO / "docs" / "daily", workdir / "docs" / "daily")
    ports = {_free_port(): doc for doc in PORTS}
    ours = {doc: mine for mine, doc in ports.items()}
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("KG_STORE", None)
    background: list[subprocess.Popen] = []
    results = []
    try:
        for command, shown in steps(text):
            line = command
            for doc, mine in ours.items():
                line = line.replace(doc, mine)
            if line.endswith("&"):
                process = subprocess.Popen(["bash", "-c", "exec " + line[:-1]], cwd=workdir, env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                           start_new_session=True)
                background.append(process)
                _wait_for(next(mine for mine in ours.values() if mine in line), process)
                results.append((command, shown, ""))
                continue
            done = subprocess.run(["bash", "-c", line], cwd=workdir, env=env, capture_output=True, text=True,
                                  timeout=600)
            assert done.returncode == 0, (command, done.stderr)
            printed = done.stdout
            for mine, doc in ports.items():
                printed = printed.replace(mine, doc)
            results.append((command, shown, printed))
    finally:
        for process in reversed(background):
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            process.stderr.close()
    return results


def test_the_daily_recipe_runs_as_written(tmp_path):
    if shutil.which("curl") is None:
        from conftest import platform_skip

        platform_skip("curl is not installed (Debian curl)")
    text = DOC.read_text(encoding="utf-8")
    results = run_recipe(tmp_path, text)
    assert len(results) == 9
    for command, shown, printed in results:
        assert _masked(printed, {}).rstrip("\n") == _masked(shown, {}).rstrip("\n"), command
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
        results = run_recipe(Path(tmp), text)

    printed = iter(results)

    def fill(block: re.Match) -> str:
        lines = []
        for chunk in re.split(r"^\$ ", block.group(1), flags=re.M)[1:]:
            command, _, _ = chunk.partition("\n")
            _, _, output = next(printed)
            lines.append(f"$ {command}\n{output}" + ("\n" if output and not output.endswith("\n") else ""))
        return "```console\n" + "".join(lines) + "```"

    DOC.write_text(_BLOCK.sub(fill, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    write()
