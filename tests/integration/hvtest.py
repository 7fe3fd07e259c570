"""hvtest -- what the Python integration tests share: TAP output, a real
hangvietd started on loopback in a temporary state directory, REQ and
DEALER clients speaking msgpack over ZeroMQ, and a reader of journal.db.

Everything a test expects is computed by the test itself from what it sent;
nothing here imports or calls hangviet's code.
"""
import atexit
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import msgpack
import zmq

SRCDIR = os.environ.get("HV_SRCDIR", os.getcwd())
HANGVIET = os.environ.get("HANGVIET", os.path.join(os.getcwd(), "src/hangviet"))
HANGVIETD = os.environ.get("HANGVIETD", os.path.join(os.getcwd(), "src/hangvietd"))
DISTRICT = os.environ.get("HANGVIET_DISTRICT",
                          os.path.join(os.path.dirname(HANGVIETD), "hangviet-district"))
VALGRIND = bool(os.environ.get("HV_VALGRIND"))
# Under valgrind everything is ~30x slower: tests scale their loads down.
SCALE = 0.02 if VALGRIND else 1.0

_n = 0
_failed = 0
prefix = ""  # put before every test name (a test that runs a suite twice sets it)


def ok(cond, name, detail=""):
    """One TAP result."""
    global _n, _failed
    _n += 1
    if cond:
        print(f"ok {_n} - {prefix}{name}", flush=True)
    else:
        _failed += 1
        print(f"not ok {_n} - {prefix}{name}", flush=True)
        for line in str(detail).splitlines():
            print(f"# {line}", flush=True)
    return cond


def skip(name, why):
    """A TAP skip: a check that cannot be made in this run (it is not counted
    as passed or failed by tests/run-tests.sh)."""
    print(f"# SKIP {name}: {why}", flush=True)


def eq(got, want, name):
    if got == want:
        return ok(True, name)
    if isinstance(got, dict) and isinstance(want, dict):
        keys = sorted(set(got) | set(want), key=repr)
        diff = [f"{k!r}:\n  got:  {got.get(k)!r}\n  want: {want.get(k)!r}"
                for k in keys if got.get(k) != want.get(k)]
        return ok(False, name, f"{len(diff)} keys differ, the first:\n" + "\n".join(diff[:4]))
    return ok(False, name, f"got:  {got!r}\nwant: {want!r}"[:4000])


def done():
    print(f"1..{_n}", flush=True)
    sys.exit(1 if _failed else 0)


def tmpdir():
    d = tempfile.mkdtemp(prefix="hvit.")
    atexit.register(shutil.rmtree, d, True)
    return d


_given_ports = set()


def free_port():
    """A port nothing listens on now, and never one given before in this
    run: the kernel may hand a closed port out again, and two endpoints of
    one daemon on the same port make its start fail."""
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in _given_ports:
            _given_ports.add(port)
            return port


def now_ms():
    return int(time.time() * 1000)


