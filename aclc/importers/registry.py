"""The import formats, by subcommand name: ``aclc import NAME`` for each record.

A format module defines its :class:`~aclc.importers.format.ImportFormat` record
as ``IMPORT_FORMAT``; adding a format is one module and one line in ``MODULES``.
The ``aclc import`` group reads :data:`FORMATS` when it runs.
"""

from __future__ import annotations

import importlib

from .format import ImportFormat

MODULES = ("aclc.importers.cisco", "aclc.importers.iptables", "aclc.importers.classbench_import")


def _load() -> dict[str, ImportFormat]:
    formats = {}
    for name in MODULES:
        record = importlib.import_module(name).IMPORT_FORMAT
        if record.name in formats:
            raise ValueError(f"import format {record.name!r} registered twice ({name})")
        formats[record.name] = record
    return formats


FORMATS: dict[str, ImportFormat] = _load()
