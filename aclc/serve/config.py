"""The ``aclc serve`` configuration file: which ACL goes on which switch.

Read strictly: an unknown key, a value of the wrong type, a bad datapath id or a
file that does not exist is one :class:`AclcError` naming the file, line and
column and the field (``serve.yaml:7:11: error: switches.fw1.dpid: ...``).
Relative paths are relative to the directory of the configuration file.
See docs/serve.md for the reference.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import AclcError, SourcePos
from ..options import STRATEGIES
from ..profiles import PROFILES
from ..push.dpid import dpid_value

DEFAULT_LISTEN = "tcp:127.0.0.1:6653"
DEFAULT_METRICS = "127.0.0.1:9640"


@dataclass(frozen=True)
class AclSource:
    """What to compile, short of the target: the same for every switch that shares it."""

    acl_file: str  # absolute
    acl: str | None = None
    definitions: tuple[str, ...] = ()  # absolute
    strategy: str | None = None
    permit: str | None = None
    priority_base: int | None = None
    priority_max: int | None = None
    max_flows: int | None = None

    @property
    def label(self) -> str:
        return f"{self.acl_file}" + (f" (acl {self.acl})" if self.acl else "")

    def options(self, target: str | None = None):
        """The compile options for ``target`` (aclc.options.compile_options, as the commands build them)."""
        from ..options import compile_options

        return compile_options(target, self.strategy, self.permit, self.priority_base, self.priority_max,
                               self.max_flows)


@dataclass(frozen=True)
class SwitchSpec:
    name: str
    source: AclSource
    target: str = "auto"  # a profile name, or "auto": recognised from the switch's description
    dpid: int | None = None  # the switch connects in with this dpid (or, with connect, must have it)
    connect: str | None = None  # the switch listens (Open vSwitch ptcp:): serve connects to it
    pos: SourcePos | None = None

    @property
    def lock_keys(self) -> tuple[str, ...]:
        from .locks import address_key, dpid_key

        keys = []
        if self.dpid is not None:
            keys.append(dpid_key(self.dpid))
        if self.connect is not None:
            keys.append(address_key(self.connect))
        return tuple(keys)


@dataclass(frozen=True)
class TlsFiles:
    cert: str
    key: str
    ca: str


@dataclass(frozen=True)
class ServeConfig:
    path: str
    switches: tuple[SwitchSpec, ...]
    listen: str | None = DEFAULT_LISTEN  # None: do not listen (every switch is connected to)
    allow_remote: bool = False
    tls: TlsFiles | None = None
    metrics: str | None = DEFAULT_METRICS  # None: no Prometheus endpoint
    run_dir: str | None = None  # None: aclc.serve.locks.default_run_dir()
    echo_interval: float = 5.0
    poll_interval: float = 30.0  # flow stats for the counters; 0: never
    timeout: float = 30.0  # seconds for any one reply of a switch
    handshake_timeout: float = 10.0
    reconnect_max: float = 10.0  # longest wait between two connection attempts (connect mode)
    max_installs: int = 4  # switches that read and install at the same time
    watch: bool = True
    watch_interval: float = 1.0
    fallback_target: str = "of13"  # target of an "auto" switch whose description names no profile

    def switch(self, name: str) -> SwitchSpec:
        return next(s for s in self.switches if s.name == name)

    @property
    def restart_settings(self) -> tuple:
        """The settings a reload cannot change (they need a restart)."""
        return (self.listen, self.allow_remote, self.tls, self.metrics, self.run_dir)


_TOP_KEYS = {"listen", "allow_remote", "tls", "metrics", "run_dir", "echo_interval", "poll_interval",
             "timeout", "handshake_timeout", "reconnect_max", "watch", "watch_interval", "fallback_target",
             "max_installs",
             "switches"}
_SWITCH_KEYS = {"dpid", "connect", "acl_file", "acl", "definitions", "target", "strategy", "permit",
                "priority_base", "priority_max", "max_flows"}
_TLS_KEYS = {"cert", "key", "ca"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")


class _Reader:
    """Walks the YAML node tree, so every error can name the line and column of its value."""

    def __init__(self, path: str):
        self.path = path

    def pos(self, node) -> SourcePos:
        mark = node.start_mark
        return SourcePos(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node, field_name: str, message: str):
        raise AclcError(f"{field_name}: {message}", self.pos(node))

    def mapping(self, node, field_name: str, allowed: set[str]) -> dict[str, tuple]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, field_name or "config", "expected a mapping of keys to values")
        out: dict[str, tuple] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.fail(knode, field_name or "config", "keys must be plain names")
            key = knode.value
            where = f"{field_name}.{key}" if field_name else key
            if key in out:
                self.fail(knode, where, "given twice")
            if allowed and key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail(knode, where, f"unknown key (known: {known})")
            out[key] = (knode, vnode)
        return out

    def scalar(self, node, field_name: str):
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, field_name, "expected a single value")
        return yaml.SafeLoader("").construct_scalar(node), node.tag

    def string(self, node, field_name: str, allow_null: bool = False) -> str | None:
        value, tag = self.scalar(node, field_name)
        if tag == "tag:yaml.org,2002:null" and (value in ("", "~", "null", "Null", "NULL")):
            if allow_null:
                return None
            self.fail(node, field_name, "a value is required")
        if tag not in ("tag:yaml.org,2002:str",) and not isinstance(value, str):
            self.fail(node, field_name, "expected text")
        if not value.strip():
            self.fail(node, field_name, "must not be empty")
        return value

    def boolean(self, node, field_name: str) -> bool:
        value, tag = self.scalar(node, field_name)
        lowered = value.lower()
        if lowered in ("true", "yes", "on"):
            return True
        if lowered in ("false", "no", "off"):
            return False
        self.fail(node, field_name, f"expected true or false, not {value!r}")

    def number(self, node, field_name: str, minimum: float, allow_zero: bool = False) -> float:
        value, _tag = self.scalar(node, field_name)
        try:
            number = float(value)
        except ValueError:
            self.fail(node, field_name, f"expected a number of seconds, not {value!r}")
        if math.isnan(number) or math.isinf(number) or (number < minimum and not (allow_zero and number == 0)):
            self.fail(node, field_name, f"must be at least {minimum:g}" + (" (or 0)" if allow_zero else "")
                      + f", not {value!r}")
        return number

    def integer(self, node, field_name: str, low: int, high: int) -> int:
        value, _tag = self.scalar(node, field_name)
        if not re.fullmatch(r"[0-9]+", value):
            self.fail(node, field_name, f"expected a whole number, not {value!r}")
        number = int(value)
        if not low <= number <= high:
            self.fail(node, field_name, f"must be between {low} and {high}, not {number}")
        return number

    def file(self, node, field_name: str, base: Path) -> str:
        text = self.string(node, field_name)
        path = (base / text).resolve() if not Path(text).is_absolute() else Path(text)
        if not path.exists():
            self.fail(node, field_name, f"{text}: no such file")
        if not path.is_file():
            self.fail(node, field_name, f"{text}: not a regular file")
        return str(path)


def parse_dpid_text(text: str) -> int | None:
    """``0x1``, ``1`` or ``00:00:00:00:00:00:00:01``; None when it is none of these or out of range."""
    try:
        return dpid_value(text.strip())
    except ValueError:
        return None


def listen_endpoint(text: str, default_port: int = 6653, option: str = "listen"):
    """Like :func:`aclc.push.channel.parse_endpoint`, where port 0 (any free port) is allowed too."""
    from dataclasses import replace

    from ..push.channel import parse_endpoint

    if text.endswith(":0"):
        return replace(parse_endpoint(text[:-1] + "1", default_port, option), port=0)
    return parse_endpoint(text, default_port, option)


def _endpoint(reader: _Reader, node, field_name: str, any_port: bool = False) -> str:
    from ..push.channel import parse_endpoint

    text = reader.string(node, field_name)
    try:
        (listen_endpoint if any_port else parse_endpoint)(text, default_port=6653, option=field_name)
    except AclcError as e:
        reader.fail(node, field_name, e.message.split(": ", 1)[-1])
    return text


def load_config(path: str | Path) -> ServeConfig:
    """Read and check a configuration file; every problem is one AclcError."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AclcError(f"{shown}: no such file (serve configuration)") from None
    except IsADirectoryError:
        raise AclcError(f"{shown}: is a directory, not a configuration file") from None
    except OSError as e:
        raise AclcError(f"{shown}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise AclcError(f"{shown}: not UTF-8 text (byte {e.start})") from None
    return parse_config(text, shown, path.resolve().parent)


def parse_config(text: str, shown: str, base: Path) -> ServeConfig:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = SourcePos(shown, mark.line + 1, mark.column + 1) if mark else None
        raise AclcError(f"not valid YAML: {e.problem or e.context}", pos) from None
    except yaml.YAMLError as e:
        raise AclcError(f"{shown}: not valid YAML: {e}") from None
    if root is None:
        raise AclcError(f"{shown}: empty configuration (it needs at least 'switches')")
    r = _Reader(shown)
    top = r.mapping(root, "", _TOP_KEYS)
    kw: dict = {}
    if "listen" in top:
        knode, vnode = top["listen"]
        kw["listen"] = None if r.string(vnode, "listen", allow_null=True) is None else _endpoint(r, vnode, "listen", any_port=True)
    for key in ("allow_remote", "watch"):
        if key in top:
            kw[key] = r.boolean(top[key][1], key)
    if "metrics" in top:
        vnode = top["metrics"][1]
        value = r.string(vnode, "metrics", allow_null=True)
        if value is not None:
            try:
                endpoint = listen_endpoint(value, default_port=9640, option="metrics")
            except AclcError as e:
                r.fail(vnode, "metrics", e.message.split(": ", 1)[-1])
            if endpoint.kind != "tcp":
                r.fail(vnode, "metrics", "expected HOST:PORT (the Prometheus endpoint is plain HTTP)")
            value = f"{endpoint.host}:{endpoint.port}"
        kw["metrics"] = value
    if "run_dir" in top:
        kw["run_dir"] = str((base / r.string(top["run_dir"][1], "run_dir")).resolve())
    for key, minimum, zero in (("echo_interval", 0.1, False), ("poll_interval", 0.1, True),
                               ("timeout", 0.1, False), ("handshake_timeout", 0.1, False),
                               ("reconnect_max", 0.1, False), ("watch_interval", 0.05, False)):
        if key in top:
            kw[key] = r.number(top[key][1], key, minimum, allow_zero=zero)
    if "max_installs" in top:
        kw["max_installs"] = r.integer(top["max_installs"][1], "max_installs", 1, 1000)
    if "fallback_target" in top:
        vnode = top["fallback_target"][1]
        value = r.string(vnode, "fallback_target")
        if value not in PROFILES:
            r.fail(vnode, "fallback_target", f"unknown target {value!r} (known: {', '.join(PROFILES)})")
        kw["fallback_target"] = value
    if "tls" in top:
        vnode = top["tls"][1]
        tls = r.mapping(vnode, "tls", _TLS_KEYS)
        for key in ("cert", "key", "ca"):
            if key not in tls:
                r.fail(vnode, f"tls.{key}", "missing (TLS needs cert, key and ca)")
        kw["tls"] = TlsFiles(*(r.file(tls[k][1], f"tls.{k}", base) for k in ("cert", "key", "ca")))
    if "switches" not in top:
        raise AclcError("switches: missing (the switches to hold and their ACLs)", r.pos(root))
    knode, snode = top["switches"]
    switches = r.mapping(snode, "switches", set())
    if not switches:
        r.fail(snode, "switches", "no switches given")
    specs = []
    seen_dpid: dict[int, str] = {}
    seen_connect: dict[str, str] = {}
    listen = kw.get("listen", DEFAULT_LISTEN)
    for name, (nnode, body) in switches.items():
        where = f"switches.{name}"
        if not _NAME.fullmatch(name):
            r.fail(nnode, where, "a switch name is letters, digits, '.', '_' and '-' (at most 63)")
        spec = _switch(r, name, body, where, base)
        if spec.dpid is not None:
            if spec.dpid in seen_dpid:
                r.fail(r.mapping(body, where, _SWITCH_KEYS)["dpid"][1], f"{where}.dpid",
                       f"dpid {spec.dpid:#x} is also switch {seen_dpid[spec.dpid]}'s")
            seen_dpid[spec.dpid] = name
        if spec.connect is not None:
            from ..push.channel import parse_endpoint

            key = str(parse_endpoint(spec.connect))
            if key in seen_connect:
                r.fail(r.mapping(body, where, _SWITCH_KEYS)["connect"][1], f"{where}.connect", f"{spec.connect} is also switch {seen_connect[key]}'s")
            seen_connect[key] = name
        elif listen is None:
            r.fail(body, where, "has no 'connect' address and 'listen' is off: nothing would reach it")
        specs.append(spec)
    if kw.get("tls") is None:
        for spec in specs:
            if spec.connect and spec.connect.startswith("ssl:"):
                raise AclcError(f"switches.{spec.name}.connect: ssl: needs a 'tls' section (cert, key, ca)",
                                spec.pos)
        if listen and listen.startswith("ssl:"):
            raise AclcError("listen: ssl: needs a 'tls' section (cert, key, ca)", r.pos(top["listen"][1]))
    config = ServeConfig(shown, tuple(specs), **kw)
    if config.listen is not None:
        endpoint = listen_endpoint(config.listen)
        if not endpoint.is_loopback and not config.allow_remote:
            raise AclcError(f"listen: {config.listen} is not a loopback address; listening where other machines "
                            "can connect must be asked for with 'allow_remote: true'", r.pos(top["listen"][1]))
    if config.metrics is not None:
        host = config.metrics.rsplit(":", 1)[0].strip("[]")
        import ipaddress

        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback and not config.allow_remote:
            raise AclcError(f"metrics: {config.metrics} is not a loopback address; exporting counters to other "
                            "machines must be asked for with 'allow_remote: true'", r.pos(top["metrics"][1]))
    return config


def _switch(r: _Reader, name: str, body, where: str, base: Path) -> SwitchSpec:
    fields = r.mapping(body, where, _SWITCH_KEYS)
    if "acl_file" not in fields:
        r.fail(body, f"{where}.acl_file", "missing (the ACL file this switch runs)")
    dpid = connect = None
    if "dpid" in fields:
        vnode = fields["dpid"][1]
        r.scalar(vnode, f"{where}.dpid")  # a single value, not a list or mapping
        dpid = parse_dpid_text(vnode.value)
        if dpid is None:
            r.fail(vnode, f"{where}.dpid", f"{vnode.value!r} is not a datapath id (0x1, 1 or "
                   "00:00:00:00:00:00:00:01, below 2**64)")
    if "connect" in fields:
        connect = _endpoint(r, fields["connect"][1], f"{where}.connect")
    if dpid is None and connect is None:
        r.fail(body, where, "needs 'dpid' (a switch that connects in) or 'connect' (a switch that listens)")
    acl_file = r.file(fields["acl_file"][1], f"{where}.acl_file", base)
    acl = r.string(fields["acl"][1], f"{where}.acl") if "acl" in fields else None
    definitions: list[str] = []
    if "definitions" in fields:
        dnode = fields["definitions"][1]
        items = dnode.value if isinstance(dnode, yaml.SequenceNode) else [dnode]
        for i, item in enumerate(items):
            definitions.append(r.file(item, f"{where}.definitions[{i}]", base))
    target = "auto"
    if "target" in fields:
        vnode = fields["target"][1]
        target = r.string(vnode, f"{where}.target")
        known = ("auto", *PROFILES)  # read now: the profiles are the targets
        if target not in known:
            r.fail(vnode, f"{where}.target", f"unknown target {target!r} (known: {', '.join(known)})")
    strategy = None
    if "strategy" in fields:
        vnode = fields["strategy"][1]
        strategy = r.string(vnode, f"{where}.strategy")
        if strategy not in STRATEGIES:
            r.fail(vnode, f"{where}.strategy", f"unknown strategy {strategy!r} (known: {', '.join(STRATEGIES)})")
    permit = None
    if "permit" in fields:
        vnode = fields["permit"][1]
        permit = r.string(vnode, f"{where}.permit")
        from ..options import compile_options

        try:
            compile_options(None, permit=permit)
        except AclcError as e:
            r.fail(vnode, f"{where}.permit", e.message)
    numbers = {}
    from ..options import priority_bounds

    top = priority_bounds()[1]  # the highest priority any target handles; the target's own is checked when compiled
    for key, low, high in (("priority_base", 1, top), ("priority_max", 1, top), ("max_flows", 1, 10**8)):
        if key in fields:
            numbers[key] = r.integer(fields[key][1], f"{where}.{key}", low, high)
    source = AclSource(acl_file, acl, tuple(definitions), strategy, permit, **numbers)
    return SwitchSpec(name, source, target, dpid, connect, r.pos(body))
