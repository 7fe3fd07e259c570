"""fake_pos -- fake KiotViet, Sapo and Haravan servers for the connector's
tests, over HTTPS with a test CA made here by openssl.

Each fake serves the endpoints, parameters and field names the vendors
document (as collected in the project's reference on the POS APIs: KiotViet's
Public API; Sapo's and Haravan's Shopify-like Orders APIs), checks what a
request must carry (token, Retailer, Basic or Bearer credentials, page
sizes), and can be told to misbehave: answer 429 with Retry-After, fail with
5xx, be slow, send JSON cut short, expire or revoke tokens. Records live in
plain dicts the test edits while the connector runs.
"""
import base64
import bisect
import datetime
import hashlib
import hmac
import http.server
import json
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse

VN = datetime.timezone(datetime.timedelta(hours=7))


def make_ca(directory):
    """A CA and a server certificate for 127.0.0.1 in DIRECTORY; returns
    (ca.pem, server.pem, server.key)."""
    ca, ca_key = os.path.join(directory, "ca.pem"), os.path.join(directory, "ca.key")
    cert, key = os.path.join(directory, "server.pem"), os.path.join(directory, "server.key")
    csr, ext = os.path.join(directory, "server.csr"), os.path.join(directory, "ext")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)
    run("req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2",
        "-subj", "/CN=hangviet test CA")
    run("req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
        "-out", cert, "-days", "2", "-extfile", ext)
    return ca, cert, key


def kv_time(ms):
    """KiotViet's times: local (Vietnam), no zone, seven decimals (.NET)."""
    t = datetime.datetime.fromtimestamp(ms / 1000, VN)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0"


def iso_time(ms):
    """Sapo's and Haravan's: ISO 8601 with the zone."""
    return datetime.datetime.fromtimestamp(ms / 1000, VN).isoformat(timespec="milliseconds")


def parse_time(text, zone=VN):
    """A query's time: ISO 8601, local (ZONE) when it has no zone."""
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=zone)
    return int(t.timestamp() * 1000)


class Faults:
    """What the next requests to a path suffer: a list of 'kind' strings
    taken one per request ('429', '500', '503', 'slow', 'cut', 'drop')."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queue = {}
        self.log = []  # (path, fault) as served

    def add(self, path, *kinds):
        with self.lock:
            self.queue.setdefault(path, []).extend(kinds)

    def take(self, path):
        with self.lock:
            q = self.queue.get(path)
            kind = q.pop(0) if q else None
            if kind:
                self.log.append((path, kind))
            return kind


class Fake:
    """An HTTPS server on a free loopback port; subclasses route requests."""

    def __init__(self, cert, key):
        self.faults = Faults()
        self.lock = threading.RLock()
        self.requests = []  # (method, path, query dict, headers dict)
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def setup(self):
                super().setup()
                # As web servers do: headers and body are separate writes,
                # which Nagle would hold for the client's delayed ACK.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()

    def _serve(self, h, method):
        u = urllib.parse.urlsplit(h.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(u.query, keep_blank_values=True).items()}
        n = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(n) if n else b""
        with self.lock:
            self.requests.append((method, u.path, query, dict(h.headers)))
        fault = self.faults.take(u.path)
        if fault == "slow":
            time.sleep(2.5)
        if fault in ("429", "500", "503"):
            extra = {"Retry-After": "1"} if fault == "429" else {}
            return self._send(h, int(fault), {"message": "fault " + fault}, extra)
        if fault == "drop":
            h.close_connection = True
            return
        status, doc, headers = self.route(method, u.path, query, h.headers, body)
        raw = doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False).encode()
        if fault == "cut":
            raw = raw[: len(raw) // 2]
        self._send(h, status, raw, headers)

    def _send(self, h, status, doc, headers=None):
        raw = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(raw)

    def gets(self, path):
        with self.lock:
            return [r for r in self.requests if r[0] == "GET" and r[1] == path]


def page_of(records, query, key_changed, since_key, page_param, limit_param, max_limit,
            zone=VN, offset=False):
    """Records changed at or after the query's since, oldest change first
    (then by id), one page: by currentItem offset or by 1-based page."""
    since = parse_time(query[since_key], zone) if since_key in query else 0
    limit = int(query.get(limit_param, 20))
    if limit < 1 or limit > max_limit:
        return None, limit
    chosen = sorted((r for r in records if r["_changed"] >= since),
                    key=lambda r: (r["_changed"], r["id"]))
    start = int(query.get(page_param, 0)) if offset else (int(query.get(page_param, 1)) - 1) * limit
    return chosen, chosen[start:start + limit]


def public(record):
    """A record as the API shows it: without the fake's own _fields."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


