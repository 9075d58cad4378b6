"""The web tier: the stored queries as an HTTP API, the page of ``kg view``, and serving both.

It sits on top of :mod:`kg.queries` and :mod:`kg.server` (which never import it).
"""
