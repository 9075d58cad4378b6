"""The ``kg`` command line: parse, call one library function, print.

Library modules are imported inside each command so that ``kg --help`` stays fast
(spaCy and the store load only when a command needs them).
"""

from __future__ import annotations

import functools
import json
import os
import sys

import click

from kg import __version__
from kg.errors import EXIT_SIGNAL, InputError, KgError
from kg.text import count
from kg.vocab import DEFAULT_BASE_IRI

DEFAULT_STORE = "kg-store"


def store_option(func):
    """``--store DIR``, default ``./kg-store`` or ``$KG_STORE``."""
    return click.option(
        "--store",
        "store_dir",
        envvar="KG_STORE",
        default=DEFAULT_STORE,
        show_default=True,
        type=click.Path(file_okay=False),
        help="Store directory (env KG_STORE).",
    )(func)


def _check_text(kwargs) -> None:
    """Refuse an argument holding bytes that are not UTF-8 (Python keeps them as lone surrogates).

    Input paths are left to ``kg build``, which reports such a file and builds the others.
    """
    for name, value in kwargs.items():
        for item in value if isinstance(value, (tuple, list)) and name != "paths" else (value,):
            if isinstance(item, str) and any("\ud800" <= char <= "\udfff" for char in item):
                shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise InputError("is not UTF-8 text", where=shown,
                                 fix="type it again in UTF-8, or check the terminal's locale")


def reports_errors(func):
    """Turn a ``KgError`` into ``Error: …`` on stderr and its exit status (1; 4 for a locked
    store; 128 + the signal's number when interrupted), and Ctrl-C into exit status 130."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            _check_text(kwargs)
            return func(*args, **kwargs)
        except KgError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.exit_status)
        except KeyboardInterrupt:
            name = click.get_current_context().command_path
            click.echo(f"Error: {name}: interrupted by SIGINT (run it again)", err=True)
            sys.exit(EXIT_SIGNAL + 2)

    return wrapper


def _interactive() -> bool:
    """Whether to draw progress bars: on stderr, when it is a terminal (and not under CI)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def json_option(func):
    """``--json``: one JSON object on stdout instead of the text report."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print one JSON object on stdout instead of the text report.")(func)


def quiet_option(func):
    """``--quiet``: no summary and no progress; errors still on stderr."""
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print no summary and no progress; errors still go to stderr.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli():
    """Build and use a knowledge graph of Chinese internet-industry news.

    \b
    Example:
        kg build seeds/ && kg query partners --param company=阿里
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra entity catalog in Turtle (repeatable); the store remembers it for every later build "
                   "(kg catalog list / remove).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="Base of every minted IRI (documents, statements, entities, graph names); set it with "
                   "KG_BASE_IRI or base_iri in kg.toml, read by every command, and this must equal it.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: all cores).")
