#!/usr/bin/env python3
"""Write data/sample-catalog.csv: the SYNTHETIC sample catalog the demo and
tests use. Brands and origins are plausible for a Vietnamese supermarket;
every GTIN is made up here (valid check digits, not real products).

Run from the top of the tree: python3 data/make-sample-catalog.py
The output is committed; the build does not run this script."""
import csv, random, sys

random.seed(2026)

def check(d):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(d)))
    return str((10 - s % 10) % 10)

def gtin(prefix, company, item):
    body = f"{prefix}{company}{item:0{12 - len(prefix) - len(company)}d}"
    return body + check(body)

rows = []
used = set()

def add(g, name, brand, made_in, brand_country, ocop=0, until="", province="", category=""):
    assert g not in used, g
    used.add(g)
    rows.append([g, name, brand, made_in, brand_country, str(ocop), until, province, category])

# Vietnamese goods, made in Vietnam by Vietnamese brands.
vn = [
    ("8934", "Vinamilk", "dairy", ["Sữa tươi tiệt trùng 1L", "Sữa chua ăn có đường", "Sữa đặc Ông Thọ",
      "Sữa tươi ít đường 180ml", "Sữa chua uống Probi", "Phô mai con bò", "Sữa bột Dielac"]),
    ("8935", "TH true MILK", "dairy", ["Sữa tươi sạch 1L", "Sữa hạt óc chó", "Bơ lạt", "Sữa chua TH"]),
    ("8936", "Chin-su", "sauce", ["Tương ớt Chin-su", "Nước tương Tam Thái Tử", "Tương cà Chin-su"]),
    ("8937", "Nam Ngư", "sauce", ["Nước mắm Nam Ngư 500ml", "Nước mắm Nam Ngư Đệ Nhị"]),
    ("8938", "Trung Nguyên", "coffee", ["Cà phê G7 3in1", "Cà phê Sáng tạo 8", "Cà phê Legend", "Cà phê rang xay I"]),
    ("8939", "Vinacafé", "coffee", ["Vinacafé Gold Original", "Wake-up Sài Gòn"]),
    ("8931", "Vifon", "noodles", ["Phở bò Vifon", "Mì Hoàng Gia", "Bún bò Huế ăn liền", "Hủ tiếu Nam Vang"]),
    ("8932", "Bibica", "snacks", ["Bánh Hura", "Kẹo sữa Bibica", "Bánh trung thu Bibica"]),
    ("8933", "Hải Hà", "snacks", ["Bánh, kẹo Hải Hà", "Kẹo Chew Hải Hà", "Kẹo dừa Hải Hà"]),
    ("89351", "Bia Saigon", "beer", ["Bia Saigon Special", "Bia Saigon Lager", "Bia 333"]),
    ("89352", "Bia Hà Nội", "beer", ["Bia Hà Nội lon", "Bia Trúc Bạch"]),
    ("89353", "Tân Hiệp Phát", "beverages", ["Trà xanh Không Độ", "Nước tăng lực Number 1", "Trà thanh nhiệt Dr Thanh"]),
    ("89354", "Cholimex", "sauce", ["Tương ớt Cholimex", "Nước chấm Cholimex", "Sốt ướp thịt nướng"]),
    ("89355", "Kinh Đô", "snacks", ["Bánh quy Cosy", "Bánh AFC", "Bánh Solite"]),
    ("89356", "Lix", "household", ["Bột giặt Lix", "Nước rửa chén Lix", "Nước lau sàn Lix"]),
    ("89357", "Thorakao", "care", ["Kem dưỡng da Thorakao", "Dầu gội bồ kết Thorakao"]),
    ("89358", "Thiên Long", "stationery", ["Bút bi Thiên Long", "Bút lông bảng", "Tập học sinh"]),
    ("89359", "Vissan", "meat", ["Xúc xích Vissan", "Lạp xưởng Vissan", "Chả giò Vissan", "Đồ hộp heo hai lát"]),
    ("89361", "Sài Gòn Food", "frozen", ["Há cảo tôm", "Chả giò rế", "Cháo tươi Cây Thị"]),
    ("89362", "Hảo Hạng", "rice", ["Gạo thơm Jasmine 5kg", "Gạo Nàng Hoa 5kg"]),
]
for company, (_, brand, cat, names) in enumerate(vn):
    for i, name in enumerate(names):
        add(gtin("893", f"1{company:03d}", i + 1), name, brand, "VN", "VN", category=cat)

