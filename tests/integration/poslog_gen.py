"""poslog_gen -- ARTS POSLog files in the shapes real back offices write
(NCR's ACS among them), and what each must count, computed here from the
line specs the file is written from: never by asking hangviet.

A Sale is a list of item lines (Item) plus the lines that are not items
(tenders, taxes, loyalty, vendor lines). expected() gives the counters a
sale leaves on its lane, summed over windows, by the rules of
doc/protocol.md ("Counting", "POSLog")."""
import random
from xml.sax.saxutils import escape

ARTS = "http://www.nrf-arts.org/IXRetail/namespace/"
ACS = "http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1"


class Item:
    """One LineItem with a Sale or Return.

    kind: "sale", "return" (a Return element), "negative" (a Sale with a
    negative quantity and no void flag: a return too), "voided" (VoidFlag,
    positive: scanned then voided), "ncr_void" (VoidFlag, negative: takes
    back the most recent earlier sale of CODE and AMOUNT)."""

    def __init__(self, seq, code, qty, amount, kind="sale", weight=None, decimals=False,
                 ident="ItemID", weight_attr=False):
        self.seq, self.code, self.qty, self.amount = seq, code, qty, amount
        self.kind, self.weight, self.decimals, self.ident = kind, weight, decimals, ident
        self.weight_attr = weight_attr

    def xml(self, p, vendor):
        void = ' VoidFlag="true"' if self.kind in ("voided", "ncr_void") else ""
        body = "Return" if self.kind == "return" else "Sale"
        sign = -1 if self.kind in ("negative", "ncr_void") else 1
        if self.weight is not None:
            qty = "%.3f" % (sign * self.weight)
        else:
            qty = str(sign * self.qty)
        amount = sign * self.amount
        amount = "%d.00" % amount if self.decimals else str(amount)
        ident = (f"<{p}ItemID>{escape(self.code)}</{p}ItemID>" if self.ident == "ItemID" else
                 f"<{p}POSIdentity POSIDType=\"GTIN\"><{p}POSItemID>{escape(self.code)}"
                 f"</{p}POSItemID></{p}POSIdentity>")
        wattr = ' acs:weightItem="true"' if self.weight_attr and vendor else (
            ' weightItem="true"' if self.weight_attr else "")
        extra = (f"<acs:ItemSold acs:Department=\"12\"/>" if vendor else
                 f"<{p}Description>item</{p}Description>")
        return (f"<{p}LineItem EntryMethod=\"Scanned\"{void}>"
                f"<{p}SequenceNumber>{self.seq}</{p}SequenceNumber>"
                f"<{p}{body} ItemType=\"Stock\">{ident}{extra}"
                f"<{p}RegularSalesUnitPrice>{self.amount}</{p}RegularSalesUnitPrice>"
                f"<{p}ExtendedAmount>{amount}</{p}ExtendedAmount>"
                f"<{p}Quantity Units=\"1\"{wattr}>{qty}</{p}Quantity>"
                f"</{p}{body}></{p}LineItem>")


def not_items(p, vendor, total, seq):
    """Tender, tax, loyalty and vendor lines: none of them is an item."""
    lines = [f"<{p}LineItem><{p}SequenceNumber>{seq}</{p}SequenceNumber>"
             f"<{p}Tax TaxType=\"VAT\"><{p}Amount>{total // 11}</{p}Amount></{p}Tax></{p}LineItem>",
             f"<{p}LineItem><{p}SequenceNumber>{seq + 1}</{p}SequenceNumber>"
             f"<{p}LoyaltyReward><{p}PointsAwarded>{total // 10000}</{p}PointsAwarded>"
             f"</{p}LoyaltyReward></{p}LineItem>",
             f"<{p}LineItem><{p}SequenceNumber>{seq + 2}</{p}SequenceNumber>"
             f"<{p}Tender TenderType=\"Cash\"><{p}Amount>{total}</{p}Amount></{p}Tender>"
             f"</{p}LineItem>"]
    if vendor:
        lines.append(f"<{p}LineItem><acs:Signature>scribble</acs:Signature></{p}LineItem>")
    return "".join(lines)


