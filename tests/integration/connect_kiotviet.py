"""hangviet-connect against a fake KiotViet (fake_pos.py) over TLS, feeding
two real store daemons: completed, cancelled and later-cancelled invoices,
invoices edited after they were counted, returns, line and invoice
discounts, weighed lines, products without barcodes and products that
appear later; token expiry and revocation, 429, 500, slow pages and JSON
cut short; a daemon and the connector killed and restarted mid-run;
webhooks sent twice and with bad signatures. Every store's windows must
equal what this test computes from the invoices as they stand."""
import math
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import ssl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hvtest as t  # noqa: E402
import fake_pos  # noqa: E402

CONNECT = os.environ.get("HANGVIET_CONNECT",
                         os.path.join(os.path.dirname(t.HANGVIETD), "../plugin/hangviet-connect"))
WINDOW = 60_000
LANE = 900


# ------------------------------------------------------------------ codes

def gtin13(body12):
    """BODY12 with its GS1 check digit."""
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - s % 10) % 10)


def klass(code):
    """domestic / imported / unknown, as the GS1 prefix says (the stores
    have no catalog); a code that is no valid GTIN-13 is unknown."""
    if len(code) != 13 or not code.isdigit() or gtin13(code[:12]) != code:
        return "unk"
    if code.startswith("893"):
        return "dom"
    if code[:3] in ("978", "979") or code[0] == "2":
        return "unk"
    return "imp"


def items(q):
    """A weighed line (a fraction) is one item."""
    return 1 if q != int(q) else int(abs(q))


def split(amounts, discount):
    """The documented rule: the sale's discount split over the lines in
    proportion to their amounts, rounded down, the đồng left one each to
    the largest lines (the earlier of equal ones first)."""
    total = sum(a for a in amounts if a > 0)
    d = min(discount, total)
    shares = [d * max(a, 0) // total if total else 0 for a in amounts]
    out = [max(a, 0) - s for a, s in zip(amounts, shares)]
    left = d - sum(shares)
    for i in sorted(range(len(amounts)), key=lambda i: (-amounts[i], i)):
        if left == 0:
            break
        if amounts[i] > 0:
            out[i] -= 1
            left -= 1
    return out


# --------------------------------------------------------------- the shop

class Shop:
    """What the fake serves, and what each store must show for it."""

    def __init__(self, kv, stores):
        self.kv, self.stores = kv, stores  # stores: branch -> store id
        self.products = {}  # id -> (code, barcode)
        self.next_id = 1000
        self.now = t.now_ms()

    def product(self, code, barcode, changed=None):
        pid = len(self.products) + 1
        self.products[pid] = (code, barcode)
        self.kv.put_product(pid, code, barcode, changed or self.now - 3_600_000)
        return pid

    def code_of(self, pid):
        code, barcode = self.products[pid]
        return barcode or code

    def invoice(self, branch, minutes_ago, lines, **kw):
        self.next_id += 1
        iid = self.next_id
        sold = self.now - minutes_ago * 60_000
        self.kv.put_invoice(iid, f"HD{iid:06d}", branch, sold,
                            [(p, self.products[p][0], q, price, d) for p, q, price, d in lines],
                            **kw)
        return iid

    def expected(self):
        """{(store, window): counters} from the invoices and returns as they stand."""
        want = {}
        for inv in list(self.kv.invoices.values()):
            if inv["status"] != 1 or inv["branchId"] not in self.stores:
                continue
            store = self.stores[inv["branchId"]]
            lines = [d for d in inv["invoiceDetails"] if d["quantity"] != 0]
            gross = [math.floor(d["price"] * abs(d["quantity"]) + 0.5) - d["discount"]
                     for d in lines]
            paid = split(gross, inv["discount"])
            win = fake_pos.parse_time(inv["purchaseDate"]) // WINDOW * WINDOW
            for d, amount in zip(lines, paid):
                code = self.code_of(d["productId"])
                c = klass(code)
                t.add(want, (store, win), lines=1, **{f"items_{c}": items(d["quantity"]),
                                                      f"value_{c}": amount})
            t.add(want, (store, win), txns=1)
        for ret in list(self.kv.returns.values()):
            if ret["status"] != 1 or ret["branchId"] not in self.stores:
                continue
            store = self.stores[ret["branchId"]]
            win = fake_pos.parse_time(ret["returnDate"]) // WINDOW * WINDOW
            for d in ret["returnDetails"]:
                c = klass(self.code_of(d["productId"]))
                t.add(want, (store, win), lines=1, **{f"items_{c}": -items(d["quantity"]),
                                                      f"value_{c}": -d["subTotal"]})
            t.add(want, (store, win), txns=1)
        return t.nonzero(want)


def windows(daemons):
    got = {}
    for d in daemons:
        got.update(t.history_tallies(d.sync))
    return got


def converge(expected, daemons, name, timeout=60):
    """Wait until the daemons' windows equal EXPECTED() (what the test
    computes from the vendor's records as they stand)."""
    want = expected()
    deadline = time.time() + timeout * (5 if t.VALGRIND else 1)
    got = None
    while time.time() < deadline:
        got = windows(daemons)
        if got == want:
            break
        time.sleep(0.5)
    if got != want:
        diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want)
                if got.get(k) != want.get(k)}
        print("# differences (got, want):", list(diff.items())[:4])
    t.ok(got == want, name, f"{len(want)} windows")


