"""``aclc verify``: prove that flows decide every packet exactly like the ACL.

    aclc verify RULES.acl --target ovs              compile, then prove
    aclc verify RULES.acl --flows dump.txt --permit NORMAL
                                                    prove flows from a file or ovs-ofctl dump-flows

Exit status: 0 proven, 1 counterexample (printed), 2 bad input.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AclcError, CheckFailed
from .common import COMPILE_OPTIONS, POLICY_OPTIONS, apply_options, compile_options, load_policy
from .progress import progress_bar


@click.command("verify")
@apply_options(POLICY_OPTIONS)
@apply_options(COMPILE_OPTIONS)
@click.option("--flows", "flows_file", metavar="FILE", type=click.Path(dir_okay=False), default=None,
              help="Prove these flows (an ofctl flow file or `ovs-ofctl -O OpenFlow13 dump-flows` output) "
                   "instead of compiling; --permit says what permit means in them.")
@click.option("--entry-table", type=int, metavar="N", default=None,
              help="With --flows: the table packets enter first (default: --table-base).")
def command(rules, acl_name, definitions, target, strategy, permit, priority_base, priority_max,
            max_flows, table_base, flows_file, entry_table):
    """Prove that the flows decide every packet exactly like the ACL in RULES.acl.

    Without --flows the ACL is compiled for --target first. On a difference,
    prints one packet, the ACL line that decides it and the flow that decides
    it on the switch, and exits with 1.
    """
    from ..semantics.verify import verify

    policy = load_policy(rules, acl_name, definitions)
    options = compile_options(target, strategy, permit, priority_base, priority_max, max_flows, table_base)
    if flows_file is None:
        from ..lower import compile_policy

        pipeline = compile_policy(policy, options)
        source = f"compiled for {pipeline.target} ({pipeline.strategy})"
    else:
        pipeline = _pipeline_from_flows(policy, flows_file, options, entry_table)
        source = flows_file
    total = len(policy.rules) + pipeline.flow_count
    with progress_bar("verifying", 2 * total) as advance:
        result = verify(policy, pipeline, progress=advance)
    if not result.ok:
        raise CheckFailed(f"{source}: the flows do not decide like {rules}", detail=result.describe())
    stats = result.stats
    click.echo(f"{rules}: proven equivalent to {source}: {len(policy.rules)} rules, "
               f"{pipeline.flow_count} flows ({stats.get('method')}, {stats.get('seconds', 0):.2f} s)")


def _pipeline_from_flows(policy, flows_file: str, options, entry_table: int | None):
    from ..flowparse import parse_ofctl
    from ..lower import parse_continuation
    from ..pipeline import Pipeline, Table
    from ..profiles import get_profile

    path = Path(flows_file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AclcError(f"{flows_file}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise AclcError(f"{flows_file}: not UTF-8 text (byte {error.start})") from None
    flows = parse_ofctl(text, flows_file)
    if not flows:
        raise AclcError(f"{flows_file}: no flows in the file")
    by_table: dict[int, list] = {}
    for flow in flows:
        by_table.setdefault(flow.table_id, []).append(flow)
    profile = get_profile(options.target)
    permit = options.permit or parse_continuation(profile.default_permit)
    entry = options.table_base if entry_table is None else entry_table
    if entry not in by_table:
        raise AclcError(f"{flows_file}: no flows in entry table {entry} (see --entry-table)")
    tables = tuple(Table(t, f"table{t}", tuple(fs)) for t, fs in sorted(by_table.items()))
    return Pipeline(tables, entry, profile, "flows", permit, policy)
