"""One error hierarchy for the library; the CLI turns these into ``Error: …`` lines.

Every message names the thing at fault (a file, an argument, a query) and, where
there is one, the fix, so that ``str(err)`` reads as
``<where>: <what> (<how to fix>)``.

>>> str(InputError("what went wrong", where="a.txt", fix="do this"))
'a.txt: what went wrong (do this)'
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error ``kg`` reports to the user."""

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None):
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        return f"{text} ({self.fix})" if self.fix else text


class InputError(KgError):
    """An input file, directory or argument that cannot be read as an article."""


class OntologyError(KgError):
    """The ontology, shapes or catalog are broken, or the graph violates them."""


class QueryError(KgError):
    """A stored or ad-hoc SPARQL query cannot be found, bound or run."""


class StoreError(KgError):
    """The store cannot be opened or written (locked, missing, corrupt)."""


class ServerError(KgError):
    """The Oxigraph server cannot be started or a SPARQL endpoint cannot be reached.

    ``status`` is the HTTP status when a server answered with an error.
    """

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None,
                 status: int | None = None):
        self.status = status
        super().__init__(what, where=where, fix=fix)
