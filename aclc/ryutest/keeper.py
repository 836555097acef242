"""os-ken's switch tester, leaving the target switch as it found it.

The tester deletes every flow, group and meter of the target before each test
and leaves the last test's flows behind (plus its own ``in_port`` flow), so a
switch that held a firewall would hold test flows afterwards (and ``aclc
push`` refuses flows it did not install). This app is the tester with two
steps added, on the same connection:

- before the first test: read the target's flows, groups and meters;
- after the last test (or when the run is stopped): delete everything, put
  back what was read (meters, then groups, then flows: each flow with its
  table, priority, match, instructions, cookie, timeouts and flags), and read
  the flows again to check they are exactly the ones found.

It prints one line that :mod:`.runner` reads: ``target switch: restored ...``
or ``target switch: NOT restored: REASON``. Counters start again from zero
and timeouts run again from the restore, which no switch lets a controller set.
"""

from __future__ import annotations

from os_ken.lib import hub
from os_ken.tests.switch import tester as _tester

from .runner import FOUND, NOT_RESTORED, RESTORED

_FAILURES = (_tester.TestError, _tester.TestTimeout, _tester.TestReceiveError, _tester.TestFailure)


def flow_signature(stats) -> tuple:
    """Everything a controller can set on a flow, as read back in a flow-stats reply."""
    instructions = sorted((str(i.to_jsondict()) for i in stats.instructions))
    return (stats.table_id, stats.priority, stats.cookie, stats.idle_timeout, stats.hard_timeout,
            getattr(stats, "flags", 0), str(stats.match.to_jsondict()), tuple(instructions))


class RestoringTester(_tester.OfTester):
    """:class:`os_ken.tests.switch.tester.OfTester` that restores the target afterwards."""

    def __init__(self):
        self._found = None  # (flows, groups, meters) read before the first test
        self._read_failed: str | None = None
        self._restored = False
        super().__init__()

    # ------------------------------------------------------------ before
    def _test_execute(self, test, description):
        if self._found is None and self._read_failed is None:
            self._wait_for_switches()
            try:
                self._found = self._read_target()
                flows, groups, meters = self._found
                self.logger.info(FOUND + " %d flows, %d groups, %d meters (restored after the run)",
                                 len(flows), len(groups), len(meters))
            except _FAILURES as error:
                self._read_failed = str(error)
        return super()._test_execute(test, description)

    def _wait_for_switches(self) -> None:
        if isinstance(self.target_sw.dp, _tester.DummyDatapath) or isinstance(self.tester_sw.dp, _tester.DummyDatapath):
            self.logger.info("waiting for switches connection...")
            self.sw_waiter = hub.Event()
            self.sw_waiter.wait()
            self.sw_waiter = None

    def _ask(self, state, send) -> list:
        """Send one request to the target and gather every part of its reply."""
        self.state = state
        self.send_msg_xids = []
        self.rcv_msgs = []
        xid = send()
        if xid is None:  # a request this OpenFlow version does not have
            return []
        self.send_msg_xids.append(xid)
        self._wait()
        return [body for msg in self.rcv_msgs for body in msg.body]

    def _read_target(self) -> tuple[list, list, list]:
        sw = self.target_sw
        flows = self._ask(_tester.STATE_FLOW_EXIST_CHK, sw.send_flow_stats)
        groups = self._ask(_tester.STATE_GROUP_EXIST_CHK, sw.send_group_desc_stats)
        try:
            meters = self._ask(_tester.STATE_METER_EXIST_CHK, sw.send_meter_config_stats)
        except _tester.TestReceiveError:  # a switch without meters answers the request with an error
            meters = []
        return flows, groups, meters

    # ------------------------------------------------------------ after
    def _test_end(self, msg=None, report=None):
        if not self._restored and (self._found is not None or self._read_failed is not None):
            self._restored = True
            if msg:
                self.logger.info(msg)
                msg = None
            if self._found is None:
                self.logger.info("%s: its flows could not be read before the run (%s)",
                                 NOT_RESTORED, self._read_failed)
            else:
                try:
                    self.logger.info(self._restore(*self._found))
                except _FAILURES as error:
                    self.logger.info("%s: %s", NOT_RESTORED, error)
                except Exception as error:  # the connection went away, or os-ken could not encode a flow
                    self.logger.info("%s: %s: %s", NOT_RESTORED, type(error).__name__, error)
        super()._test_end(msg, report)

    def _restore(self, flows: list, groups: list, meters: list) -> str:
        sw = self.target_sw
        dp = sw.dp
        ofp, parser = dp.ofproto, dp.ofproto_parser
        self.state = _tester.STATE_INIT_FLOW  # barrier and error replies are taken in this state
        self.send_msg_xids = []
        self.rcv_msgs = []
        sends = [sw.del_flows(), sw.del_groups()]
        if meters:
            sends.append(sw.del_meters())
        for m in meters:
            sends.append(sw.send_msg(parser.OFPMeterMod(dp, command=ofp.OFPMC_ADD, flags=m.flags,
                                                        meter_id=m.meter_id, bands=m.bands)))
        for g in groups:
            sends.append(sw.send_msg(parser.OFPGroupMod(dp, command=ofp.OFPGC_ADD, type_=g.type,
                                                        group_id=g.group_id, buckets=g.buckets)))
        for f in flows:
            sends.append(sw.send_msg(parser.OFPFlowMod(
                dp, cookie=f.cookie, table_id=f.table_id, command=ofp.OFPFC_ADD,
                idle_timeout=f.idle_timeout, hard_timeout=f.hard_timeout, priority=f.priority,
                buffer_id=ofp.OFP_NO_BUFFER, flags=getattr(f, "flags", 0), match=f.match,
                instructions=f.instructions)))
        sends.append(sw.send_barrier_request())
        self.send_msg_xids.extend(x for x in sends if x is not None)
        self._wait()  # the barrier reply, or the first error the switch sent back
        now = self._ask(_tester.STATE_FLOW_EXIST_CHK, sw.send_flow_stats)
        before = sorted(map(flow_signature, flows))
        after = sorted(map(flow_signature, now))
        if before != after:
            missing = len([s for s in before if s not in after])
            extra = len([s for s in after if s not in before])
            return (f"{NOT_RESTORED}: after putting back {len(flows)} flows the switch holds {len(now)} "
                    f"({missing} of the ones found missing, {extra} others)")
        return (f"{RESTORED} {len(flows)} flows, {len(groups)} groups, {len(meters)} meters as found "
                f"(counters start again from zero)")