class KiotViet(Fake):
    """KiotViet's Public API: /connect/token, /invoices, /returns, /products."""

    def __init__(self, cert, key, client_id, secret, retailer, token_life=86400):
        super().__init__(cert, key)
        self.client_id, self.secret, self.retailer = client_id, secret, retailer
        self.token_life = token_life
        self.tokens = {}  # token -> expiry (time.time())
        self.invoices, self.returns, self.products = {}, {}, {}
        self.issued = 0
        self.frozen = {}  # path -> (sorted change times, JSON texts): freeze()

    def freeze(self):
        """Serve the records as they stand from pre-built JSON (a benchmark's
        hundred thousand invoices), paging by bisection."""
        for path, recs in (("/invoices", self.invoices), ("/returns", self.returns),
                           ("/products", self.products)):
            ordered = sorted(recs.values(), key=lambda r: (r["_changed"], r["id"]))
            self.frozen[path] = ([r["_changed"] for r in ordered],
                                 [json.dumps(public(r), ensure_ascii=False) for r in ordered])

    def revoke_tokens(self):
        with self.lock:
            self.tokens.clear()

    def route(self, method, path, query, headers, body):
        if path == "/connect/token" and method == "POST":
            return self._token(headers, body)
        tok = (headers.get("Authorization") or "").removeprefix("Bearer ")
        with self.lock:
            live = self.tokens.get(tok, 0) > time.time()
        if not live:
            return 401, {"responseStatus": {"errorCode": "Unauthorized",
                                            "message": "token expired or invalid"}}, {}
        if headers.get("Retailer") != self.retailer:
            return 400, {"responseStatus": {"message": "Retailer is required"}}, {}
        lists = {"/invoices": self.invoices, "/returns": self.returns, "/products": self.products}
        if method != "GET" or path not in lists:
            return 404, {"responseStatus": {"message": "not found"}}, {}
        if query.get("orderBy", "modifiedDate") != "modifiedDate" or \
                query.get("orderDirection", "Asc") != "Asc":
            return 400, {"responseStatus": {"message": "bad order"}}, {}
        if path in self.frozen:
            return self._frozen_page(path, query)
        with self.lock:
            chosen, page = page_of(list(lists[path].values()), query, "_changed",
                                   "lastModifiedFrom", "currentItem", "pageSize", 100, offset=True)
            if chosen is None:
                return 400, {"responseStatus": {"message": "pageSize must be 1-100"}}, {}
            return 200, {"total": len(chosen), "pageSize": int(query.get("pageSize", 20)),
                         "data": [public(r) for r in page]}, {}

    def _frozen_page(self, path, query):
        times, texts = self.frozen[path]
        since = parse_time(query["lastModifiedFrom"]) if "lastModifiedFrom" in query else 0
        size, first = int(query.get("pageSize", 20)), bisect.bisect_left(times, since)
        start = first + int(query.get("currentItem", 0))
        raw = '{"total":%d,"pageSize":%d,"data":[%s]}' % (
            len(times) - first, size, ",".join(texts[start:start + size]))
        return 200, raw.encode(), {}

    def _token(self, headers, body):
        form = urllib.parse.parse_qs(body.decode())
        want = {"scopes": ["PublicApi.Access"], "grant_type": ["client_credentials"],
                "client_id": [self.client_id], "client_secret": [self.secret]}
        if "application/x-www-form-urlencoded" not in (headers.get("Content-Type") or "") or \
                form != want:
            return 400, {"error": "invalid_client"}, {}
        with self.lock:
            self.issued += 1
            tok = f"tok{self.issued}-" + base64.b16encode(os.urandom(8)).decode()
            self.tokens[tok] = time.time() + self.token_life
        return 200, {"access_token": tok, "expires_in": self.token_life,
                     "token_type": "Bearer"}, {}

    # -- records, as KiotViet's documentation names their fields
    def put_product(self, pid, code, barcode, changed_ms):
        with self.lock:
            self.products[pid] = {"id": pid, "code": code, "barCode": barcode,
                                  "fullName": f"Sản phẩm {code}", "unit": "cái",
                                  "modifiedDate": kv_time(changed_ms), "_changed": changed_ms}

    def put_invoice(self, inv_id, code, branch, sold_ms, lines, status=1, discount=0,
                    changed_ms=None):
        """LINES: (productId, productCode, quantity, price, line discount).
        Written now, unless CHANGED_MS says when (a sale rung up earlier
        and entered now is changed now, sold then)."""
        changed_ms = changed_ms or int(time.time() * 1000)
        details = [{"productId": p, "productCode": c, "productName": f"Hàng {c}",
                    "quantity": q, "price": price, "discount": d, "discountRatio": 0,
                    "note": "", "serialNumbers": "", "invoiceDetailTaxs": []}
                   for p, c, q, price, d in lines]
        gross = sum(round(price * q) - d for _, _, q, price, d in lines)
        with self.lock:
            self.invoices[inv_id] = {
                "id": inv_id, "code": code, "purchaseDate": kv_time(sold_ms),
                "branchId": branch, "branchName": f"Chi nhánh {branch}", "soldById": 7,
                "soldByName": "Thu ngân A", "customerId": 555, "customerCode": "KH0555",
                "customerName": "Nguyễn Văn Khách", "total": gross - discount,
                "totalPayment": gross - discount, "discount": discount, "discountRatio": 0,
                "status": status, "statusValue": {1: "Hoàn thành", 2: "Đã hủy"}.get(status, "?"),
                "createdDate": kv_time(changed_ms), "modifiedDate": kv_time(changed_ms),
                "payments": [], "invoiceDetails": details, "_changed": changed_ms}

    def cancel_invoice(self, inv_id, changed_ms):
        with self.lock:
            inv = self.invoices[inv_id]
            inv["status"], inv["statusValue"] = 2, "Đã hủy"
            inv["modifiedDate"], inv["_changed"] = kv_time(changed_ms), changed_ms

    def put_return(self, ret_id, code, invoice_id, branch, ms, lines, status=1):
        """LINES: (productId, productCode, quantity, price, subTotal)."""
        changed = int(time.time() * 1000)
        with self.lock:
            self.returns[ret_id] = {
                "id": ret_id, "code": code, "invoiceId": invoice_id, "returnDate": kv_time(ms),
                "branchId": branch, "returnTotal": sum(l[4] for l in lines), "status": status,
                "modifiedDate": kv_time(changed), "customerName": "Nguyễn Văn Khách",
                "returnDetails": [{"productId": p, "productCode": c, "quantity": q, "price": pr,
                                   "subTotal": st} for p, c, q, pr, st in lines],
                "_changed": changed}


