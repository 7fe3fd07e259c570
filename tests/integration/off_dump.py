"""off_dump -- lines of the Open Food Facts JSONL dump, in the shape the
nightly export has (one product a line: code, product_name, brands,
categories_tags, countries_tags, origins, manufacturing_places and its
tags, and the many fields hangviet never reads: nutriments, images,
ingredients...). The tests say what each product must give; this only
writes them.

As a program: `off_dump.py N FILE` writes N products of realistic size,
a tenth of them with one country of manufacture, for the benchmark."""
import gzip
import json
import random
import sys


def check_digit(body):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def gtin(body):
    return body + check_digit(body)


def product(code, name="", brands="", categories=(), sold_in=(), origins="",
            places=None, place_tags=None, **extra):
    """One product as the dump holds it. PLACES, PLACE_TAGS None: the field
    is absent; the other fields OFF always writes (empty when unknown)."""
    p = {
        "_id": str(code), "code": code, "product_name": name, "brands": brands,
        "categories_tags": list(categories), "countries_tags": list(sold_in),
        "countries": ", ".join(t.split(":")[-1] for t in sold_in),
        "origins": origins, "origins_tags": [o.strip().lower() for o in origins.split(",") if o],
        "lang": "en", "created_t": 1600000000, "last_modified_t": 1700000000,
        "nutriments": {"energy-kcal_100g": 42, "fat_100g": 1.5, "sugars_100g": 10.2,
                       "salt_100g": 0.3, "proteins_100g": 2.1},
        "nutriscore_grade": "c", "nova_group": 4,
        "ingredients_text": "water, sugar, tea extract, citric acid, flavouring",
        "image_url": f"https://images.openfoodfacts.org/images/products/{code}/front_en.3.400.jpg",
        "quantity": "500 ml", "packaging_tags": ["en:plastic", "en:bottle"],
        "labels_tags": ["en:green-dot"], "stores": "", "states_tags": ["en:to-be-completed"],
    }
    if places is not None:
        p["manufacturing_places"] = places
    if place_tags is not None:
        p["manufacturing_places_tags"] = list(place_tags)
    p.update(extra)
    return p


def write(path, products, extra_lines=()):
    """Write PRODUCTS (dicts, or raw strings written as they are) one a line,
    gzip-compressed when PATH ends in .gz; then EXTRA_LINES as they are."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        for p in list(products) + list(extra_lines):
            f.write((p if isinstance(p, str) else json.dumps(p, ensure_ascii=False)) + "\n")


PLACES = [["en:vietnam"], ["en:china"], ["thailand", "bangkok"], ["en:france"],
          ["en:vietnam", "en:china"], ["hanoi"]]


def bench(n, path):
    rng = random.Random(7)
    def gen():
        for i in range(n):
            code = gtin(f"{rng.choice(['893', '885', '690', '300', '400'])}{i:09d}")
            tags = rng.choice(PLACES) if rng.random() < 0.1 else []
            yield product(code, f"Product {i}", "Brand", ["en:beverages", "en:teas"],
                          ["en:vietnam", "en:france"], "", ", ".join(tags), tags)
    write(path, gen())


if __name__ == "__main__":
    bench(int(sys.argv[1]), sys.argv[2])