# Made in Vietnam by foreign-owned brands: domestic goods, not a Vietnamese brand.
foreign_made_here = [
    ("8936", "Acecook", "JP", "noodles", ["Mì Hảo Hảo tôm chua cay", "Phở Đệ Nhất", "Miến Phú Hương"]),
    ("8937", "Unilever", "GB", "household", ["Nước giặt OMO", "Nước rửa chén Sunlight", "Dầu gội Sunsilk"]),
    ("8938", "Nestlé", "CH", "beverages", ["Milo hộp 180ml", "Nescafé 3in1"]),
    ("8939", "Suntory PepsiCo", "US", "beverages", ["Pepsi lon", "Trà Ô Long Tea+", "Aquafina 500ml"]),
]
for company, (_, brand, country, cat, names) in enumerate(foreign_made_here):
    for i, name in enumerate(names):
        add(gtin("893", f"2{company:03d}", i + 1), name, brand, "VN", country, category=cat)

# Vietnamese brands made abroad (hàng thương hiệu Việt): 893 prefix, imported.
for i, (name, brand, made, cat) in enumerate([
        ("Nồi cơm điện Sunhouse", "Sunhouse", "CN", "appliances"),
        ("Quạt điện Sunhouse", "Sunhouse", "CN", "appliances"),
        ("Bình giữ nhiệt Lock&Lock Việt", "Sunhouse", "CN", "household"),
        ("Ấm siêu tốc Kangaroo", "Kangaroo", "CN", "appliances"),
        ("Máy lọc nước Kangaroo", "Kangaroo", "CN", "appliances"),
        ("Bánh quy bơ Richy", "Richy", "MY", "snacks"),
        ("Cà phê hòa tan Trung Nguyên (đóng gói Thái Lan)", "Trung Nguyên", "TH", "coffee")]):
    add(gtin("893", "77777", i + 1), name, brand, made, "VN", category=cat)

# OCOP products. Thái Nguyên tea first: stars and certificate end dates,
# some of them already lapsed (before 2026-11-26).
tea = [
    ("Trà Tân Cương Hoàng Bình", "HTX chè Tân Cương", 5, "2028-03-31"),
    ("Chè móc câu Tân Cương", "HTX chè Hảo Đạt", 4, "2027-09-30"),
    ("Trà đinh La Bằng", "HTX chè La Bằng", 4, "2026-06-30"),
    ("Chè búp Trại Cài", "HTX Trại Cài", 3, "2027-12-31"),
    ("Trà xanh Khe Cốc", "HTX Khe Cốc", 4, "2025-12-31"),
    ("Chè nõn tôm Phúc Trìu", "HTX Phúc Trìu", 3, "2028-08-15"),
    ("Trà Thái Nguyên túi lọc", "HTX chè Tân Cương", 3, "2027-01-31"),
    ("Chè đặc sản Sông Cầu", "HTX Sông Cầu", 5, "2029-02-28"),
]
for i, (name, brand, stars, until) in enumerate(tea):
    add(gtin("893", "60001", i + 1), name, brand, "VN", "VN", stars, until, "thai-nguyen", "tea")
other_ocop = [
    ("Miến dong Việt Cường", "HTX Việt Cường", 4, "2027-05-31", "thai-nguyen", "noodles"),
    ("Gạo nếp vải Phú Bình", "HTX Phú Bình", 3, "2027-10-31", "thai-nguyen", "rice"),
    ("Bánh chưng Bờ Đậu", "Cơ sở Bờ Đậu", 3, "2026-02-28", "thai-nguyen", "snacks"),
    ("Nước mắm Phú Quốc", "Khải Hoàn", 5, "2028-06-30", "an-giang", "sauce"),
    ("Gạo ST25 Sóc Trăng", "Hồ Quang Trí", 5, "2028-12-31", "can-tho", "rice"),
    ("Mật ong bạc hà Hà Giang", "HTX Mật ong Mèo Vạc", 4, "2027-04-30", "tuyen-quang", "honey"),
    ("Nước mắm Cát Hải", "HTX Cát Hải", 4, "2026-09-30", "hai-phong", "sauce"),
    ("Cà phê Buôn Ma Thuột", "Công ty Cà phê Buôn Ma Thuột", 4, "2028-01-31", "dak-lak", "coffee"),
    ("Bánh đa Kế", "Làng nghề Kế", 3, "2027-07-31", "bac-ninh", "snacks"),
    ("Vải thiều Lục Ngạn sấy", "HTX Lục Ngạn", 3, "2027-06-30", "bac-ninh", "fruit"),
]
for i, (name, brand, stars, until, prov, cat) in enumerate(other_ocop):
    add(gtin("893", "60002", i + 1), name, brand, "VN", "VN", stars, until, prov, cat)