class Orders(Fake):
    """Sapo's /admin/... or Haravan's /com/... Orders API."""

    def __init__(self, cert, key, kind, secret):
        super().__init__(cert, key)
        self.kind, self.secret = kind, secret
        self.root = "/admin" if kind == "sapo" else "/com"
        self.t_changed = "modified_on" if kind == "sapo" else "updated_at"
        self.t_created = "created_on" if kind == "sapo" else "created_at"
        self.t_cancel = "cancelled_on" if kind == "sapo" else "cancelled_at"
        self.max_limit = 250 if kind == "sapo" else 50
        self.orders, self.refunds, self.variants = {}, {}, {}
        self.ignore_page = False  # a broken server: always the first page
        self.bucket = []  # call times, for the call-limit header

    def _authorized(self, headers):
        auth = headers.get("Authorization") or ""
        if self.kind == "sapo":
            return auth == "Basic " + base64.b64encode(self.secret.encode()).decode()
        return auth == "Bearer " + self.secret

    def route(self, method, path, query, headers, body):
        if not self._authorized(headers):
            return 401, {"errors": "[API] Invalid API key or access token"}, {}
        now = time.time()
        with self.lock:
            self.bucket = [t for t in self.bucket if t > now - 20] + [now]
            used = len(self.bucket)
        limit_header = {("X-Sapo-Api-Call-Limit" if self.kind == "sapo"
                         else "X-Haravan-Api-Call-Limit"): f"{min(used, 80)}/80"}
        r = self.root
        if path == f"{r}/orders.json":
            return self._orders(query, limit_header)
        parts = path[len(r) + 1:].split("/") if path.startswith(r + "/") else []
        if len(parts) == 3 and parts[0] == "orders" and parts[2] == "refunds.json":
            with self.lock:
                refs = [public(x) for x in self.refunds.values() if str(x["order_id"]) == parts[1]]
            return 200, {"refunds": refs}, limit_header
        if len(parts) == 2 and parts[0] == "variants":
            vid = parts[1].removesuffix(".json")
            with self.lock:
                v = self.variants.get(vid)
            if v is None:
                return 404, {"errors": "Not Found"}, limit_header
            return 200, {"variant": v}, limit_header
        return 404, {"errors": "Not Found"}, limit_header

    def _orders(self, query, headers):
        since_key = "modified_on_min" if self.kind == "sapo" else "updated_at_min"
        if self.ignore_page:
            query = dict(query, page="1")
        with self.lock:
            records = list(self.orders.values())
            # By default cancelled, refunded and voided orders are left
            # out: the connector must ask for all of them.
            if query.get("status") != "any":
                records = [o for o in records if o.get(self.t_cancel) is None and
                           o["financial_status"] not in ("refunded", "voided")]
            chosen, page = page_of(records, query, "_changed", since_key, "page", "limit",
                                   self.max_limit)
            if chosen is None:
                return 422, {"errors": {"limit": ["must be at most %d" % self.max_limit]}}, headers
            return 200, {"orders": [public(o) for o in page]}, headers

    def put_variant(self, vid, barcode, sku):
        with self.lock:
            self.variants[str(vid)] = {"id": vid, "barcode": barcode, "sku": sku,
                                       "title": "Default Title"}

    def put_order(self, oid, name, location, ms, lines, financial="paid", discounts=0,
                  source="pos", changed_ms=None, cancelled_ms=None):
        """LINES: (line id, variant id, sku, barcode or None, quantity, price, line discount).
        Written now unless CHANGED_MS says otherwise."""
        changed_ms = changed_ms or int(time.time() * 1000)
        items = []
        for lid, vid, sku, barcode, q, price, d in lines:
            li = {"id": lid, "product_id": vid + 100000, "variant_id": vid, "title": f"Hàng {sku}",
                  "variant_title": None, "sku": sku, "quantity": q, "price": price}
            if self.kind == "haravan":
                li.update({"barcode": barcode, "total_discount": d, "price_original": price,
                           "price_promotion": 0})
            elif d:
                li["total_discount"] = d
            items.append(li)
        gross = sum(round(q * p) - d for _, _, _, _, q, p, d in lines)
        line_disc = sum(l[6] for l in lines)
        with self.lock:
            self.orders[oid] = {
                "id": oid, "name": name, "order_number": oid % 100000,
                "location_id": location, "user_id": 42, "source_name": source,
                self.t_created: iso_time(ms), self.t_changed: iso_time(changed_ms),
                self.t_cancel: iso_time(cancelled_ms) if cancelled_ms else None,
                "cancel_reason": "customer" if cancelled_ms else None,
                "financial_status": financial, "total_price": gross - discounts,
                "total_discounts": line_disc + discounts, "line_items": items,
                "customer": {"first_name": "Khách", "last_name": "Nguyễn",
                             "phone": "0912345678"},
                "_changed": changed_ms}

    def cancel_order(self, oid, ms):
        with self.lock:
            o = self.orders[oid]
            o[self.t_cancel], o["cancel_reason"] = iso_time(ms), "customer"
            o[self.t_changed], o["_changed"] = iso_time(ms), ms

    def put_refund(self, rid, oid, ms, lines, location=None):
        """LINES: (order line id, quantity): the goods given back."""
        with self.lock:
            o = self.orders[oid]
            by_id = {li["id"]: li for li in o["line_items"]}
            self.refunds[rid] = {
                "id": rid, "order_id": oid, self.t_created: iso_time(ms), "note": "đổi trả",
                "restock": True, "user_id": 42, "location_id": location, "transactions": [],
                "refund_line_items": [{"id": rid * 10 + i, "line_item_id": lid, "quantity": q,
                                       "line_item": by_id[lid]} for i, (lid, q) in
                                      enumerate(lines)]}
            o["financial_status"] = "partially_refunded"
            o[self.t_changed], o["_changed"] = iso_time(ms), ms


def kiotviet_signature(secret, body):
    """X-Hub-Signature as the connector reads it by default: "sha1=" and
    the hex HMAC-SHA256 of the body, keyed with the secret as registered."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def shopify_signature(secret, body):
    """X-Sapo-Hmac-Sha256 / X-Haravan-Hmac-Sha256: base64 HMAC-SHA256."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
