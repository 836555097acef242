"""One semantic model, as BDDs over header bits, behind verify, lint, diff, check and optimize.

- :mod:`.encoding`: variables and cached field BDDs (:class:`Space`).
- :mod:`.policy`: what a Policy decides for every packet.
- :mod:`.pipeline`: what a compiled Pipeline decides (goto_table, metadata, table miss).
- :mod:`.verify`, :mod:`.lint`, :mod:`.diff`, :mod:`.optimize`: questions asked of those meanings.
- :mod:`.witness`: concrete example packets from BDDs.
"""