# Imports from the usual sources.
imports = [
    ("885", "TH", [("Snack Lay's Thái", "Lay's", "snacks"), ("Nước tăng lực Red Bull Thái", "Red Bull", "beverages"),
                   ("Bánh Tipo", "Tipo", "snacks"), ("Nước cốt dừa Chaokoh", "Chaokoh", "sauce"),
                   ("Dầu hào Maggi Thái", "Maggi", "sauce"), ("Sữa đậu nành Lactasoy", "Lactasoy", "dairy"),
                   ("Kẹo dẻo Jelly Thái", "Jelly", "snacks"), ("Mì Mama", "Mama", "noodles"),
                   ("Nước giặt Essence", "Essence", "household"), ("Nước mắm Tiparos", "Tiparos", "sauce")]),
    ("690", "CN", [("Nồi chiên không dầu", "Xiaomi", "appliances"), ("Pin AA", "Nanfu", "household"),
                   ("Ổ cắm điện", "Bull", "household"), ("Bàn chải điện", "Xiaomi", "care"),
                   ("Táo Fuji Trung Quốc", "", "fruit"), ("Tỏi Trung Quốc", "", "vegetables"),
                   ("Bánh quy Oreo Trung Quốc", "Oreo", "snacks"), ("Mì cay Samyang TQ", "Samyang", "noodles")]),
    ("880", "KR", [("Mì Shin Ramyun", "Nongshim", "noodles"), ("Kim chi Jongga", "Jongga", "frozen"),
                   ("Nước gạo Woongjin", "Woongjin", "beverages"), ("Bánh Choco Pie Hàn", "Orion", "snacks"),
                   ("Soju Chamisul", "Jinro", "beer"), ("Mì tương đen Chapagetti", "Nongshim", "noodles")]),
    ("490", "JP", [("Bột ngọt Ajinomoto Nhật", "Ajinomoto", "sauce"), ("Bánh Pocky", "Glico", "snacks"),
                   ("Trà xanh Ito En", "Ito En", "beverages"), ("Nước tương Kikkoman", "Kikkoman", "sauce"),
                   ("Dầu gội Tsubaki", "Shiseido", "care")]),
    ("955", "MY", [("Cà phê Old Town", "Old Town", "coffee"), ("Bánh Julie's", "Julie's", "snacks"),
                   ("Milo Malaysia", "Nestlé", "beverages")]),
    ("899", "ID", [("Mì Indomie", "Indomie", "noodles"), ("Bánh Good Time", "Good Time", "snacks"),
                   ("Kẹo Kopiko", "Mayora", "snacks")]),
    ("036", "US", [("Khăn giấy Kleenex", "Kleenex", "household"), ("Ngũ cốc Kellogg's", "Kellogg's", "snacks"),
                   ("Hạnh nhân Blue Diamond", "Blue Diamond", "snacks")]),
    ("301", "FR", [("Phô mai Président", "Président", "dairy"), ("Rượu vang Bordeaux", "Château", "beer"),
                   ("Nước khoáng Evian", "Evian", "beverages")]),
    ("400", "DE", [("Bia Heineken Đức", "Heineken", "beer"), ("Kem đánh răng Elmex", "Elmex", "care"),
                   ("Bút Stabilo", "Stabilo", "stationery")]),
    ("930", "AU", [("Sữa tươi Devondale", "Devondale", "dairy"), ("Thịt bò Úc đông lạnh", "", "meat"),
                   ("Táo Envy Úc", "", "fruit")]),
]
for prefix, country, items in imports:
    for i, (name, brand, cat) in enumerate(items):
        add(gtin(prefix, "42", i + 1), name, brand, country, country, category=cat)

# An import the catalog corrects: a Thai-registered brand made in Vietnam.
body = "885" + "9900000001"[:9]
add(body + check(body), "Nước tăng lực Red Bull (sản xuất tại Bình Dương)", "Red Bull", "VN", "TH",
    category="beverages")

