"""``aclc serve``: a long-running OpenFlow controller that holds switches to their ACLs.

- :mod:`.config`: the YAML configuration (which ACL on which switch), read strictly;
- :mod:`.generation`: ACLs parsed, compiled per target and proven before use;
- :mod:`.controller`: the asyncio loop around the push machinery (one task per switch);
- :mod:`.locks`: the per-switch locks that keep ``aclc push`` from fighting serve;
- :mod:`.metrics`: Prometheus counters; :mod:`.status`: the state file and ``serve-status``;
- :mod:`.log`: one JSON line per event.

See docs/serve.md.
"""
