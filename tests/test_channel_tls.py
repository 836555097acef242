"""TLS on the OpenFlow channel (mutual certificates, as switches use them), on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl

import pytest

from aclc.errors import AclcError, EnvironmentFailure
from aclc.push.channel import Channel, open_switch, parse_endpoint, tls_context

from push_support import FakeSwitch, make_pki

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not found")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def switch_context(pki, server: bool, cert="switch"):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH if server else ssl.Purpose.SERVER_AUTH,
                                     cafile=pki["ca.pem"])
    ctx.load_cert_chain(pki[f"{cert}.pem"], pki[f"{cert}.key"])
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connect_over_tls(pki):
    async def main():
        switch = await FakeSwitch(dpid=3).start(ssl=switch_context(pki, server=True))
        chan = await open_switch(f"ssl:127.0.0.1:{switch.port}", None, 3, cert=pki["controller.pem"],
                                 key=pki["controller.key"], ca=pki["ca.pem"], timeout=10)
        assert chan.features.dpid == 3 and await chan.echo(b"tls") == b"tls"
        await chan.close()
        await switch.stop()
    asyncio.run(main())


def test_listen_over_tls_for_a_switch_that_connects_out(pki):
    async def main():
        port = free_port()
        switch = FakeSwitch(dpid=1)
        asyncio.get_running_loop().call_later(
            0.2, lambda: asyncio.ensure_future(switch.connect_to(port, ssl=switch_context(pki, server=False))))
        chan = await open_switch(None, f"ssl:127.0.0.1:{port}", 1, cert=pki["controller.pem"],
                                 key=pki["controller.key"], ca=pki["ca.pem"], timeout=10)
        assert chan.features.dpid == 1
        await chan.close()
    asyncio.run(main())


def test_a_switch_certificate_from_another_ca_is_refused(pki):
    async def main():
        switch = await FakeSwitch().start(ssl=switch_context(pki, server=True, cert="impostor"))
        with pytest.raises(EnvironmentFailure, match="cannot connect"):
            await open_switch(f"ssl:127.0.0.1:{switch.port}", None, None, cert=pki["controller.pem"],
                              key=pki["controller.key"], ca=pki["ca.pem"], timeout=10)
        await switch.stop()
    asyncio.run(main())


def test_tls_needs_all_three_files(pki):
    with pytest.raises(AclcError, match="needs --cert, --key and --ca"):
        tls_context(False, pki["controller.pem"], None, pki["ca.pem"])
    with pytest.raises(AclcError, match="cannot load TLS files"):
        tls_context(False, pki["controller.pem"], pki["controller.key"], "/nonexistent/ca.pem")


def test_listening_beyond_loopback_must_be_asked_for():
    async def main():
        with pytest.raises(AclcError, match="--allow-remote"):
            await open_switch(None, "0.0.0.0:6653", None, timeout=1)
    asyncio.run(main())
