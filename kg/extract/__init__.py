"""The extractor: entity mentions, relation facts and metric readings of a normalised document.

One module per kind of evidence, and the spaCy components that tie them together:

- :mod:`~kg.extract.names` (with :mod:`~kg.extract.lexicon` and :mod:`~kg.extract.shapes`):
  catalog names, names read by their structure and by the shape of the sentence, linking;
- :mod:`~kg.extract.tagger` and :mod:`~kg.extract.pos`: the statistical name tagger (LAC)
  and jieba's part-of-speech tags;
- :mod:`~kg.extract.relations`: the relation rules over clauses;
- :mod:`~kg.extract.references`: words that refer to earlier sentences (双方, 该公司, 其);
- :mod:`~kg.extract.modality` and :mod:`~kg.extract.temporal`: how a fact is stated, and when;
- :mod:`~kg.extract.metrics`: numbers (月活, 营收) as observations;
- :mod:`~kg.extract.components` and :mod:`~kg.extract.nlp`: the spaCy components and the
  pipeline built once per process;
- :mod:`~kg.extract.extractor`: :class:`Extractor`, which runs all of it over a document.
"""

from kg.extract.extractor import Extractor, extract, split_sentences

__all__ = ["Extractor", "extract", "split_sentences"]
