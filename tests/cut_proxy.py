"""A one-connection TCP proxy that cuts the connection once the controller has sent N
OpenFlow messages (counted by their headers). Runs inside a switch lab's namespace.

    python3 cut_proxy.py LISTEN_PORT SWITCH_PORT N
"""

import socket
import struct
import sys
import threading


def main():
    listen_port, switch_port, limit = map(int, sys.argv[1:4])
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(1)
    print("ready", flush=True)
    controller, _ = server.accept()
    switch = socket.create_connection(("127.0.0.1", switch_port))

    def pump_back():
        try:
            while data := switch.recv(65536):
                controller.sendall(data)
        except OSError:
            pass
        finally:
            controller.close()

    threading.Thread(target=pump_back, daemon=True).start()
    buf, count = b"", 0
    try:
        while count < limit:
            data = controller.recv(65536)
            if not data:
                break
            buf += data
            out = b""
            while len(buf) >= 8 and count < limit:
                length = struct.unpack_from("!H", buf, 2)[0]
                if len(buf) < length:
                    break
                out, buf = out + buf[:length], buf[length:]
                count += 1
            switch.sendall(out)
    finally:
        for s in (switch, controller):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


if __name__ == "__main__":
    main()
