"""Print N TCP ports on 127.0.0.1 that are free now, one per line.

All N are held open together while they are chosen, so they differ; a
test binds them a moment later (the kernel does not hand a just-closed
port out again at once)."""
import socket
import sys

socks = []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
