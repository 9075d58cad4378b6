"""Build the spaCy pipeline once per process: jieba segmenter, catalog names as words, kg components.

>>> from kg.catalog import load_catalog
>>> nlp = get_nlp(load_catalog())
>>> nlp.pipe_names
['kg_entity_ruler', 'kg_name_tagger', 'kg_new_entities', 'kg_linker', 'kg_references', 'kg_relations']
>>> [(e.text, e.label_) for e in nlp("阿里妈妈与腾讯广告合作").ents]
[('阿里妈妈', 'AdPlatform'), ('腾讯广告', 'AdPlatform')]
"""

from __future__ import annotations

import re

import jieba
import spacy
from spacy.language import Language

from kg.catalog import Catalog
from kg.extract.components import register_recognizer  # importing it registers the component factories
from kg.extract.names import Recognizer
from kg.extract.lexicon import add_catalog_word
from kg.vocab import DEFAULT_BASE_IRI

_PIPELINES: dict[tuple[int, str, bool], Language] = {}
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def get_nlp(catalog: Catalog, base_iri: str = DEFAULT_BASE_IRI, tagger: bool = True) -> Language:
    """The pipeline for ``catalog``, built on first use and cached for the process.

    ``tagger=False`` leaves out ``kg_name_tagger`` (the statistical tagger).
    """
    key = (id(catalog), base_iri, tagger)
    if key not in _PIPELINES:
        _PIPELINES[key] = _build(catalog, base_iri, tagger)
    return _PIPELINES[key]


def recognizer(nlp: Language) -> Recognizer:
    """The recogniser the pipeline's components share."""
    return nlp.get_pipe("kg_entity_ruler").recognizer


def _build(catalog: Catalog, base_iri: str, tagger: bool = True) -> Language:
    jieba.setLogLevel(60)
    # Catalog names stay single tokens; only plain Chinese forms, since jieba splits at
    # spaces and Latin letters anyway.
    for form, _ in catalog.surface_forms():
        if _CJK.match(form) and len(form) > 1:
            add_catalog_word(form)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    key = f"{id(catalog)}|{base_iri}"
    register_recognizer(key, Recognizer(catalog, base_iri))
    for name in ("kg_entity_ruler", "kg_name_tagger", "kg_new_entities", "kg_linker", "kg_references",
                 "kg_relations"):
        if name != "kg_name_tagger" or tagger:
            nlp.add_pipe(name, config={"key": key})
    return nlp
