"""Installing a compiled Pipeline on a switch, all or nothing.

- :mod:`.channel`: the asyncio OpenFlow 1.3 channel (connect or listen, TLS).
- :mod:`.codec`: fast flow-mod encoding and flow-stats decoding.
- :mod:`.layout`: which tables aclc owns (entry table and two banks) and cookies.
- :mod:`.plan`: what a push will do (full bank swap or incremental update), as data.
- :mod:`.install`: carries a plan out over a channel.
- :mod:`.lagopus_ds`: the same transaction over the Lagopus datastore DSL.

See docs/push.md for the table layout and the safety argument.
"""
