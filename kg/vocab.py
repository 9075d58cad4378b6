"""The ``kg`` vocabulary: every ontology term the code uses, in one place.

A misspelt term is an ``AttributeError`` here, not a new IRI in the graph.

>>> str(KG.launched)
'https://kg.example.org/ontology#launched'
>>> KG.lanched
Traceback (most recent call last):
...
AttributeError: term 'lanched' not in namespace 'https://kg.example.org/ontology#'
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD  # noqa: F401
from rdflib.term import URIRef

#: The ontology's own namespace: fixed, whatever the base of the data (docs/semantic-web.md).
ONTOLOGY_NS = "https://kg.example.org/ontology#"
#: The base the shipped catalog files (``ontology/catalog/*.ttl``) write their entities under;
#: a store with another base reads them moved to its own (:func:`rebase`).
CATALOG_BASE_IRI = "https://kg.example.org/id/"
#: Where the setting is read: the environment, then a config file.
BASE_IRI_VARIABLE = "KG_BASE_IRI"
CONFIG_VARIABLE = "KG_CONFIG"
CONFIG_FILE = "kg.toml"


def configured(key: str, default=None):
    """A setting of the config file (``$KG_CONFIG``, else ``./kg.toml``): ``base_iri``, and for
    the dataset description ``title``, ``license`` (an IRI) and ``sparql_endpoint``.

    Raises:
        ValueError: the file is not TOML.
    """
    config = Path(os.environ.get(CONFIG_VARIABLE) or CONFIG_FILE)
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{config}: not TOML: {err}") from err
    return settings.get(key, default)


def configured_base_iri() -> str:
    """The base of every IRI kg mints: ``$KG_BASE_IRI``, else ``base_iri`` in the config file
    (``$KG_CONFIG``, else ``./kg.toml``), else ``CATALOG_BASE_IRI``. Read once, when kg starts,
    so that every command on a store (build, query, serve …) uses the same one.

    Raises:
        ValueError: the setting is not an absolute http(s) IRI ending in ``/``.
    """
    base = os.environ.get(BASE_IRI_VARIABLE, "").strip()
    where = BASE_IRI_VARIABLE
    if not base:
        base = str(configured("base_iri", "")).strip()
        where = os.environ.get(CONFIG_VARIABLE) or CONFIG_FILE
    if not base:
        return CATALOG_BASE_IRI
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#?]+/", base):
        raise ValueError(f"{where}: base IRI {base!r} must be an absolute http(s) IRI ending in '/'")
    return base


def graph_base(base_iri: str) -> str:
    """Where the named graphs of a store minting under ``base_iri`` live.

    >>> graph_base("https://kg.example.org/id/"), graph_base("https://data.acme.example/kg/")
    ('https://kg.example.org/graph/', 'https://data.acme.example/kg/graph/')
    """
    return base_iri[: -len("id/")] + "graph/" if base_iri.endswith("/id/") else base_iri + "graph/"


#: The base of the IRIs kg mints (documents, statements, facts, new entities, builds) and of the
#: catalog's entities: the configured one (:func:`configured_base_iri`).
DEFAULT_BASE_IRI = configured_base_iri()
GRAPH_BASE = graph_base(DEFAULT_BASE_IRI)


def rebase(text: str) -> str:
    """Catalog Turtle (or a stored query) moved from the shipped base to the configured one."""
    if DEFAULT_BASE_IRI == CATALOG_BASE_IRI:
        return text
    return (text.replace(graph_base(CATALOG_BASE_IRI), GRAPH_BASE)
            .replace(CATALOG_BASE_IRI, DEFAULT_BASE_IRI))

SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")


VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")


class OA(DefinedNamespace):
    """The W3C Web Annotation terms kg states beside its own offsets (kg:startOffset, kg:endOffset)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef


class KG(DefinedNamespace):
    """Classes, relations and qualifiers of the ``kg`` ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(ONTOLOGY_NS)
    _fail = True

    # classes
    Organization: URIRef
    Company: URIRef
    InvestmentFirm: URIRef
    GovernmentAgency: URIRef
    Person: URIRef
    Product: URIRef
    App: URIRef
    MiniProgram: URIRef
    Platform: URIRef
    Feature: URIRef
    PaymentService: URIRef
    AdPlatform: URIRef
    AIModel: URIRef
    Chip: URIRef
    #: an organisation, person or product (the union of the three top entity classes)
    Entity: URIRef
    Document: URIRef
    Statement: URIRef
    Modality: URIRef

    # the 13 relations
    launched: URIRef
    partneredWith: URIRef
    ownedBy: URIRef
    availableOn: URIRef
    supportsPayment: URIRef
    linksTo: URIRef
    blocked: URIRef
    competesWith: URIRef
    investedIn: URIRef
    divestedFrom: URIRef
    acquired: URIRef
    leads: URIRef
    founded: URIRef
    # inverses, stated for reasoners (kg writes only the relations above)
    owns: URIRef
    launchedBy: URIRef
    ledBy: URIRef
    foundedBy: URIRef
    acquiredBy: URIRef
    describedIn: URIRef

    # statement qualifiers
    date: URIRef
    dateText: URIRef
    modality: URIRef
    confidence: URIRef
    role: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef

    # modality values (individuals of kg:Modality)
    asserted: URIRef
    planned: URIRef
    rumoured: URIRef
    denied: URIRef
    hypothetical: URIRef

    # documents
    mentions: URIRef
    title: URIRef
    published: URIRef
    author: URIRef
    outlet: URIRef
    url: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    script: URIRef
    extractorVersion: URIRef

    # observations (metric facts)
    Observation: URIRef
    Measure: URIRef
    observedEntity: URIRef
    measure: URIRef
    ofMeasure: URIRef
    approximation: URIRef
    valueText: URIRef
    monthlyActiveUsers: URIRef
    dailyActiveUsers: URIRef
    annualActiveUsers: URIRef
    userCount: URIRef
    revenue: URIRef
    profit: URIRef
    gmv: URIRef
    dealValue: URIRef
    fundingAmount: URIRef
    investmentAmount: URIRef
    valuation: URIRef
    stakeShare: URIRef
    marketShare: URIRef
    storeCount: URIRef
    merchantCount: URIRef
    orderCount: URIRef
    growthRate: URIRef
    # what a document says of the new entities it names (kept once in the entities graph)
    describes: URIRef
    EntityDescription: URIRef
    about: URIRef
    entityType: URIRef
    entityName: URIRef
    aliasEntity: URIRef
    nameKey: URIRef
    # user catalog: merges and separated names (kg merge, kg split)
    mergedInto: URIRef
    separateName: URIRef
    keptApartFrom: URIRef
    statementCount: URIRef
    # the store's indexes (kg.indexes): facts once, counts, numbers
    Fact: URIRef
    fact: URIRef
    stated: URIRef
    firstStatement: URIRef
    statementNumber: URIRef
    documentNumber: URIRef
    mentionedIn: URIRef
    documentCount: URIRef
    documentRank: URIRef
    # on a server kg push loads: what it sent (kg.server.push)
    pushedDigest: URIRef
    # catalog: the entity's name is also an ordinary word (match only with context)
    ambiguous: URIRef
    ambiguousName: URIRef


#: Local names of the 13 relations, in the order the ontology lists them.
RELATIONS: tuple[str, ...] = (
    "launched", "partneredWith", "ownedBy", "availableOn", "supportsPayment", "linksTo",
    "blocked", "competesWith", "investedIn", "divestedFrom", "acquired", "leads", "founded",
)
SYMMETRIC: frozenset[str] = frozenset({"partneredWith", "competesWith"})

#: Local names of the measures an observation may have (individuals of kg:Measure).
MEASURES: tuple[str, ...] = (
    "monthlyActiveUsers",
    "dailyActiveUsers",
    "annualActiveUsers",
    "userCount",
    "revenue",
    "profit",
    "gmv",
    "dealValue",
    "fundingAmount",
    "investmentAmount",
    "valuation",
    "stakeShare",
    "marketShare",
    "storeCount",
    "merchantCount",
    "orderCount",
    "growthRate",
)
MODALITIES: tuple[str, ...] = ("asserted", "planned", "rumoured", "denied", "hypothetical")
#: Local names of the entity classes (the ontology's classes an entity may have).
ENTITY_TYPES: tuple[str, ...] = (
    "Organization", "Company", "InvestmentFirm", "GovernmentAgency", "Person", "Product", "App", "MiniProgram",
    "Platform", "Feature", "PaymentService", "AdPlatform", "AIModel", "Chip",
)

#: The schema.org classes stated beside each kg entity class: the ontology's alignment and the
#: general class it implies, stated in the data too, so that ``?x a schema:Organization`` or
#: ``?x a schema:Product`` needs no reasoner.
SCHEMA_TYPES: dict[str, tuple[str, ...]] = {
    "Organization": ("Organization",), "Company": ("Corporation", "Organization"),
    "InvestmentFirm": ("Corporation", "Organization"),
    "GovernmentAgency": ("GovernmentOrganization", "Organization"), "Person": ("Person",),
    "Product": ("Product",), "App": ("MobileApplication", "SoftwareApplication", "Product"),
    "MiniProgram": ("SoftwareApplication", "Product"), "Platform": ("SoftwareApplication", "Product"),
    "Feature": ("Product",), "PaymentService": ("FinancialProduct", "Product"),
    "AdPlatform": ("Service", "Product"), "AIModel": ("SoftwareApplication", "Product"), "Chip": ("Product",),
}

#: Named graphs that hold the schema and catalog in every store.
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
SHAPES_GRAPH = GRAPH_BASE + "shapes"
CATALOG_GRAPH = GRAPH_BASE + "catalog"
#: Each new (non-catalog) entity's types, labels and name keys, once; kept by the store from
#: the documents' kg:describes records (see kg.store).
ENTITIES_GRAPH = GRAPH_BASE + "entities"
#: Each distinct fact once (kg:Fact, with how many statements state it) and the plain triples
#: of the asserted ones and of the catalog's relations: the deduplicated graph the stored
#: queries read; kept by the store from the documents' kg:fact links (see kg.store).
FACTS_GRAPH = GRAPH_BASE + "facts"
#: Provenance of the builds (PROV-O): each build a prov:Activity, and for each document graph
#: the build that wrote it and when (kg.store.KgStore.record_build). Kept outside the document
#: graphs, so that a document graph holds only what its article says.
BUILDS_GRAPH = GRAPH_BASE + "builds"
#: On a server ``kg push`` loads: ``<graph> kg:pushedDigest "…"`` for each graph it sent, so the
#: next push sends only the graphs that changed (kg.server.push). Never in a store.
PUSHED_GRAPH = GRAPH_BASE + "pushed"
