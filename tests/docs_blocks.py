"""Run the ```console blocks of a Markdown document and compare what they print.

A block holds ``$ command`` lines, each followed by the output it shows. The commands run with
bash in a work directory that holds a copy of the repository's ``seeds/`` and ``docs/daily/``,
with this Python's ``kg`` first on the PATH. A command ending in ``&`` starts in the background
(its output is not shown); the runner waits until its ``127.0.0.1:PORT`` listens and stops it
(SIGINT) at the end of its block. The ports a document names are swapped for free ones and back.
Timings (``2.4 s``) and other ports (a server's own child) are masked when outputs are compared.

Used by tests/test_docs.py (the README and docs/) and tests/test_daily.py (docs/daily.md);
``python tests/test_docs.py --write`` fills the documents' outputs from a real run.
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
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
_BIND = re.compile(r"127\.0\.0\.1:(\d+)")


@dataclass
class Step:
    command: str
    shown: str
    printed: str = ""


def blocks(text: str) -> list[list[Step]]:
    """The ``$`` commands of each console block, with the output shown under each."""
    found = []
    for block in BLOCK.findall(text):
        steps = []
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append(Step(command, output))
        found.append(steps)
    return found


def masked(text: str, ports: dict[str, str] | None = None) -> str:
    for ours, doc in (ports or {}).items():
        text = text.replace(ours, doc)
    text = re.sub(r"\d+(?:\.\d+)? ?s\b", "N s", text)
    text = re.sub(r'"seconds": [\d.]+', '"seconds": N', text)
    return _BIND.sub("127.0.0.1:PORT", text).rstrip("\n")


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


def _stop(background: list[subprocess.Popen]) -> None:
    for process in reversed(background):
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()
    background.clear()


def prepare(workdir: Path) -> None:
    """The files the documents' commands read: the seeds, the daily feeds, the ontology."""
    shutil.copytree(REPO / "seeds", workdir / "seeds")
    shutil.copytree(REPO / "ontology", workdir / "ontology")
    shutil.copytree(REPO / "docs" / "daily", workdir / "docs" / "daily")


def run(workdir: Path, steps_by_block: list[list[Step]], *, stop_each_block: bool = True) -> list[list[Step]]:
    """Run every block's steps in ``workdir``, in order; fills each step's ``printed`` (with the
    document's ports put back). Background commands stop at the end of their block, or of the
    document when ``stop_each_block`` is false (a recipe whose servers serve later blocks).
    A command that fails raises AssertionError."""
    doc_ports = sorted({p for steps in steps_by_block for s in steps if s.command.endswith("&")
                        for p in _BIND.findall(s.command)})
    mine = {doc: _free_port() for doc in doc_ports}
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("KG_STORE", None)
    background: list[subprocess.Popen] = []
    try:
        for steps in steps_by_block:
            for step in steps:
                line = step.command
                for doc, ours in mine.items():
                    line = line.replace(f"127.0.0.1:{doc}", f"127.0.0.1:{ours}")
                if line.endswith("&"):
                    process = subprocess.Popen(["bash", "-c", "exec " + line[:-1]], cwd=workdir, env=env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                               start_new_session=True)
                    background.append(process)
                    _wait_for(next(p for d, p in mine.items() if f":{p}" in line), process)
                    continue
                done = subprocess.run(["bash", "-c", line], cwd=workdir, env=env, capture_output=True,
                                      text=True, timeout=600)
                assert done.returncode == 0, (step.command, done.stderr)
                printed = done.stdout
                for doc, ours in mine.items():
                    printed = printed.replace(f"127.0.0.1:{ours}", f"127.0.0.1:{doc}")
                step.printed = printed
            if stop_each_block:
                _stop(background)
    finally:
        _stop(background)
    return steps_by_block


def fill(text: str, ran: list[list[Step]]) -> str:
    """``text`` with each console block's outputs replaced by what the commands printed."""
    done = iter(ran)

    def one(block: re.Match) -> str:
        steps = next(done)
        lines = []
        for step in steps:
            out = step.printed
            lines.append(f"$ {step.command}\n{out}" + ("\n" if out and not out.endswith("\n") else ""))
        return "```console\n" + "".join(lines) + "```"

    return BLOCK.sub(one, text)
