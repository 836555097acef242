"""Start os-ken's OpenFlow switch tester app (os-ken 4 has no manager command).

Run as ``python3 -m aclc.ryutest.app --ofp-listen-host 127.0.0.1
--ofp-tcp-listen-port 6653 --test-switch-target 0000000000000001
--test-switch-tester 0000000000000002 --test-switch-dir DIR``.

The eventlet hub is required: with os-ken 4's default thread hub the tester can
lose a reply and then wait forever (its own 3 s timeout never fires). The tester
ends by sending itself SIGTERM, so this process exits 143 whatever the result;
read the report it prints. The app is :class:`aclc.ryutest.keeper.RestoringTester`: the
tester, leaving the target switch with the flows it had before the run.
"""

from __future__ import annotations

import os
import sys

# Must be chosen before os_ken.lib.hub is imported anywhere.
os.environ["OSKEN_HUB_TYPE"] = "eventlet"


def main(argv: list[str] | None = None) -> None:
    import logging

    from os_ken.lib import hub

    hub.patch(thread=False)

    from os_ken import cfg, log
    import os_ken.flags  # noqa: F401  registers the --test-switch-* options

    log.early_init_log(logging.INFO)
    from os_ken.base import app_manager
    import os_ken.controller.controller  # noqa: F401  registers --ofp-* options

    cfg.CONF(args=sys.argv[1:] if argv is None else argv, project="os_ken")
    log.init_log()
    # The tester itself, plus reading the target's flows first and putting them back at the end.
    app_manager.AppManager.run_apps(["aclc.ryutest.keeper"])


if __name__ == "__main__":
    main()
