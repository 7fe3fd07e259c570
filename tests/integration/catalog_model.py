"""catalog_model -- the test's own reading of the sample catalog and of the
classification rules (DESIGN.md), to compute what a tag must be without
asking hangviet: a small independent model, used by the counting tests."""
import csv
import datetime
import os
import random

from hvtest import SRCDIR

PROVINCE = "thai-nguyen"


def check_digit(body):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def load(today=None):
    """{gtin: (class, ocop_counts, local, category)} for the sample catalog."""
    today = today or datetime.date.today().isoformat()
    out = {}
    with open(os.path.join(SRCDIR, "data/sample-catalog.csv"), encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for r in rows:
            gtin = r["gtin"]
            if gtin.startswith("2"):
                continue  # in-store codes: kept out of the random pool
            cls = "dom" if r["made_in"] == "VN" else "imp"
            ocop = int(r["ocop"] or 0) > 0 and (not r["ocop_until"] or today <= r["ocop_until"])
            local = r["province"].lower() == PROVINCE
            out[gtin] = (cls, ocop, local, r["category"])
    return out


def prefix_codes(rng, n):
    """N made-up codes known only by prefix: {code: (class, False, False, "")}."""
    out = {}
    for prefix, cls in (("893", "dom"), ("885", "imp"), ("690", "imp"), ("978", "unk"),
                        ("450", "imp"), ("952", "unk")):
        for _ in range(n):
            body = prefix + "%09d" % rng.randrange(10 ** 9)
            out[body + check_digit(body)] = (cls, False, False, "")
    return out


def pool(seed=1):
    """Codes to scan with what each must count as, and a unit price each."""
    rng = random.Random(seed)
    codes = load()
    codes.update(prefix_codes(rng, 20))
    prices = {c: rng.randrange(5, 500) * 1000 for c in codes}
    return codes, prices
