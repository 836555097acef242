"""Building frozen dataclasses faster, for the front end's hot loops.

A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__``,
about twice the cost of the object itself; a 10k-rule ACL builds hundreds of
thousands of them (positions, syntax nodes, rules). The functions here set the
fields straight in the instance's ``__dict__`` instead. The instance is the
same (same fields, equal, same hash, still frozen); a class whose ``__init__``
does anything more (``__post_init__``, slots, default factories, a hand-written
``__init__``) is left alone.
"""

from __future__ import annotations

import dataclasses

_FAST_INIT_FILE = "<aclc.fastinit>"


def _plain_fields(cls) -> list[dataclasses.Field] | None:
    """The fields, when ``cls.__init__`` only stores them; None otherwise."""
    if not dataclasses.is_dataclass(cls) or "__slots__" in cls.__dict__ or hasattr(cls, "__post_init__"):
        return None
    init = cls.__dict__.get("__init__")
    # Made by dataclass, or by fast_init below (which stores the same fields the same way).
    if getattr(getattr(init, "__code__", None), "co_filename", "") not in ("<string>", _FAST_INIT_FILE):
        return None
    fields = dataclasses.fields(cls)
    if any(not f.init or f.default_factory is not dataclasses.MISSING for f in fields):
        return None
    return list(fields)


def _source(name: str, fields: list[dataclasses.Field], first: list[str], body_prefix: str) -> tuple[str, dict]:
    params, namespace = list(first), {}
    for f in fields:
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    lines = [f"def {name}({', '.join(params)}):", body_prefix]
    lines += [f"    d[{f.name!r}] = {f.name}" for f in fields]
    return "\n".join(lines), namespace


def constructor(cls):
    """A function that builds ``cls`` like ``cls(...)`` does, with the same parameters."""
    fields = _plain_fields(cls)
    if fields is None:
        return cls
    source, namespace = _source("build", fields, [], "    o = _new(cls)\n    d = o.__dict__")
    namespace.update(_new=object.__new__, cls=cls)
    exec(source + "\n    return o", namespace)
    return namespace["build"]


def fast_init(cls):
    """Class decorator, after ``@dataclass(frozen=True)``: the same ``__init__``, faster."""
    fields = _plain_fields(cls)
    if fields is None:
        return cls
    source, namespace = _source("__init__", fields, ["self"], "    d = self.__dict__")
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__code__ = init.__code__.replace(co_filename=_FAST_INIT_FILE)
    cls.__init__ = init
    return cls
