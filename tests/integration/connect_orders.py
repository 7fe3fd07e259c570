"""hangviet-connect against fake Sapo and Haravan Orders APIs over TLS
(fake_pos.py), two accounts in one connector, each feeding its own store
daemon: paid, pending and later-cancelled orders, refunds, line and order
discounts, weighed lines, lines whose barcode is on the variant only or
nowhere (SKU), Haravan's web orders left out, small pages; one account
failing for a while without holding up the other; a daemon killed and
restarted; webhooks with base64 HMAC-SHA256 signatures, twice and forged.
The windows must equal what this test computes from the orders."""
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hvtest as t  # noqa: E402
import fake_pos  # noqa: E402
from connect_kiotviet import (Connector, WINDOW, converge, gtin13, items, klass, post,  # noqa: E402
                              split, windows, write_secret)


class Account:
    """One fake and what its store must show."""

    def __init__(self, fake, store, location):
        self.fake, self.store, self.location = fake, store, location
        self.next_id = 5000 if fake.kind == "sapo" else 7000
        self.now = t.now_ms()

    def order(self, minutes_ago, lines, **kw):
        """LINES: (variant id, sku, barcode on the line, quantity, price, line discount)."""
        self.next_id += 1
        oid = self.next_id
        self.fake.put_order(oid, f"#{oid}", kw.pop("location", self.location),
                            self.now - minutes_ago * 60_000,
                            [(oid * 10 + i, v, sku, bc, q, p, d)
                             for i, (v, sku, bc, q, p, d) in enumerate(lines)], **kw)
        return oid

    def code(self, li):
        """The line's code as the connector must take it."""
        if li.get("barcode"):
            return li["barcode"]
        v = self.fake.variants.get(str(li["variant_id"]))
        if v and v.get("barcode"):
            return v["barcode"]
        return li["sku"] or str(li["variant_id"])

    def expected(self):
        f = self.fake
        want = {}
        for o in list(f.orders.values()):
            if o["location_id"] != self.location or o.get("source_name") not in ("pos",):
                continue
            if o[f.t_cancel] or o["financial_status"] not in ("paid", "partially_refunded",
                                                             "refunded"):
                continue
            lines = [li for li in o["line_items"] if li["quantity"] != 0]
            gross = [math.floor(li["price"] * abs(li["quantity"]) + 0.5) - li.get("total_discount", 0)
                     for li in lines]
            own = o["total_discounts"] - sum(li.get("total_discount", 0) for li in lines)
            paid = split(gross, max(own, 0))
            win = fake_pos.parse_time(o[f.t_created]) // WINDOW * WINDOW
            for li, amount in zip(lines, paid):
                c = klass(self.code(li))
                t.add(want, (self.store, win), lines=1,
                      **{f"items_{c}": items(li["quantity"]), f"value_{c}": amount})
            t.add(want, (self.store, win), txns=1)
            by_id = {li["id"]: (li, amount) for li, amount in zip(lines, paid)}
            for r in [r for r in f.refunds.values() if r["order_id"] == o["id"]]:
                rwin = fake_pos.parse_time(r[f.t_created]) // WINDOW * WINDOW
                for ri in r["refund_line_items"]:
                    li, amount = by_id[ri["line_item_id"]]
                    q = ri["quantity"]  # the share of what was paid for the line
                    back = math.floor(amount * abs(q) / abs(li["quantity"]) + 0.5)
                    c = klass(self.code(li))
                    t.add(want, (self.store, rwin), lines=1,
                          **{f"items_{c}": -items(q), f"value_{c}": -back})
                t.add(want, (self.store, rwin), txns=1)
        return t.nonzero(want)


def expected(accounts):
    """What the ACCOUNTS' stores must show, all of them."""
    def want():
        out = {}
        for a in accounts:
            out.update(a.expected())
        return out
    return want


def config(path, d, sapo, haravan, daemons, poll, hook_port):
    text = f"""
[connect sapo-shop]
kind = sapo
base_url = {sapo.url}
secret_file = {d}/sapo.secret
ca_file = {d}/ca.pem
poll = {poll}
overlap = 30
page_size = 4
listen = 127.0.0.1:{hook_port}
webhook_secret_file = {d}/sapo.hook
branch.301 = {daemons[0].store}@{daemons[0].endpoint}
lane = 901

[connect haravan-shop]
kind = haravan
base_url = {haravan.url}
secret_file = {d}/haravan.secret
ca_file = {d}/ca.pem
poll = {poll}
overlap = 30
page_size = 3
listen = 127.0.0.1:{hook_port}
webhook_secret_file = {d}/haravan.hook
branch.401 = {daemons[1].store}@{daemons[1].endpoint}
lane = 902
"""
    with open(path, "w") as f:
        f.write(text)