class Txn:
    """One Transaction: a sale (items), or another kind (control)."""

    def __init__(self, store, ws, seq, day, items=(), kind="sale", cancelled=False,
                 currency="VND", training=False, status="Finished", bad=None):
        self.store, self.ws, self.seq, self.day = store, ws, seq, day
        self.items, self.kind, self.cancelled = list(items), kind, cancelled
        self.currency, self.training, self.status, self.bad = currency, training, status, bad

    def xml(self, p, vendor):
        head = (f"<{p}RetailStoreID>{self.store}</{p}RetailStoreID>"
                f"<{p}WorkstationID>{self.ws}</{p}WorkstationID>"
                f"<{p}SequenceNumber>{self.seq}</{p}SequenceNumber>"
                f"<{p}BusinessDayDate>{self.day}</{p}BusinessDayDate>"
                f"<{p}BeginDateTime>{self.day}T09:15:00+07:00</{p}BeginDateTime>"
                f"<{p}EndDateTime>{self.day}T09:17:30+07:00</{p}EndDateTime>"
                f"<{p}OperatorID>17</{p}OperatorID>")
        flags = ' CancelFlag="true"' if self.cancelled else ""
        flags += ' TrainingModeFlag="true"' if self.training else ""
        if self.kind == "control":
            return (f"<{p}Transaction>{head}<{p}ControlTransaction Version=\"2\">"
                    f"<{p}OperatorSignOn/></{p}ControlTransaction></{p}Transaction>")
        total = sum(i.amount for i in self.items)
        lines = "".join(i.xml(p, vendor) for i in self.items)
        if self.bad is not None:
            lines = lines.replace(*self.bad, 1)
        status = "Cancelled" if self.cancelled else self.status
        return (f"<{p}Transaction{flags}>{head}<{p}CurrencyCode>{self.currency}</{p}CurrencyCode>"
                f"<{p}RetailTransaction Version=\"2.2\" TransactionStatus=\"{status}\">"
                f"{lines}{not_items(p, vendor, total, 900)}"
                f"<{p}Total TotalType=\"TransactionGrandAmount\">{total}</{p}Total>"
                f"</{p}RetailTransaction>"
                + (f"<acs:TransactionExtension acs:Till=\"{self.ws}\"/>" if vendor else "")
                + f"</{p}Transaction>")

    def counted(self):
        """Whether the daemon must count this transaction at all."""
        return (self.kind == "sale" and not self.training and self.currency == "VND"
                and self.status != "Suspended" and self.bad is None)

    def expected(self, classes):
        """{counter: value} this transaction leaves on its lane. CLASSES:
        {code: (cls, ocop, local, category)} ("dom", "imp", "unk")."""
        out = {}
        if not self.counted():
            return out

        def add(**d):
            for k, v in d.items():
                out[k] = out.get(k, 0) + v

        counted = []  # [item, still counted]
        for it in self.items:
            if it.kind == "ncr_void":
                for entry in reversed(counted):
                    e = entry[0]
                    if entry[1] and e.code == it.code and e.amount == it.amount and \
                            e.kind in ("sale", "voided"):
                        entry[1] = False
                        break
                add(voids=1)
                continue
            counted.append([it, it.kind != "voided"])
            if it.kind == "voided":
                add(voids=1)
        for it, live in counted:
            if not live:
                continue
            sign = -1 if it.kind in ("return", "negative") else 1
            units = 1 if it.weight is not None or it.weight_attr else it.qty
            cls, ocop, local, _ = classes.get(it.code, ("unk", False, False, ""))
            q, a = sign * units, sign * it.amount
            add(**{f"items_{cls}": q, f"value_{cls}": a, "lines": 1})
            if ocop:
                add(items_ocop=q, value_ocop=a)
            if local:
                add(items_local=q, value_local=a)
        if self.cancelled:
            return {"voids": out["voids"]} if out.get("voids") else {}
        add(txns=1)
        return out


def document(txns, namespaced=True, vendor=True):
    """A POSLog file of TXNS: with the ARTS default namespace or none, with
    NCR's acs: vendor namespace or not."""
    p = ""
    decl = f' xmlns="{ARTS}"' if namespaced else ""
    if vendor:
        decl += f' xmlns:acs="{ACS}"'
    body = "".join(t.xml(p, vendor) for t in txns)
    return f'<?xml version="1.0" encoding="UTF-8"?><POSLog{decl} MajorVersion="6">{body}</POSLog>'


def add_counts(total, delta):
    for k, v in delta.items():
        total[k] = total.get(k, 0) + v
    return total


def random_sale(rng, codes, prices, store, ws, seq, day, lines=(4, 12)):
    """A sale of LINES (4-12) lines with now and then a flagged void, an
    NCR void of an earlier line, a weighed item, a return or a cancel."""
    items = []
    n = rng.randint(*lines)
    for s in range(1, n + 1):
        code = rng.choice(codes)
        r = rng.random()
        if r < 0.06:
            items.append(Item(s, code, 1, prices[code], kind="voided"))
        elif r < 0.12 and items and items[-1].kind == "sale" and items[-1].weight is None:
            prev = items[-1]
            items.append(Item(s, prev.code, prev.qty, prev.amount, kind="ncr_void"))
        elif r < 0.18:
            w = rng.randint(100, 2500) / 1000
            items.append(Item(s, code, 1, int(prices[code] * w), weight=w))
        elif r < 0.21:
            items.append(Item(s, code, 1, prices[code], kind="return"))
        else:
            q = rng.randint(1, 3)
            items.append(Item(s, code, q, q * prices[code], decimals=rng.random() < 0.5,
                              ident="ItemID" if s % 2 else "POSIdentity"))
    return Txn(store, ws, seq, day, items, cancelled=rng.random() < 0.03)


def _check_digit(body):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def write_day(path, store, megabytes, seed=7):
    """A busy store's day as one POSLog file of about MEGABYTES MB: random
    sales on 8 lanes (with NCR's vendor namespace), a control transaction
    every 50. Returns (transactions, events the bridge must send: scans,
    voids, ends and cancels)."""
    rng = random.Random(seed)
    codes = []
    for i in range(0, 200000, 97):  # in the benchmark's million-product catalog
        body = "893%09d" % i
        codes.append(body + _check_digit(body))
    for prefix in ("885", "690", "880", "450"):
        for _ in range(200):
            body = prefix + "%09d" % rng.randrange(10 ** 9)
            codes.append(body + _check_digit(body))
    prices = {c: rng.randrange(5, 500) * 1000 for c in codes}
    limit, n, events = megabytes * 1_000_000, 0, 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<POSLog xmlns="{ARTS}" '
                f'xmlns:acs="{ACS}" MajorVersion="6">\n')
        while f.tell() < limit:
            n += 1
            if n % 50 == 0:
                t = Txn(store, 1 + n % 8, n, "2026-11-30", kind="control")
            else:
                t = random_sale(rng, codes, prices, store, 1 + n % 8, n, "2026-11-30", (2, 8))
                events += 1 + sum(2 if i.kind == "voided" else 1 for i in t.items)
            f.write(t.xml("", True))
            f.write("\n")
        f.write("</POSLog>\n")
    return n, events


if __name__ == "__main__":
    import sys
    txns, evs = write_day(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    print(f"{txns} transactions {evs} events")
