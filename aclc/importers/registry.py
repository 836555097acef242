"""The import formats, by subcommand name: ``aclc import NAME`` for each record.

A format module defines its :class:`~aclc.importers.format.ImportFormat` record
as ``IMPORT_FORMAT``; adding a format is one module and one line in ``MODULES``.
The ``aclc import`` group reads :data:`FORMATS` when it runs, and a module is
imported only when its record is asked for (``aclc import classbench`` does not
load the Cisco and iptables parsers).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .format import ImportFormat

MODULES = {
    "cisco": "aclc.importers.cisco",
    "iptables": "aclc.importers.iptables",
    "classbench": "aclc.importers.classbench_import",
}


class _Formats(Mapping):
    """Name -> ImportFormat, each module imported on first use."""

    def __init__(self, modules: dict[str, str]):
        self._modules = dict(modules)
        self._loaded: dict[str, ImportFormat] = {}

    def __getitem__(self, name: str) -> ImportFormat:
        record = self._loaded.get(name)
        if record is None:
            record = importlib.import_module(self._modules[name]).IMPORT_FORMAT
            if record.name != name:
                raise ValueError(f"{self._modules[name]} registers format {record.name!r}, not {name!r}")
            self._loaded[name] = record
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


FORMATS: Mapping[str, ImportFormat] = _Formats(MODULES)