# Weighed and in-store produce: item references under restricted prefixes
# (value digits zero), for the demo's layouts 21 = price PPPPPPVVVVVV and
# 28 = weight PPPPPPCVVVVV 3.
produce = [
    ("Thịt heo ba chỉ", "VN", "meat", "thai-nguyen"), ("Thịt bò thăn", "VN", "meat", ""),
    ("Cá basa phi lê", "VN", "meat", "an-giang"), ("Rau muống", "VN", "vegetables", "thai-nguyen"),
    ("Cải ngọt", "VN", "vegetables", "thai-nguyen"), ("Cà chua Đà Lạt", "VN", "vegetables", "lam-dong"),
    ("Chuối tiêu", "VN", "fruit", "thai-nguyen"), ("Xoài cát Hòa Lộc", "VN", "fruit", "dong-thap"),
    ("Nho xanh Úc", "AU", "fruit", ""), ("Cam Mỹ", "US", "fruit", ""), ("Táo Gala New Zealand", "NZ", "fruit", ""),
    ("Lê Hàn Quốc", "KR", "fruit", ""),
]
for i, (name, made, cat, prov) in enumerate(produce):
    body = "21" + f"{i + 1:04d}" + "000000"
    add(body + check(body), name, "", made, "", 0, "", prov, cat)
    body = "28" + f"{i + 1:04d}" + "0" + "00000"
    add(body + check(body), name + " (cân)", "", made, "", 0, "", prov, cat)
for i, (name, cat) in enumerate([("Bánh mì que", "bakery"), ("Bánh bông lan", "bakery"),
                                   ("Xôi gấc", "bakery"), ("Chả lụa cắt lát", "meat")]):
    body = "2001" + f"{i + 1:03d}"
    add(body + check(body), name, "", "VN", "VN", 0, "", "thai-nguyen", cat)

# Fill to a few hundred with further Vietnamese and imported lines.
extra_vn = ["Nước suối", "Bánh tráng", "Bún khô", "Hạt điều rang muối", "Đậu phộng da cá", "Mứt gừng",
            "Tương bần", "Dưa cải chua", "Bột chiên giòn", "Hạt nêm", "Dầu ăn", "Giấy vệ sinh", "Khăn ướt",
            "Nước rửa tay", "Kem đánh răng", "Sữa tắm", "Bột canh", "Muối tôm", "Bánh phồng tôm", "Chè khô"]
cats = {"Nước suối": "beverages", "Giấy vệ sinh": "household", "Khăn ướt": "household",
        "Nước rửa tay": "care", "Kem đánh răng": "care", "Sữa tắm": "care", "Dầu ăn": "sauce",
        "Hạt nêm": "sauce", "Bột canh": "sauce", "Muối tôm": "sauce", "Tương bần": "sauce"}
brands = ["Sài Gòn", "Hà Nội", "Tường An", "Neptune", "Pomina", "Bảo Ngọc", "Minh Hà", "Đại Việt", "Phú Sĩ"]
n = 0
while len(rows) < 300:
    name = extra_vn[n % len(extra_vn)]
    brand = brands[n % len(brands)]
    if n % 5 == 4:
        prefix, made = random.choice([("885", "TH"), ("690", "CN"), ("880", "KR"), ("899", "ID")])
        body = prefix + "43" + f"{n:0{10 - len(prefix)}d}"
        add(body + check(body), f"{name} nhập khẩu", brand + " Import", made, made,
            category=cats.get(name, "grocery"))
    else:
        body = "893" + "88" + f"{n:07d}"
        add(body + check(body), f"{name} {brand}", brand, "VN", "VN", category=cats.get(name, "grocery"))
    n += 1

f = open("data/sample-catalog.csv", "w", newline="", encoding="utf-8")
f.write("# SYNTHETIC sample catalog for the hangviet demo and tests: made-up GTINs,\n"
        "# plausible brands and origins. Not real product data.\n"
        "# Made by data/make-sample-catalog.py.\n")
out = csv.writer(f, lineterminator="\n")
out.writerow(["gtin", "name", "brand", "made_in", "brand_country", "ocop", "ocop_until", "province", "category"])
for r in sorted(rows):
    out.writerow(r)
print(f"{len(rows)} products written", file=sys.stderr)
