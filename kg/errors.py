"""One error hierarchy for the library; the CLI turns these into ``Error: …`` lines.

Every message names the thing at fault (a file, an argument, a query) and, where
there is one, the fix, so that ``str(err)`` reads as
``<where>: <what> (<how to fix>)``.

>>> str(InputError("what went wrong", where="a.txt", fix="do this"))
'a.txt: what went wrong (do this)'
"""

from __future__ import annotations

#: Exit statuses of ``kg`` (docs/cli.md): a scheduler can tell them apart.
EXIT_OK = 0          # done: every input built
EXIT_ERROR = 1       # nothing built: every input rejected, a bad argument, a store or server problem
EXIT_USAGE = 2       # click's usage errors (an unknown option, a missing argument)
EXIT_PARTIAL = 3     # partly built: some inputs rejected, the others built
EXIT_LOCKED = 4      # the store is locked by another process: worth a retry
EXIT_SIGNAL = 128    # interrupted: 128 + the signal's number (130 SIGINT, 143 SIGTERM, 129 SIGHUP)


class KgError(Exception):
    """Base class of every error ``kg`` reports to the user.

    ``exit_status`` is what the CLI exits with when this error ends a command.
    """

    exit_status = EXIT_ERROR

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


class StoreLockedError(StoreError):
    """Another process holds the store's lock: worth trying again later (exit status 4)."""

    exit_status = EXIT_LOCKED


class Interrupted(KgError):
    """A signal (Ctrl-C, SIGTERM, SIGHUP) stopped the command; ``signum`` is the signal's number.

    The CLI exits with ``128 + signum``, as a shell reports a process a signal ended.
    """

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None, signum: int = 2):
        self.signum = signum
        super().__init__(what, where=where, fix=fix)

    @property
    def exit_status(self) -> int:
        return EXIT_SIGNAL + self.signum


class ServerError(KgError):
    """The Oxigraph server cannot be started or a SPARQL endpoint cannot be reached.

    ``status`` is the HTTP status when a server answered with an error.
    """

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None,
                 status: int | None = None):
        self.status = status
        super().__init__(what, where=where, fix=fix)
