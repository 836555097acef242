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
from operator import attrgetter

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


# ---------------------------------------------------------------- frozen records, made cheaply


def frozen_record(cls):
    """Class decorator: ``cls`` as ``@fast_init @dataclass(frozen=True)`` makes it, cheaper to make.

    dataclass generates and compiles six functions for each frozen class (``__init__``,
    ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``): most of the cost of
    importing a module of many small records. Here only ``__init__`` is generated (the fast one
    above); the others are shared functions over the class's field names, doing what dataclass's
    would: equality and hash over the fields in order (instances of the very same class only),
    ``Name(field=value, ...)`` as the repr, and FrozenInstanceError on any assignment or deletion.
    It is still a dataclass (``fields``, ``replace``, ``__match_args__``). Only for classes of plain
    fields: no default factory, no field options, no ``__post_init__``, no slots, no ordering."""
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__",
                 "__slots__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__name__} defines {name}: use dataclass(frozen=True)")
    if not cls.__doc__:  # what dataclass would write, without its inspect.signature (a third of the cost)
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', ()))})"
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)
    for f in fields:
        if (f.default_factory is not dataclasses.MISSING or not f.init or not f.repr or not f.compare
                or f.hash is not None or f.metadata):
            raise TypeError(f"{cls.__name__}.{f.name}: field options: use dataclass(frozen=True)")
    source, namespace = _source("__init__", list(fields), ["self"], "    d = self.__dict__")
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__code__ = init.__code__.replace(co_filename=_FAST_INIT_FILE)
    names = tuple(f.name for f in fields)
    cls.__init__ = init
    cls._record_names = names
    cls._record_key = staticmethod(attrgetter(*names) if len(names) > 1 else _one_field_key(names))
    cls.__repr__ = _record_repr
    cls.__eq__ = _record_eq
    cls.__hash__ = _record_hash
    cls.__setattr__ = _record_setattr
    cls.__delattr__ = _record_delattr
    return cls


def _one_field_key(names: tuple[str, ...]):
    if not names:
        return lambda record: ()
    name = names[0]
    return lambda record: (getattr(record, name),)


def _record_repr(self) -> str:
    return (f"{self.__class__.__qualname__}("
            + ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_names) + ")")


def _record_eq(self, other):
    if other.__class__ is self.__class__:
        return self._record_key(self) == other._record_key(other)
    return NotImplemented


def _record_hash(self) -> int:
    return hash(self._record_key(self))


def _record_setattr(self, name, value):
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _record_delattr(self, name):
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