def main():
    d = t.tmpdir()
    ca, cert, key = fake_pos.make_ca(d)
    sapo = fake_pos.Orders(cert, key, "sapo", "apikey123:apisecret456")
    haravan = fake_pos.Orders(cert, key, "haravan", "hrv-token-789")
    daemons = [t.Daemon(store="sapo-1", memcheck=False).start(),
               t.Daemon(store="hrv-1", memcheck=False).start()]
    write_secret(f"{d}/sapo.secret", "apikey123:apisecret456")
    write_secret(f"{d}/haravan.secret", "hrv-token-789")
    write_secret(f"{d}/sapo.hook", "sapo-app-secret")
    write_secret(f"{d}/haravan.hook", "haravan-client-secret")
    hook_port = t.free_port()
    cfg, state = f"{d}/connect.conf", f"{d}/state"
    os.mkdir(state)
    config(cfg, d, sapo, haravan, daemons, 1, hook_port)
    sa, ha = Account(sapo, "sapo-1", 301), Account(haravan, "hrv-1", 401)
    both = expected([sa, ha])
    vn, cn, th = gtin13("893604590011"), gtin13("690123450012"), gtin13("885000100013")

    # Sapo: barcodes come from the variants (one has none: its SKU counts).
    sapo.put_variant(11, vn, "SKU-VN")
    sapo.put_variant(12, cn, "SKU-CN")
    sapo.put_variant(13, "", "SKU-NOBAR")
    for i in range(10):
        ls = [(11, "SKU-VN", None, 1 + i % 2, 15000, 0), (12, "SKU-CN", None, 1, 42000, 2000 * (i % 2))]
        if i % 3 == 0:
            ls.append((13, "SKU-NOBAR", None, 0.35 + i / 100, 60000, 0))   # weighed, no barcode
        if i % 4 == 0:
            ls.append((14, "SKU-GONE", None, 2, 5000, 0))                  # variant not found: SKU
        sa.order(80 - i, ls, discounts=2500 if i % 5 == 0 else 0)
    pending = sa.order(60, [(11, "SKU-VN", None, 1, 15000, 0)], financial="pending")
    sa.order(59, [(11, "SKU-VN", None, 3, 15000, 0)], cancelled_ms=t.now_ms())
    # Haravan: barcodes on the lines; web orders are not this shop's till.
    for i in range(8):
        ls = [(21, "H-VN", vn, 2, 11000, 0), (22, "H-TH", th, 1, 27000, 1000 * (i % 3))]
        if i % 2 == 0:
            ls.append((23, "H-LOOSE", None, 1.25, 32000, 0))
        ha.order(70 - i, ls, discounts=999 if i % 3 == 0 else 0)
    ha.order(50, [(21, "H-VN", vn, 9, 11000, 0)], source="web")
    ha.order(49, [(21, "H-VN", vn, 1, 11000, 0)], location=499)   # another location: unmapped

    conn = Connector(cfg, state).start()
    converge(both, daemons, "both accounts' paid orders are counted, page after page")
    q = sapo.gets("/admin/orders.json")
    t.ok(q and all(x[2].get("status") == "any" and "modified_on_min" in x[2] and
                   x[2].get("limit") == "4" for x in q), "Sapo is asked for every order since its cursor")
    q = haravan.gets("/com/orders.json")
    t.ok(q and all("updated_at_min" in x[2] and x[2].get("limit") == "3" for x in q),
         "Haravan is asked by updated_at_min")
    t.ok(any(x[1].startswith("/admin/variants/") for x in sapo.requests),
         "Sapo's variants are asked for their barcodes")

    # Refunds, a late payment, a cancel after counting.
    first_sapo = sorted(sapo.orders)[1]
    first_hrv = sorted(haravan.orders)[0]
    o = sapo.orders[first_sapo]
    sapo.put_refund(88001, first_sapo, t.now_ms(), [(o["line_items"][0]["id"], 1)])
    o = haravan.orders[first_hrv]
    haravan.put_refund(99001, first_hrv, t.now_ms(),
                       [(o["line_items"][1]["id"], 1), (o["line_items"][2]["id"], 0.5)])
    p = sapo.orders[pending]
    p["financial_status"], p["modified_on"], p["_changed"] = "paid", fake_pos.iso_time(t.now_ms()), t.now_ms()
    haravan.cancel_order(sorted(haravan.orders)[3], t.now_ms())
    converge(both, daemons, "refunds are returns of their own; a late payment and a cancel count")

    # One account failing never holds up the other.
    sapo.faults.add("/admin/orders.json", *["500"] * 60)
    sa.order(20, [(11, "SKU-VN", None, 1, 15000, 0)])
    ha.order(20, [(21, "H-VN", vn, 4, 11000, 0)])
    deadline = time.time() + 30
    while time.time() < deadline and windows(daemons[1:]) != ha.expected():
        time.sleep(0.5)
    t.ok(windows(daemons[1:]) == ha.expected(), "Haravan's account goes on while Sapo's fails")
    t.ok(windows(daemons[:1]) != sa.expected(), "(Sapo's new order is not counted yet)")
    sapo.faults.queue.clear()
    converge(both, daemons, "Sapo's account catches up once its API answers again")

    # A server that hands the first page for every page: the connector
    # does not read it forever, and catches up once the server mends.
    sapo.ignore_page = True
    for k in range(6):
        sa.order(15 - k, [(11, "SKU-VN", None, 1 + k, 15000, 0)])
    deadline = time.time() + 30
    while time.time() < deadline and "holds only records read already" not in conn.text():
        time.sleep(0.5)
    t.ok("holds only records read already" in conn.text(),
         "a page handed again ends the list for that poll, said in the log")
    sapo.ignore_page = False
    converge(both, daemons, "and the orders past it are counted once the pages are right")

    # A daemon killed; orders go on; it comes back.
    daemons[1].kill()
    for k in range(3):
        ha.order(10 - k, [(22, "H-TH", th, 1, 27000, 0)])
    time.sleep(8)
    daemons[1].start()
    converge(both, daemons, "a daemon killed and restarted: its orders arrive once")

    # Webhooks: the connector now polls only when prompted.
    conn.kill()
    config(cfg, d, sapo, haravan, daemons, 3600, hook_port)
    polls = Connector(cfg, state).text().count("poll done") if os.path.exists(conn.log) else 0
    conn = Connector(cfg, state).start()
    converge(both, daemons, "the restarted connector resumes")
    deadline = time.time() + 30
    while time.time() < deadline and conn.text().count("poll done") < polls + 2:
        time.sleep(0.2)  # both accounts' first polls are over: now only webhooks prompt
    new = ha.order(2, [(21, "H-VN", vn, 1, 11000, 0)])
    body = ('{"id":%d,"name":"#%d","financial_status":"paid"}' % (new, new)).encode()
    bad = {"X-Haravan-Hmac-Sha256": fake_pos.shopify_signature("not-the-secret", body),
           "X-Haravan-Topic": "orders/create"}
    good = {"X-Haravan-Hmac-Sha256": fake_pos.shopify_signature("haravan-client-secret", body),
            "X-Haravan-Topic": "orders/create"}
    status, secs = post(f"http://127.0.0.1:{hook_port}/hooks/haravan-shop", body, bad)
    t.ok(status == 200 and secs < 5, "a forged webhook is answered 200 at once")
    time.sleep(3)
    t.ok(windows(daemons[1:]) != ha.expected(), "a forged webhook prompts nothing")
    post(f"http://127.0.0.1:{hook_port}/hooks/sapo-shop", body, {
        "X-Sapo-Hmac-Sha256": fake_pos.shopify_signature("haravan-client-secret", body)})
    time.sleep(2)
    t.ok(windows(daemons[1:]) != ha.expected(),
         "a webhook signed with another account's secret prompts nothing")
    for _ in range(2):
        status, _ = post(f"http://127.0.0.1:{hook_port}/hooks/haravan-shop", body, good)
    converge(both, daemons, "a verified webhook, delivered twice, prompts one count", 30)
    sa.order(1, [(12, "SKU-CN", None, 2, 42000, 0)])
    body = b'{"id":1}'
    post(f"http://127.0.0.1:{hook_port}/hooks/sapo-shop", body,
         {"X-Sapo-Hmac-Sha256": fake_pos.shopify_signature("sapo-app-secret", body),
          "X-Sapo-Topic": "orders/update"})
    converge(both, daemons, "Sapo's verified webhook (orders/update) prompts its poll", 30)

    auth = [h.get("Authorization", "") for _, _, _, h in sapo.requests]
    t.ok(all(a.startswith("Basic ") for a in auth), "Sapo is called with HTTP Basic (key:secret)")
    auth = [h.get("Authorization", "") for _, _, _, h in haravan.requests]
    t.ok(all(a == "Bearer hrv-token-789" for a in auth), "Haravan is called with its Bearer token")
    kept = b""
    for root, _, files in os.walk(state):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                kept += fh.read()
    t.ok(b"0912345678" not in kept and "Khách".encode() not in kept,
         "no customer's phone or name is kept")
    t.ok(b"apisecret456" not in kept and b"hrv-token-789" not in kept and
         b"client-secret" not in kept, "no secret is kept or logged")
    conn.kill(15)
    for dm in daemons:
        dm.stop()
    sapo.close()
    haravan.close()
    t.done()


if __name__ == "__main__":
    main()
