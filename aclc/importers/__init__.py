"""Importers: Cisco IOS ACLs, iptables-save output and ClassBench filter sets to aclc source.

Each importer parses its format into a form that keeps the source's own
meaning (so it can be evaluated independently), translates it into the
neutral :mod:`aclc.importers.model`, and :mod:`aclc.importers.render` writes
aclc source text. :mod:`aclc.importers.check` compares the two meanings on
sampled and boundary packets, and :mod:`aclc.importers.exact` proves them equal
with BDDs (each format module encodes its own source).

Each format module ends with its :class:`aclc.importers.format.ImportFormat`
record; :mod:`aclc.importers.registry` lists the modules, and ``aclc import``
has one subcommand per record.
"""