class Connector:
    def __init__(self, config, state):
        self.config, self.state = config, state
        self.log = os.path.join(state, "connect.log")
        self.proc = None

    def start(self, *extra):
        cmd = [CONNECT, "--config", self.config, "--state", self.state, *extra]
        if t.VALGRIND:
            cmd = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                   "--errors-for-leak-kinds=definite"] + cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(self.log, "ab"))
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            return self.proc.wait(30)
        return None

    def text(self):
        with open(self.log, errors="replace") as f:
            return f.read()


def write_secret(path, text, mode=0o600):
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, mode)


def config(path, kv, daemons, d, poll, listen):
    lines = ["[connect shop-a]", "kind = kiotviet", f"base_url = {kv.url}",
             f"token_url = {kv.url}/connect/token", "retailer = shopa", "client_id = cid-42",
             f"secret_file = {d}/shop-a.secret", f"ca_file = {d}/ca.pem", f"poll = {poll}",
             "overlap = 30", f"lane = {LANE}", f"listen = {listen}",
             f"webhook_secret_file = {d}/shop-a.hook", "page_size = 10",
             f"branch.11 = {daemons[0].store}@{daemons[0].endpoint}",
             f"branch.12 = {daemons[1].store}@{daemons[1].endpoint}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def post(url, body, headers):
    """POST a webhook; (status, seconds taken)."""
    ctx = ssl.create_default_context()
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    t0 = time.time()
    with urllib.request.urlopen(req, timeout=10, context=ctx) as r:
        return r.status, time.time() - t0


def main():
    d = t.tmpdir()
    ca, cert, key = fake_pos.make_ca(d)
    kv = fake_pos.KiotViet(cert, key, "cid-42", "s3cr3t/+=&", "shopa", token_life=4)
    daemons = [t.Daemon(store="kv-a", memcheck=False).start(),
               t.Daemon(store="kv-b", memcheck=False).start()]
    shop = Shop(kv, {11: "kv-a", 12: "kv-b"})
    write_secret(f"{d}/shop-a.secret", "s3cr3t/+=&")
    write_secret(f"{d}/shop-a.hook", "aG9va3NlY3JldA==")
    hook_port = t.free_port()
    cfg = f"{d}/connect.conf"
    config(cfg, kv, daemons, d, 1, f"127.0.0.1:{hook_port}")
    state = f"{d}/state"
    os.mkdir(state)

    # A secret file others may read is refused, naming the file.
    os.chmod(f"{d}/shop-a.secret", 0o644)
    r = subprocess.run([CONNECT, "--config", cfg, "--state", state, "--once"],
                       capture_output=True, text=True, timeout=60)
    t.ok(r.returncode == 1 and "shop-a.secret" in r.stderr and "0600" in r.stderr,
         "a secret file of mode 0644 is refused", r.stderr[-300:])
    t.ok("s3cr3t" not in r.stderr, "the refusal does not show the secret")
    os.chmod(f"{d}/shop-a.secret", 0o600)

    # The products: Vietnamese, Chinese and Thai barcodes, and two without one.
    dom1 = shop.product("SP0001", gtin13("893604590001"))
    dom2 = shop.product("SP0002", gtin13("893500010002"))
    imp1 = shop.product("SP0003", gtin13("690123456789"))
    imp2 = shop.product("SP0004", gtin13("885000100004"))
    loose = shop.product("RAU-MUONG", "")      # weighed vegetables, no barcode
    nobar = shop.product("SP0006", "")
    inv = {}
    for i in range(40):
        branch = 11 if i % 3 else 12
        lines = [(dom1, 1 + i % 3, 12500, 0), (imp1, 1, 31000, 1000 * (i % 2))]
        if i % 4 == 0:
            lines.append((loose, 0.42 + i / 100, 45000, 0))
        if i % 5 == 0:
            lines.append((nobar, 2, 8000, 0))
        if i % 7 == 0:
            lines.append((imp2, 3, 19999, 0))
        inv[i] = shop.invoice(branch, 90 - i, lines, discount=(3333 if i % 6 == 0 else 0))
    shop.invoice(13, 50, [(dom1, 1, 12500, 0)])            # a branch no store is mapped to
    shop.invoice(11, 45, [(dom2, 5, 7000, 0)], status=2)    # cancelled before it was seen
    proc_id = shop.invoice(11, 44, [(dom2, 2, 7000, 0)], status=3)  # still processing
    kv.put_return(9001, "TH009001", inv[3], 11, shop.now - 30 * 60_000,
                  [(dom1, "SP0001", 1, 12500, 12500), (loose, "RAU-MUONG", 0.5, 45000, 22500)])

    conn = Connector(cfg, state).start()
    converge(shop.expected, daemons, "the first poll counts every completed invoice and the return")
    body = conn.text()
    t.ok("branch 13" in body, "sales of an unmapped branch are said in the log")
    t.ok(re.search(r"poll done: \d+ sales, .* read up to: invoices 20\d\d-\d\d-\d\dT", body),
         "each poll says in the log what it did and where its cursors stand")

    # Token renewal: short-lived tokens are renewed before they expire, a
    # revoked one once on its 401.
    issued = kv.issued
    kv.revoke_tokens()
    shop.invoice(12, 20, [(dom2, 1, 7000, 0)])
    converge(shop.expected, daemons, "after the token was revoked, the next poll renews it and goes on")
    t.ok(kv.issued > issued, "a new token was asked for", f"{kv.issued} tokens issued")

    # Faults: 429 (Retry-After), 500, a slow page, JSON cut short.
    kv.faults.add("/invoices", "429", "500", "slow", "cut", "503")
    shop.invoice(11, 19, [(imp2, 2, 19999, 0), (dom1, 1, 12500, 500)])
    converge(shop.expected, daemons, "429, 5xx, a slow page and broken JSON are retried; nothing lost")
    served = [k for _, k in kv.faults.log]
    t.ok(all(k in served for k in ("429", "500", "slow", "cut", "503")), "every fault was served",
         str(served))

    # Later: an invoice cancelled, one edited (a line changed, one added),
    # the processing one completed, a new product with its barcode.
    late = t.now_ms()
    kv.cancel_invoice(inv[5], late)
    dom3 = shop.product("SP0007", gtin13("893123450007"), changed=late)
    e = kv.invoices[inv[8]]
    kv.put_invoice(inv[8], e["code"], e["branchId"], fake_pos.parse_time(e["purchaseDate"]),
                   [(dom3, "SP0007", 4, 9000, 0)], changed_ms=late)
    p = kv.invoices[proc_id]
    kv.put_invoice(proc_id, p["code"], 11, fake_pos.parse_time(p["purchaseDate"]),
                   [(dom2, "SP0002", 2, 7000, 0)], status=1, changed_ms=late)
    converge(shop.expected, daemons, "a later cancel, an edit and a late completion count as they now stand")

    # The store daemon killed: the connector spools, and sends when it is back.
    daemons[0].kill()
    for k in range(6):
        shop.invoice(11, 10 - k, [(dom1, 1, 12500, 0), (imp1, 2, 31000, 0)])
    deadline = time.time() + 60
    while time.time() < deadline and "go to the spool" not in conn.text():
        time.sleep(0.5)
    t.ok("go to the spool" in conn.text(), "events for a daemon that is down go to the spool",
         conn.text()[-1500:])
    # The log line comes as the first event is handed to the spool; its
    # write may land a moment later (under valgrind, noticeably later).
    deadline, spool = time.time() + 30, []
    while time.time() < deadline:
        spool = [f for f in os.listdir(f"{state}/connect") if f.endswith(".spool")]
        if any(os.path.getsize(f"{state}/connect/{f}") > 0 for f in spool):
            break
        time.sleep(0.2)
    t.ok(any(os.path.getsize(f"{state}/connect/{f}") > 0 for f in spool),
         "the spool holds them", str(spool))
    daemons[0].start()
    converge(shop.expected, daemons, "once the daemon is back, the spool is sent and counted once")

    # The connector killed mid-run, then changes while it is gone.
    conn.kill()
    kv.cancel_invoice(inv[9], t.now_ms())
    e = kv.invoices[inv[10]]
    kv.put_invoice(inv[10], e["code"], e["branchId"], fake_pos.parse_time(e["purchaseDate"]),
                   [(imp1, "SP0003", 1, 31000, 0)], discount=1000, changed_ms=t.now_ms())
    shop.invoice(12, 5, [(dom1, 3, 12500, 0)])
    config(cfg, kv, daemons, d, 3600, f"127.0.0.1:{hook_port}")  # from now on, webhooks prompt
    polls = conn.text().count("poll done")
    conn = Connector(cfg, state).start()
    converge(shop.expected, daemons, "a restarted connector resumes from its cursor: nothing lost or doubled")
    deadline = time.time() + 30
    while time.time() < deadline and conn.text().count("poll done") <= polls:
        time.sleep(0.2)  # its first poll is over: now only webhooks prompt

    # Webhooks: a bad signature changes nothing; a good one, sent twice, prompts a poll.
    hook = f"http://127.0.0.1:{hook_port}/"
    later = shop.invoice(11, 3, [(dom2, 1, 7000, 0)])
    payload = ('{"Id":"w1","Attempt":1,"Notifications":[{"Action":"invoice.update","Data":'
               '[{"Id":%d,"Code":"HD%06d","Status":1}]}]}' % (later, later)).encode()
    bad = {"X-Hub-Signature": fake_pos.kiotviet_signature("wrong", payload),
           "Content-Type": "application/json"}
    good = dict(bad, **{"X-Hub-Signature": fake_pos.kiotviet_signature("aG9va3NlY3JldA==", payload)})
    status, secs = post(hook, payload, bad)
    t.ok(status == 200 and secs < 5, "a webhook with a bad signature is answered 200 at once",
         f"{status} in {secs:.2f} s")
    time.sleep(3)
    got = windows(daemons)
    t.ok(got != shop.expected(), "a webhook whose signature does not verify prompts nothing")
    t.ok("does not verify" in conn.text(), "the bad signature is said in the log")
    for _ in range(2):
        status, secs = post(hook, payload, good)
    t.ok(status == 200 and secs < 5, "a good webhook is answered 200 at once")
    converge(shop.expected, daemons, "a verified webhook (sent twice) prompts a poll; counted once", 30)

    # What each call carried, and what the connector kept.
    gets = kv.gets("/invoices") + kv.gets("/returns") + kv.gets("/products")
    t.ok(all(h.get("Retailer") == "shopa" and h.get("Authorization", "").startswith("Bearer ")
             for _, _, _, h in gets), "every call carries Retailer and a Bearer token")
    t.ok(all(q.get("pageSize") == "10" and "lastModifiedFrom" in q and "currentItem" in q
             for _, _, q, _ in gets), "every list is read page_size a page from lastModifiedFrom")
    offsets = {q["currentItem"] for _, p, q, _ in gets if p == "/invoices"}
    t.ok({"0", "10", "20", "30", "40"} <= offsets, "pages follow each other by currentItem",
         str(sorted(offsets, key=int)))
    conn.kill(signal.SIGTERM)
    t.ok(conn.proc.returncode == 0, "TERM stops the connector cleanly", str(conn.proc.returncode))
    kept = b""
    for root, _, files in os.walk(state):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                kept += fh.read()
    t.ok(b"Nguy\xe1\xbb\x85n V\xc4\x83n Kh\xc3\xa1ch" not in kept and b"KH0555" not in kept,
         "no customer name or code is kept in the state directory or the log")
    t.ok(b"s3cr3t" not in kept and b"aG9va3NlY3JldA" not in kept,
         "no secret is kept in the state directory or the log")
    for dm in daemons:
        dm.stop()
    kv.close()
    t.done()


if __name__ == "__main__":
    main()