@click.option("--encoding", default=None, help="Force the input encoding (e.g. gb18030, big5).")
@click.option("--force", is_flag=True, help="Re-extract documents even when unchanged.")
@click.option("--no-tagger", "no_tagger", is_flag=True,
              help="Skip the statistical name tagger (LAC): faster, finds only catalog and rule-found names.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or Dask workers (needs kg[dask]).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="With --engine dask: an existing Dask scheduler (default: a LocalCluster of --jobs workers).")
@click.option("--nquads-out", "nquads_out", default=None, type=click.Path(file_okay=False),
              help="With --engine dask: write one N-Quads shard per partition here instead of a store "
                   "(then kg load).")
@click.option("--prune", is_flag=True,
              help="Also remove stored documents last read from an input of this build that it no longer "
                   "holds (a folder of files edited in place).")
@click.option("--format", "stdin_format", type=click.Choice(["auto", "jsonl", "article"]), default="auto",
              show_default=True,
              help="How to read - (stdin): auto takes a stream whose first line is a JSON object with "
                   "text or html as JSONL, else one article; jsonl: one document per line; article: one document.")
@json_option
@quiet_option
@reports_errors
def build(paths, store_dir, catalogs, base_iri, jobs, encoding, force, no_tagger, engine, scheduler, nquads_out,
          prune, stdin_format, as_json, quiet):
    """Read articles (files, directories, globs, or - for stdin) into the store.

    A document is known by its URL, else its id field, else its content, never by the
    file it was read from: building a reused file name adds its new articles and keeps
    the old ones. Unchanged documents are left as they are; changed ones are replaced in
    one transaction; when a run reads a document twice the last copy wins. Bad inputs are
    reported; the good ones are still built.

    The summary goes to stdout (--json: one JSON object); errors and progress to stderr
    (a bar on a terminal, else a line every 10 s and every 1,000 documents). SIGINT,
    SIGTERM and SIGHUP stop the build after the document being written.

    \b
    Exit status (docs/cli.md):
      0    every input built (or unchanged)
      1    nothing built: every input rejected, a bad argument, a store problem
      2    usage error (unknown option, missing argument)
      3    partly built: some inputs rejected, the others built
      4    the store is locked by another process: try again later
      130  interrupted by SIGINT (143 SIGTERM, 129 SIGHUP: 128 + signal)

    \b
    Example:
        kg build seeds/ --store kg-store
        curl -s https://example.com/today.jsonl | kg build - --json
        kg build news.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.pipeline import build as run_build

    if engine != "dask" and (scheduler or nquads_out):
        raise click.UsageError("--scheduler and --nquads-out need --engine dask")
    bar = _interactive() and not quiet and not as_json
    report = run_build(
        paths, store_dir, catalog_files=catalogs, base_iri=base_iri, jobs=jobs,
        encoding=encoding, force=force, progress=bar, tagger=not no_tagger,
        engine=engine, scheduler=scheduler, nquads_out=nquads_out, prune=prune, stdin_format=stdin_format,
        log=None if bar or quiet else (lambda line: click.echo(line, err=True)),
    )
    if as_json:
        _print_json(report.as_dict())
    elif quiet:
        pass
    elif nquads_out:
        click.echo(f"{nquads_out}: {report.summary()}; load with kg load {nquads_out}/part-*.nq --store DIR")
    else:
        click.echo(report.summary())
    if not quiet and not as_json:
        for note in report.notes:
            click.echo(f"Note: {note}", err=True)
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if report.interrupted:
        written = report.added + report.replaced
        click.echo(f"Error: {store_dir}: build interrupted by {report.signal_name}; "
                   f"{count(written, 'document')} {'was' if written == 1 else 'were'} written, each whole "
                   "(run the same command again to build the rest)", err=True)
    sys.exit(report.exit_status)


@cli.command()
@click.argument("target", metavar="FILE|DOC")
@store_option
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra entity catalog in Turtle (repeatable), beside those the store remembers.")
@click.option("--no-tagger", "no_tagger", is_flag=True, help="Explain a build run with --no-tagger.")
@click.option("--silent-only", is_flag=True,
              help="Show only the sentences with a trigger word and no fact.")
@click.option("--encoding", default=None, help="Force the input encoding (e.g. gb18030, big5).")
@json_option
@reports_errors
def explain(target, store_dir, catalogs, no_tagger, silent_only, encoding, as_json):
    """Show, sentence by sentence, the names found and by what (catalog, tagger, rule), the facts
    with their rules, and why a sentence with a relation's trigger word gave no fact.

    FILE|DOC is an article file, one line of a JSONL file (news.jsonl:3), or a document of the
    store (IRI, URL, id, source path or title), read again from its source. The store's
    catalogs (kg catalog list, kg merge) are used when the store exists.

    \b
    Example:
        kg explain seeds/000_8634a7f1c3c5d851.txt --silent-only
    """
    from kg.catalog import load_catalog
    from kg.explain import documents_for, explain as run_explain
    from kg.extract import Extractor

    files: tuple[str, ...] = tuple(catalogs)
    if os.path.isdir(store_dir):
        from kg.usercatalog import build_catalogs

        files = build_catalogs(store_dir, catalogs).files
    extractor = Extractor(catalog=load_catalog(extra_files=files), tagger=not no_tagger)
    reports = [run_explain(doc, extractor) for doc in documents_for(target, store_dir, encoding=encoding)]
    if as_json:
        _print_json([r.as_dict() for r in reports])
    else:
        click.echo("\n\n".join(r.text(all_sentences=not silent_only) for r in reports))


@cli.command()
@click.argument("path")
@click.option("--keep-script", is_flag=True, help="Print the cleaned text in its original script.")
@click.option("--show-meta", is_flag=True, help="Print the metadata (title, date, author, …) first.")
@click.option("--encoding", default=None, help="Force the input encoding (e.g. gb18030, big5).")
@reports_errors
def clean(path, keep_script, show_meta, encoding):
    """Print the cleaned, normalised text of an article (a debugging view).

    \b
    Example:
        kg clean seeds/004_cfa4cc68842c39b6.txt --show-meta
    """
    from kg.ingest import iter_documents

    for doc in iter_documents([path], encoding=encoding):
        if show_meta:
            for key, value in vars(doc.meta).items():
                if value:
                    click.echo(f"{key}: {value}")
            click.echo(f"script: {doc.script}")
            click.echo(f"iri: {doc.iri}")
            click.echo("")
        click.echo(doc.cleaned_original if keep_script else doc.text)


@cli.command()
@click.argument("name", required=False)
@click.option("-e", "--expression", default=None, help="Run this SPARQL text instead of a stored query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
              help="Output format (default: table on a terminal, tsv when piped).")
@click.option("--endpoint", default=None, help="Run over HTTP against this SPARQL endpoint.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop a query that has not answered after this long, on the store or over HTTP (default 60).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many rows (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=None, help="Skip this many rows first.")
@click.option("--duplicates", is_flag=True,
              help="With entities: list likely duplicates for review (same name, same name key, or one name "
                   "another's with a few characters more), to join with kg merge.")
@store_option
@reports_errors
def query(name, expression, params, fmt, endpoint, timeout, limit, offset, duplicates, store_dir):
    """List the stored queries, or run one (by name or .rq file) or an ad-hoc query.

    \b
    Examples:
        kg query
        kg query partners --param company=阿里
        kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        kg query documents --limit 100 --offset 100
        kg query entities --duplicates
    """
    from kg import queries

    if duplicates:
        if name != "entities" or expression or endpoint or params:
            raise click.UsageError("--duplicates goes with the entities query of a local store: kg query entities --duplicates")
        from kg.duplicates import as_result, find_duplicates

        found = find_duplicates(store_dir)[offset or 0:][:limit]
        click.echo(queries.format_result(as_result(found), fmt or ("table" if sys.stdout.isatty() else "tsv")))
        return

    if name is None and expression is None:
        click.echo(queries.format_listing(queries.list_queries()))
        return
    result = queries.run(
        name=name, expression=expression, params=queries.parse_params(params),
        store_dir=store_dir, endpoint=endpoint, timeout=timeout, limit=limit, offset=offset,
    )
    click.echo(queries.format_result(result, fmt or ("table" if sys.stdout.isatty() else "tsv")))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "json", "table"]), default="csv",
              show_default=True, help="CSV and TSV for a spreadsheet, W3C SPARQL results JSON, or an aligned table.")
@click.option("--endpoint", default=None, help="Read from this SPARQL endpoint instead of the store.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many facts (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=None, help="Skip this many facts first.")
@store_option
@reports_errors
def facts(fmt, endpoint, limit, offset, store_dir):
    """Print one row per fact: names and IRIs, relation, modality, date, statements, first source.

    Columns: subjectLabel, subject, relation (Chinese), relationEn, objectLabel, object,
    modality, date, statements (how many statements say it), source and evidence (the first
    statement's file and sentence), doc. The stored query ``facts`` with its labels.

    \b
    Example:
        kg facts > facts.csv
        kg facts --format table --limit 20
    """
    from kg import queries

    result = queries.run(name="facts", store_dir=store_dir, endpoint=endpoint, limit=limit, offset=offset)
    click.echo(queries.format_result(result, fmt))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "graphml", "csv"]),
              default="ttl", show_default=True,
              help="RDF 1.1 serialisation; graphml or csv (an edge list) give the plain graph.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Write to this file (a regular file atomically; a pipe or device directly) instead of stdout.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Export only this named graph (repeatable: all the graphs given).")
@click.option("--asserted-only", is_flag=True, help="Leave out statements (reification); plain triples only.")
@click.option("--plain", is_flag=True,
              help="Only the entities and the relations between them, with labels and types: no statements, "
                   "documents, ontology, shapes or bookkeeping.")
@store_option
@reports_errors
def export(fmt, output, graphs, asserted_only, plain, store_dir):
    """Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, GraphML or CSV.

    Blank nodes are named canonically (RDFC-1.0): two stores built from the same input
    export the same bytes.

    \b
    Example:
        kg export --format ttl -o graph.ttl
        kg export --plain --format graphml -o graph.graphml
        kg export --format csv | head
    """
    from kg.store import export as run_export

    run_export(store_dir, fmt, output=output, graphs=graphs, asserted_only=asserted_only, plain=plain)


@cli.command()
@click.option("--bind", default="127.0.0.1:7878", show_default=True, help="HOST:PORT to listen on.")
@click.option("--read-only", is_flag=True, help="Serve without accepting updates.")
@click.option("--timeout", type=click.IntRange(min=1), default=60, show_default=True, metavar="SECONDS",
              help="Stop a SPARQL query that runs longer (Oxigraph's --timeout-s).")
@store_option
@reports_errors
def serve(bind, read_only, timeout, store_dir):
    """Serve the store with the real Oxigraph server (SPARQL endpoint).

    \b
    Example:
        kg serve --bind 127.0.0.1:7878 --read-only
    """
    from kg.server import serve as run_serve

    run_serve(store_dir, bind=bind, read_only=read_only, echo=click.echo, timeout=timeout)


@cli.command()
@click.option("--bind", default="127.0.0.1:8080", show_default=True, help="HOST:PORT the API listens on.")
@click.option("--endpoint", default=None,
              help="SPARQL endpoint to query (a running `kg serve`); default: start the Oxigraph server "
                   "on the store, read-only.")
@click.option("--timeout", type=click.IntRange(min=1), default=60, show_default=True, metavar="SECONDS",
              help="Wait this long for a query's answer; the Oxigraph server it starts stops a query then.")
@store_option
@reports_errors
def api(bind, endpoint, timeout, store_dir):
    """Serve the stored queries as a web API: GET /api/<name>?param=… (SPARQL JSON, CSV, TSV).

    The OpenAPI document is at /api/openapi.json; /api lists the queries.

    \b
    Example:
        kg api --bind 127.0.0.1:8080
        curl -H 'Accept: text/csv' 'http://127.0.0.1:8080/api/partners?company=阿里'
    """
    from kg.web.serve import serve_api

    serve_api(store_dir, bind=bind, endpoint=endpoint, echo=click.echo, timeout=timeout)


@cli.command()
@click.option("--endpoint", required=True, help="Base URL of an Oxigraph server or Graph Store Protocol endpoint.")
@click.option("--all", "everything", is_flag=True,
              help="Send every graph, not only those that changed since the last push.")
@store_option
@json_option
@quiet_option
@reports_errors
def push(endpoint, everything, store_dir, as_json, quiet):
    """Load the store into a running Oxigraph server: the named graphs that changed.

    The server records the digest of each graph pushed (graph
    https://kg.example.org/graph/pushed); the next push sends only the graphs whose
    digest changed, and drops the documents the store no longer holds. Pushing twice
    equals pushing once.

    \b
    Example:
        kg push --endpoint http://127.0.0.1:7878
        kg push --endpoint http://127.0.0.1:7878 --json
    """
    from kg.server import push as run_push

    report = run_push(store_dir, endpoint, everything=everything)
    if as_json:
        _print_json(report.as_dict())
    elif not quiet:
        click.echo(report.summary())


@cli.command()
@store_option
@json_option
@reports_errors
def validate(store_dir, as_json):
    """Check the store against the SHACL shapes; exit 1 on any violation.

    \b
    Example:
        kg validate --store kg-store
        kg validate --json
    """
    from kg.validate import validate_store

    report = validate_store(store_dir)
    if as_json:
        _print_json(report.as_dict())
    else:
        click.echo(report.text)
    if not report.conforms:
        sys.exit(1)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--negatives", type=click.Path(exists=True, dir_okay=False), default=None,
              help="TSV of entity pairs no relation may connect.")
@click.option("--misses", "misses_only", is_flag=True,
              help="Print only the misses, each with the sentences naming both entities, "
                   "and the extras with their rule and evidence.")
@click.option("--metrics", "metrics", is_flag=True,
              help="GOLD lists metric facts (doc, subject, measure, value, unit, date, approx, evidence): "
                   "score the store's observations.")
@store_option
@json_option
@reports_errors
def eval_(gold, negatives, misses_only, metrics, store_dir, as_json):
    """Score the store against gold triples: precision, recall, F1, dates, negatives.

    GOLD is a tab-separated file, one fact per line, # for comments: doc (the start of the
    document's source file name, or news.jsonl:3 for a JSONL line), subject, relation (one of
    the 13: launched, partneredWith, investedIn, …), object, then optionally the date (ISO:
    2017, 2013-11, 2022-06-14) and the evidence. A name may list alternatives with |
    (阿里|阿里巴巴); names match any label of an entity after t2s, without spaces, case-folded.
    partneredWith and competesWith match either way round. --negatives: doc, entity A, entity
    B, why, evidence: pairs no relation may connect.

    \b
    Example:
        kg eval ../shared/eval/seeds-gold.tsv --negatives ../shared/eval/seeds-negatives.tsv
        kg eval ../shared/eval/real/gold.tsv --misses --store /tmp/real-store
        kg eval tests/data/seeds-metrics-gold.tsv --metrics
        kg eval gold.tsv --json | jq .f1
    """
    from kg.evaluation import evaluate, evaluate_metrics

    if metrics:
        scored = evaluate_metrics(gold, store_dir)
        if as_json:
            _print_json(scored.as_dict())
        else:
            click.echo(scored.text())
        return

    report = evaluate(gold, store_dir, negatives=negatives, sentences=misses_only)
    if as_json:
        _print_json(report.as_dict())
    else:
        click.echo(report.misses_text() if misses_only else report.text())


@cli.command()
@store_option
@json_option
@reports_errors
def stats(store_dir, as_json):
    """Print documents, entities, statements and triples by relation.

    \b
    Example:
        kg stats --store kg-store
        kg stats --json | jq .documents
    """
    from kg.store import stats as run_stats

    counts = run_stats(store_dir)
    if as_json:
        _print_json(counts.as_dict())
    else:
        click.echo(counts.text())


@cli.command()
@click.option("--entity", default=None, metavar="NAME",
              help="Show this entity's neighbourhood (any name, alias or IRI); the whole store without it.")
@click.option("--with", "partner", default=None, metavar="NAME",
              help="Timeline of the dated statements between --entity and this company (the `timeline` query).")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many statements away from the entity (and what it owns) to reach.")
@click.option("-o", "--output", default="kg-view.html", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The HTML file to write (a regular file atomically; a pipe or device directly); - for stdout.")
@click.option("--serve", "serve_it", is_flag=True,
              help="Serve the page over HTTP instead (/?entity=NAME&with=NAME), built afresh for each request.")
@click.option("--bind", default="127.0.0.1:7879", show_default=True, help="HOST:PORT for --serve.")
@click.option("--endpoint", default=None,
              help="Read from this SPARQL endpoint (a running `kg serve`) instead of the store.")
@store_option
@reports_errors
def view(entity, partner, depth, output, serve_it, bind, endpoint, store_dir):
    """Write one self-contained HTML page: a graph of entities and a timeline.

    The graph colours entities by class and labels each edge with its relation; asserted
    edges are solid, planned, rumoured, denied and hypothetical ones dashed and marked.
    Click an edge for its evidence sentences, dates, modality and source documents. The
    page loads nothing from the network. With --serve it is served next to the SPARQL API.

    \b
    Examples:
        kg view --entity 阿里 -o ali.html
        kg view --entity 阿里 --with 腾讯 -o ali-tencent.html
        kg view --serve --endpoint http://127.0.0.1:7878
    """
    if serve_it:
        from kg.web.serve import serve_view

        serve_view(store_dir, bind=bind, endpoint=endpoint, echo=click.echo)
        return
    from kg.web.view import write

    shown = write(output, store_dir=store_dir, endpoint=endpoint, entity=entity, partner=partner, depth=depth)
    if output != "-":
        click.echo(f"wrote {output}: {shown.summary()}")


@cli.command()
@click.argument("shards", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@store_option
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra entity catalog in Turtle (repeatable), as given to kg build.")
@reports_errors
def load(shards, store_dir, catalogs):
    """Fill a new store from the N-Quads shards of `kg build --nquads-out`.

    Numbers and indexes the documents as a build would. With no SHARDS, reindexes a
    store filled by `oxigraph load --location DIR --file part-….nq`.

    \b
    Example:
        kg build corpus/ --engine dask --nquads-out shards/ && kg load shards/part-*.nq --store kg-store
    """
    import time

    from kg.store import load as run_load

    started = time.perf_counter()
    documents = run_load(store_dir, shards, catalog_files=catalogs)
    click.echo(f"{store_dir}: {count(documents, 'document')} from {count(len(shards), 'shard')} "
               f"in {time.perf_counter() - started:.1f} s")


@cli.command()
@click.argument("doc")
@store_option
@reports_errors
def remove(doc, store_dir):
    """Drop one article's graph, named by IRI, URL, id, file path or title.

    \b
    Example:
        kg remove seeds/000_8634a7f1c3c5d851.txt
    """
    from kg.store import remove as run_remove

    removed = run_remove(store_dir, doc)
    click.echo(f"removed {removed}")


@cli.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@click.option("--undo", is_flag=True, help="Take back a merge of A and B (as kg split A B).")
@store_option
@reports_errors
def merge(first, second, undo, store_dir):
    """Join two entities of the store, named by any of their names or their IRIs.

    A is merged into B (a catalog entity is always the one kept). The merge is kept in
    the store's user catalog (user-catalog.ttl in the store directory), so every later
    build keeps it, --force too; the next build extracts again the documents naming them.

    \b
    Examples:
        kg merge 'Moonshot AI' 月之暗面 && kg build articles/
        kg merge --undo 'Moonshot AI' 月之暗面
    """
    from kg import usercatalog

    change = usercatalog.split(store_dir, first, second) if undo else usercatalog.merge(store_dir, first, second)
    click.echo(change.text)


@cli.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B", required=False)
@store_option
@reports_errors
def split(first, second, store_dir):
    """Take back a merge (kg merge A B), or keep the name A apart from the entity its name
    key joins it to (星川集团 apart from 星川科技).

    \b
    Examples:
        kg split 'Moonshot AI' 月之暗面
        kg split 星川集团
    """
    from kg import usercatalog

    click.echo(usercatalog.split(store_dir, first, second).text)


@cli.group()
def catalog():
    """The catalogs a store is built with: those given once with kg build --catalog, and its merges.

    \b
    Examples:
        kg catalog list --store kg-store
        kg catalog remove extra.ttl --store kg-store
    """


@catalog.command(name="list")
@store_option
@reports_errors
def catalog_list(store_dir):
    """List the extra catalogs every build of the store reads, and its user catalog's merges.

    \b
    Example:
        kg catalog list --store kg-store
    """
    from kg import usercatalog

    for file, _ in usercatalog.remembered(store_dir):
        click.echo(f"catalog\t{file}")
    merges = usercatalog.read_merges(store_dir)
    for gone, (kept, note) in sorted(merges.merged.items()):
        click.echo(f"merge\t{gone}\t{kept}\t{note}")
    for name in merges.separate:
        click.echo(f"separate\t{name}")


@catalog.command(name="remove")
@click.argument("file")
@store_option
@reports_errors
def catalog_remove(file, store_dir):
    """Stop reading a catalog in the builds of the store (the next build extracts every document again).

    \b
    Example:
        kg catalog remove extra.ttl --store kg-store
    """
    from kg import usercatalog

    click.echo(f"removed {usercatalog.forget(store_dir, file)}; the next build extracts every document again")