class Daemon:
    """A hangvietd process on a free loopback port."""

    def __init__(self, state=None, store="st-01", extra=(), catalog=None, memcheck=True,
                 log=None, log_pipe=False):
        """MEMCHECK: run under valgrind in `make memcheck` (tests of the client
        side pass False: they need the daemon at its real speed). LOG: where
        its stderr goes (state/daemon.log unless given); LOG_PIPE: through a
        pipe the test copies from, so that no limit on the daemon's own file
        writes reaches its log."""
        self.memcheck = memcheck
        self.log_pipe = log_pipe
        self.curve = None  # the Curve keys wait_ready uses, when ingest is CURVE
        self.state = state or tmpdir()
        self.store = store
        self.extra = list(extra)
        self.port = free_port()
        self.endpoint = f"tcp://127.0.0.1:{self.port}"
        self.feed = f"tcp://127.0.0.1:{free_port()}"
        self.sync = f"tcp://127.0.0.1:{free_port()}"
        self.log = log or os.path.join(self.state, "daemon.log")
        self.proc = None
        if catalog:
            subprocess.run([HANGVIET, "catalog", "import", "--state", self.state, catalog],
                           check=True, stdout=subprocess.DEVNULL)
        atexit.register(self.kill)

    def start(self, wait=True):
        cmd = [HANGVIETD, "--state", self.state, "--store", self.store,
               "--ingest", self.endpoint, "--feed", self.feed, "--sync", self.sync] + self.extra
        if VALGRIND and self.memcheck:
            cmd = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                   "--errors-for-leak-kinds=definite"] + cmd
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE if self.log_pipe else logf)
        if self.log_pipe:
            threading.Thread(target=self._copy_log, args=(self.proc.stderr, logf),
                             daemon=True).start()
        if wait:
            self.wait_ready()
        return self

    @staticmethod
    def _copy_log(pipe, logf):
        for chunk in iter(lambda: pipe.read1(4096), b""):
            logf.write(chunk)
            logf.flush()

    def wait_ready(self, timeout=30.0):
        c = Client(self.endpoint, timeout_ms=500, curve=self.curve)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hangvietd exited {self.proc.returncode}: {self.log_text()}")
            try:
                if c.call({"op": "ping"}).get("ok"):
                    c.close()
                    return
            except TimeoutError:
                c.reset()
        c.close()
        raise RuntimeError("hangvietd did not answer: " + self.log_text())

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Stop it with SIG and return its exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def log_text(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def journal(self):
        return os.path.join(self.state, "journal.db")


def send_pipelined(endpoint, events, window=100):
    """Send EVENTS through a DEALER with up to WINDOW unanswered; return
    when every reply has come."""
    c = Client(endpoint, dealer=True, timeout_ms=20_000)
    out = 0
    for ev in events:
        c.send(ev)
        out += 1
        if out >= window:
            c.recv()
            out -= 1
    for _ in range(out):
        c.recv()
    c.close()


class District:
    """A hangviet-district process following UPSTREAMS (Daemons or
    Districts), on free loopback ports."""

    def __init__(self, node, district, upstreams, province="thai-nguyen", extra=()):
        self.state = tmpdir()
        self.feed = f"tcp://127.0.0.1:{free_port()}"
        self.sync = f"tcp://127.0.0.1:{free_port()}"
        self.args = [DISTRICT, "--state", self.state, "--node", node, "--province", province,
                     "--district", district, "--feed", self.feed, "--sync", self.sync,
                     "--upstream", ",".join(f"{u.feed}|{u.sync}" for u in upstreams)]
        self.args += list(extra)
        self.log = os.path.join(self.state, "district.log")
        self.proc = None
        atexit.register(self.kill)

    def start(self):
        self.proc = subprocess.Popen(self.args, stderr=open(self.log, "ab"))
        return self

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


_ctx = zmq.Context.instance()


def read_key(path):
    """The Z85 key in a key file written by `hangviet keygen`, as bytes."""
    with open(path) as f:
        lines = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 1 and len(lines[0]) == 40, f"{path}: {lines}"
    return lines[0].encode()


class Curve:
    """A CurveZMQ client's keys: its own pair and the server's public key,
    all Z85 bytes."""

    def __init__(self, server, public, secret):
        self.server, self.public, self.secret = server, public, secret

    def apply(self, sock):
        sock.curve_serverkey = self.server
        sock.curve_publickey = self.public
        sock.curve_secretkey = self.secret


def connect(kind, endpoint, curve=None):
    """A socket of KIND connected to ENDPOINT, a CURVE client when CURVE."""
    s = _ctx.socket(kind)
    s.setsockopt(zmq.LINGER, 0)
    if curve is not None:
        curve.apply(s)
    s.connect(endpoint)
    return s


def sync_call(endpoint, req, timeout_ms=5000, curve=None):
    """One request to a sync socket and its one reply; TimeoutError when
    none comes within TIMEOUT_MS (a test that expects silence catches
    exactly that)."""
    s = connect(zmq.DEALER, endpoint, curve)
    s.send_multipart([b"", msgpack.packb(req)])
    try:
        if not s.poll(timeout_ms):
            raise TimeoutError(f"no answer to {req} from {endpoint}")
        return msgpack.unpackb(s.recv_multipart()[-1], raw=False)
    finally:
        s.close()


def sync_history(endpoint, since=0, curve=None, kind="tally", **ask):
    """`history` from a sync socket, with the request's further keys ASK
    (products=True...): (its bodies of KIND, tally, place or products; the
    `done` message)."""
    s = connect(zmq.DEALER, endpoint, curve)
    s.send_multipart([b"", msgpack.packb({"op": "history", "since": since, **ask})])
    wins = []
    try:
        while True:
            if not s.poll(10_000):
                raise TimeoutError(f"no history answer from {endpoint}")
            m = msgpack.unpackb(s.recv_multipart()[-1], raw=False)
            if m.get("op") == "done":
                return wins, m
            if m.get("kind") == kind:
                wins.append(m)
    finally:
        s.close()


def xlsx_tables(path):
    """{sheet name: [rows as tuples]} of the workbook at PATH (python3-openpyxl)."""
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def xlsx_groups(rows):
    """{group label: {counter: n}} of a report workbook's grouping sheet ROWS:
    a header row, then the label and the counters in the order of zero()."""
    names = list(zero())
    return {r[0]: {k: int(r[1 + i]) for i, k in enumerate(names)} for r in rows[1:]}


def history_places(endpoint):
    """{store: its place body} of history."""
    return {m["store"]: m for m in sync_history(endpoint, kind="place")[0]}


def history_tallies(endpoint):
    """{(store, window): counters} of every non-empty tally in history."""
    return {(m["store"], m["window"]): m["t"] for m in sync_history(endpoint)[0]
            if any(m["t"].values())}


class Client:
    """A REQ (lockstep) or DEALER (pipelining) client of the ingest socket."""

    def __init__(self, endpoint, dealer=False, timeout_ms=5000, curve=None):
        self.endpoint = endpoint
        self.dealer = dealer
        self.timeout_ms = timeout_ms
        self.curve = curve
        self._open()

    def _open(self):
        self.sock = connect(zmq.DEALER if self.dealer else zmq.REQ, self.endpoint, self.curve)

    def reset(self):
        self.sock.close()
        self._open()

    def close(self):
        self.sock.close()

    def send_raw(self, body):
        if self.dealer:
            self.sock.send_multipart([b"", body])
        else:
            self.sock.send(body)

    def send(self, req):
        self.send_raw(msgpack.packb(req))

    def recv(self):
        if not self.sock.poll(self.timeout_ms):
            raise TimeoutError("no reply")
        frames = self.sock.recv_multipart()
        body = frames[-1]
        if self.dealer:
            assert frames[0] == b"", frames
        return msgpack.unpackb(body, raw=False)

    def call(self, req):
        self.send(req)
        return self.recv()

    def call_raw(self, body):
        self.send_raw(body)
        return self.recv()


class Journal:
    """journal.db read with sqlite3, as an analyst would."""

    COUNTERS = ["items_dom", "items_imp", "items_unk", "value_dom", "value_imp",
                "value_unk", "items_ocop", "value_ocop", "items_local", "value_local",
                "lines", "voids", "txns"]

    def __init__(self, path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def tallies(self, dim="total"):
        """{(store, win, key): {counter: value}} of the checkpointed tallies,
        leaving out all-zero rows."""
        cols = ", ".join(self.COUNTERS)
        out = {}
        for row in self.db.execute(f"SELECT store, win, key, {cols} FROM tally WHERE dim = ?",
                                   (dim,)):
            counters = dict(zip(self.COUNTERS, row[3:]))
            if any(counters.values()):
                out[(row[0], row[1], row[2])] = counters
        return out

    def events(self):
        return self.db.execute(
            "SELECT store, lane, txn, line, op, code, qty, amount FROM event ORDER BY id"
        ).fetchall()

    def close(self):
        self.db.close()


def zero():
    return {k: 0 for k in Journal.COUNTERS}


def add(tallies, key, **delta):
    """Add DELTA to the counters at KEY of the dict TALLIES."""
    c = tallies.setdefault(key, zero())
    for k, v in delta.items():
        c[k] += v


def nonzero(tallies):
    return {k: v for k, v in tallies.items() if any(v.values())}
