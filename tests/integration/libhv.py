"""libhv -- libhangviet through ctypes, exactly as its public header
declares it, for the tests that exercise the library a POS links."""
import ctypes
import os
from ctypes import CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_int, c_long, c_longlong, \
    c_size_t, c_void_p

LIB = os.environ.get("HANGVIET_LIB", os.path.join(os.getcwd(), "plugin/.libs/libhangviet.so"))
NO_AMOUNT = -(2 ** 63)
OK, SPOOLED, NO_ANSWER, REFUSED, EINVAL = 0, 1, 2, 3, -1

LOGFN = CFUNCTYPE(None, c_void_p, c_char_p)


class Reply(Structure):
    _fields_ = [("cls", c_char * 12), ("country", c_char * 3), ("basis", c_char * 8),
                ("ocop", c_int), ("local", c_int), ("vn_brand", c_int), ("dup", c_int),
                ("name", c_char * 256), ("gtin", c_char * 15), ("items", c_longlong * 3),
                ("value", c_longlong * 3), ("receipt", c_char * 128), ("err", c_char * 16),
                ("msg", c_char * 256)]

    def text(self, field):
        return getattr(self, field).decode()


class Options(Structure):
    _fields_ = [("endpoint", c_char_p), ("store", c_char_p), ("lane", c_int),
                ("timeout_ms", c_int), ("spool_path", c_char_p), ("spool_max_bytes", c_longlong),
                ("log", LOGFN), ("log_arg", c_void_p), ("server_public_key", c_char_p),
                ("client_key", c_char_p), ("insecure", c_int)]


lib = ctypes.CDLL(LIB)
lib.hangviet_open.restype = c_void_p
lib.hangviet_open.argtypes = [POINTER(Options), c_char_p, c_size_t]
lib.hangviet_close.argtypes = [POINTER(c_void_p)]
lib.hangviet_scan.argtypes = [c_void_p, c_char_p, c_int, c_char_p, c_int, c_longlong, c_char_p,
                              POINTER(Reply)]
lib.hangviet_void.argtypes = [c_void_p, c_char_p, c_int, POINTER(Reply)]
lib.hangviet_end.argtypes = [c_void_p, c_char_p, c_longlong, POINTER(Reply)]
lib.hangviet_cancel.argtypes = [c_void_p, c_char_p, POINTER(Reply)]
lib.hangviet_lookup.argtypes = [c_void_p, c_char_p, c_char_p, POINTER(Reply)]
lib.hangviet_flush.argtypes = [c_void_p, c_int]
lib.hangviet_flush.restype = c_long
lib.hangviet_spooled.argtypes = [c_void_p]
lib.hangviet_spooled.restype = c_long
lib.hangviet_version.restype = c_char_p
lib.hangviet_note.argtypes = [c_void_p]
lib.hangviet_note.restype = c_char_p


class Client:
    """One hangviet_client."""

    def __init__(self, endpoint, spool, store="st-01", lane=1, timeout_ms=0, spool_max=0,
                 server_public_key=None, client_key=None, insecure=0):
        self.logged = []
        self._logfn = LOGFN(lambda arg, line: self.logged.append(line.decode()))
        self._opt = Options(endpoint.encode(), store.encode(), lane, timeout_ms, spool.encode(),
                            spool_max, self._logfn, None,
                            server_public_key.encode() if server_public_key else None,
                            client_key.encode() if client_key else None, insecure)
        err = ctypes.create_string_buffer(256)
        self.c = lib.hangviet_open(ctypes.byref(self._opt), err, 256)
        self.error = err.value.decode()

    def scan(self, txn, line, code, qty=1, amount=NO_AMOUNT, sym=None):
        r = Reply()
        st = lib.hangviet_scan(self.c, txn.encode(), line, code.encode(), qty, amount,
                               sym.encode() if sym else None, ctypes.byref(r))
        return st, r

    def void(self, txn, line):
        r = Reply()
        return lib.hangviet_void(self.c, txn.encode(), line, ctypes.byref(r)), r

    def end(self, txn, total=NO_AMOUNT):
        r = Reply()
        return lib.hangviet_end(self.c, txn.encode(), total, ctypes.byref(r)), r

    def cancel(self, txn):
        r = Reply()
        return lib.hangviet_cancel(self.c, txn.encode(), ctypes.byref(r)), r

    def lookup(self, code, sym=None):
        r = Reply()
        return lib.hangviet_lookup(self.c, code.encode(), sym.encode() if sym else None,
                                   ctypes.byref(r)), r

    def note(self):
        return lib.hangviet_note(self.c).decode()

    def flush(self, timeout_ms):
        return lib.hangviet_flush(self.c, timeout_ms)

    def spooled(self):
        return lib.hangviet_spooled(self.c)

    def close(self):
        p = c_void_p(self.c)
        lib.hangviet_close(ctypes.byref(p))
        self.c = None
