"""Runs one push of a small hand-built pipeline (tcp_dst=port per rule; even rules permit to
output:2, odd ones deny; default deny) inside a switch lab's namespace. Prints the summary;
exit status as the CLI's (1 switch failure, 2 bad input).

    python3 push_driver.py tcp:127.0.0.1:6634 80,81,82 [--full] [--permit-port N] [--dpid N]
"""

import argparse
import asyncio
import sys

from aclc.errors import AclcError
from aclc.pipeline import ApplyActions, Continuation, Output
from aclc.push.channel import open_switch
from aclc.push.install import push

from push_support import tiny_pipeline, tiny_policy


async def main(args):
    ports = tuple(int(p) for p in args.ports.split(","))
    permit = Continuation((ApplyActions((Output(args.permit_port),)),), f"output:{args.permit_port}")
    policy = tiny_policy(len(ports))
    chan = await open_switch(None if args.listen else args.endpoint, args.endpoint if args.listen else None,
                             args.dpid, timeout=20)
    try:
        report = await push(chan, lambda base: tiny_pipeline(base, policy, ports, permit), full=args.full)
    finally:
        await chan.close()
    print(report.summary())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("ports")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--listen", action="store_true")
    parser.add_argument("--permit-port", type=int, default=2)
    parser.add_argument("--dpid", type=int, default=None)
    args = parser.parse_args()
    try:
        asyncio.run(main(args))
    except AclcError as e:
        print(str(e), file=sys.stderr)
        sys.exit(e.exit_status)
