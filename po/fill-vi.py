#!/usr/bin/env python3
"""Developer helper: write po/vi.po from po/hangviet.pot and the Vietnamese
translations below. Run `make update-po` first, then this script; msgfmt -c
in the build checks the result. Translations of messages that are not in
the .pot any more are dropped; messages without a translation stay English."""
import re, sys

VI = {
"Usage: hangviet COMMAND [OPTIONS] [ARGUMENTS]": "Cách dùng: hangviet LỆNH [TÙY CHỌN] [THAM SỐ]",
"Tags what a Vietnamese supermarket sells as Vietnamese-made or imported.":
    "Gắn nhãn hàng bán ở siêu thị: hàng Việt Nam hay hàng nhập khẩu.",
"Commands:": "Các lệnh:",
"Options:": "Tùy chọn:",
"show this help and exit": "hiện trợ giúp này rồi thoát",
"show the version and exit": "hiện phiên bản rồi thoát",
"Run 'hangviet COMMAND --help' for a command's options.":
    "Chạy 'hangviet LỆNH --help' để xem tùy chọn của từng lệnh.",
"Usage: hangviet %s %s\n": "Cách dùng: hangviet %s %s\n",
"Run 'hangviet %s --help' for more.\n": "Chạy 'hangviet %s --help' để biết thêm.\n",
"no state directory: give --state DIR or set HANGVIET_STATE":
    "không có thư mục dữ liệu: hãy dùng --state THƯ_MỤC hoặc đặt biến HANGVIET_STATE",
"state directory path too long: %s": "đường dẫn thư mục dữ liệu quá dài: %s",
"cannot create the state directory %s": "không tạo được thư mục dữ liệu %s",
"hangviet: unknown command '%s'\n": "hangviet: không có lệnh '%s'\n",
"Run 'hangviet --help' for the list of commands.": "Chạy 'hangviet --help' để xem danh sách lệnh.",
"%s: %ld rows read...": "%s: đã đọc %ld dòng...",
"cannot open %s": "không mở được %s",
"imported %ld products from %s into %s (%lld in the catalog now)\n":
    "đã nhập %ld sản phẩm từ %s vào %s (danh mục hiện có %lld sản phẩm)\n",
"%s: ... and %ld more problems\n": "%s: ... và %ld lỗi nữa\n",
"nothing was imported from %s: fix the problems above and import again":
    "chưa nhập gì từ %s: hãy sửa các lỗi trên rồi nhập lại",
"cannot write the catalog": "không ghi được danh mục",
"%s needs a value": "%s cần một giá trị",
"unknown option %s": "không có tùy chọn %s",
"import takes one CSV file (or - for standard input)": "import nhận một tệp CSV (hoặc - để đọc từ đầu vào chuẩn)",
"export takes no file and no --merge; it writes to standard output":
    "export không nhận tệp hay --merge; nó ghi ra đầu ra chuẩn",
"say import or export": "hãy ghi import hoặc export",
"import or export the product catalog as CSV": "nhập hoặc xuất danh mục sản phẩm dạng CSV",
"import reads a CSV file (- for standard input) whose header names the columns\n"
"  gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category\n"
"(gtin and made_in are required; lines starting with # are comments).\n"
"Every row is checked first: if any row is\n"
"wrong, each problem is shown with its line number and nothing is imported.\n"
"The file replaces the whole catalog, or with --merge adds to it and replaces\n"
"rows with the same GTIN. A running hangvietd reads the new catalog after\n"
"SIGHUP.\n"
"export writes the catalog to standard output as the same CSV.\n\n"
"Options:\n"
"  --state DIR  the state directory (default: $HANGVIET_STATE, else\n"
"               $XDG_STATE_HOME/hangviet, else ~/.local/state/hangviet)\n"
"  --merge      add to the catalog instead of replacing it\n"
"  --help       show this help\n\n"
"Exit status: 0 done, 1 nothing imported or a failure, 2 wrong command line.\n":
"import đọc một tệp CSV (- là đầu vào chuẩn) có dòng tiêu đề gồm các cột\n"
"  gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category\n"
"(bắt buộc có gtin và made_in; dòng bắt đầu bằng # là chú thích).\n"
"Mọi dòng được kiểm tra trước: nếu có dòng sai,\n"
"từng lỗi được báo kèm số dòng và không có gì được nhập.\n"
"Tệp thay thế toàn bộ danh mục, hoặc với --merge thì bổ sung vào danh mục và\n"
"thay các dòng cùng GTIN. hangvietd đang chạy sẽ đọc danh mục mới khi nhận\n"
"SIGHUP.\n"
"export ghi danh mục ra đầu ra chuẩn theo cùng định dạng CSV.\n\n"
"Tùy chọn:\n"
"  --state DIR  thư mục dữ liệu (mặc định: $HANGVIET_STATE, nếu không thì\n"
"               $XDG_STATE_HOME/hangviet, nếu không thì ~/.local/state/hangviet)\n"
"  --merge      bổ sung vào danh mục thay vì thay thế\n"
"  --help       hiện trợ giúp này\n\n"
"Mã thoát: 0 xong, 1 không nhập được gì hoặc có lỗi, 2 sai cú pháp lệnh.\n",
"unknown symbology '%s' (ean13, ean8, upca, upce, gs1-128, gs1-datamatrix)":
    "không rõ loại mã vạch '%s' (ean13, ean8, upca, upce, gs1-128, gs1-datamatrix)",
"unknown format '%s' (text or json)": "không rõ định dạng '%s' (text hoặc json)",
"give one or more codes, or - to read them from standard input":
    "hãy đưa một hay nhiều mã vạch, hoặc - để đọc từ đầu vào chuẩn",
"cannot write the results": "không ghi được kết quả",
"tag barcodes as the store daemon would, recording nothing":
    "gắn nhãn mã vạch như dịch vụ của cửa hàng, không ghi lại gì",
"Each CODE (or each line of standard input for -) is read as a GTIN-8, UPC-A,\n"
"UPC-E, EAN-13, GTIN-14 or GS1 element string and tagged from the catalog,\n"
"else from its GS1 prefix. Text output is one line per code:\n"
"  CODE  CLASS  COUNTRY  BASIS  NAME\n"
"class is domestic, imported or unknown (bad_code for a code that is no GTIN);\n"
"basis is catalog, store (in-store code), prefix (GS1 prefix only) or none.\n"
"json prints one object per line with the keys of the daemon's lookup reply.\n\n"
"Options:\n"
"  --state DIR     the state directory holding catalog.db\n"
"  --province ID   the store's province, to tell local products\n"
"  --sym SYM       the symbology scanned: ean13, ean8, upca, upce, gs1-128,\n"
"                  gs1-datamatrix (an 8-digit code is a GTIN-8 unless upce)\n"
"  --format FMT    text (default) or json\n"
"  --help          show this help\n\n"
"Exit status: 0 every code was read, 1 some code was bad or a failure,\n"
"2 wrong command line.\n":
"Mỗi MÃ (hoặc mỗi dòng của đầu vào chuẩn khi dùng -) được đọc như GTIN-8, UPC-A,\n"
"UPC-E, EAN-13, GTIN-14 hoặc chuỗi phần tử GS1 và được gắn nhãn theo danh mục,\n"
"nếu không có thì theo tiền tố GS1. Kết quả dạng văn bản là một dòng mỗi mã:\n"
"  MÃ  LOẠI  NƯỚC  CĂN_CỨ  TÊN\n"
"loại là domestic (hàng Việt), imported (nhập khẩu) hoặc unknown (chưa rõ);\n"
"bad_code là mã không phải GTIN. căn cứ là catalog (danh mục), store (mã nội bộ\n"
"cửa hàng), prefix (chỉ theo tiền tố GS1) hoặc none (không có).\n"
"json in mỗi dòng một đối tượng với các khóa như trả lời lookup của dịch vụ.\n\n"
"Tùy chọn:\n"
"  --state DIR     thư mục dữ liệu chứa catalog.db\n"
"  --province ID   tỉnh của cửa hàng, để nhận biết sản phẩm địa phương\n"
"  --sym SYM       loại mã vạch đã quét: ean13, ean8, upca, upce, gs1-128,\n"
"                  gs1-datamatrix (mã 8 chữ số là GTIN-8 trừ khi là upce)\n"
"  --format FMT    text (mặc định) hoặc json\n"
"  --help          hiện trợ giúp này\n\n"
"Mã thoát: 0 mọi mã đều đọc được, 1 có mã sai hoặc có lỗi,\n"
"2 sai cú pháp lệnh.\n",
"error": "lỗi",
"warning": "cảnh báo",
"out of memory": "hết bộ nhớ",
"catalog.db has schema version %d, newer than this hangviet knows (%d); upgrade hangviet":
    "catalog.db có phiên bản lược đồ %d, mới hơn phiên bản hangviet này biết (%d); hãy nâng cấp hangviet",
"not a catalog database": "không phải cơ sở dữ liệu danh mục",
"catalog.db has schema version %d, this hangviet reads version %d; re-import the catalog or upgrade hangviet":
    "catalog.db có phiên bản lược đồ %d, hangviet này đọc phiên bản %d; hãy nhập lại danh mục hoặc nâng cấp hangviet",
"cannot open the catalog": "không mở được danh mục",
"gtin is not a normalised GTIN": "gtin không phải là GTIN đã chuẩn hóa",
"made_in is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)":
    "made_in không phải mã quốc gia ISO 3166-1 alpha-2 (như VN, TH, CN)",
"brand_country is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)":
    "brand_country không phải mã quốc gia ISO 3166-1 alpha-2 (như VN, TH, CN)",
"ocop is the number of OCOP stars: 0, 3, 4 or 5": "ocop là số sao OCOP: 0, 3, 4 hoặc 5",
"a text field is not valid UTF-8 or holds control characters":
    "một trường văn bản không phải UTF-8 hợp lệ hoặc chứa ký tự điều khiển",
"the header has more than %d columns": "dòng tiêu đề có hơn %d cột",
"unknown column \"%s\" in the header (expected gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category)":
    "cột \"%s\" không hợp lệ trong dòng tiêu đề (cần gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category)",
"column \"%s\" appears twice in the header": "cột \"%s\" xuất hiện hai lần trong dòng tiêu đề",
"the header must name the columns gtin and made_in": "dòng tiêu đề phải có cột gtin và made_in",
"%s is longer than %zu bytes": "%s dài hơn %zu byte",
"%s \"%s\" is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)":
    "%s \"%s\" không phải mã quốc gia ISO 3166-1 alpha-2 (như VN, TH, CN)",
"gtin \"%s\": %s": "gtin \"%s\": %s",
"ocop \"%s\" is not 0, 3, 4 or 5 (OCOP stars)": "ocop \"%s\" không phải 0, 3, 4 hoặc 5 (số sao OCOP)",
"ocop_until \"%s\" is not a date YYYY-MM-DD": "ocop_until \"%s\" không phải ngày dạng YYYY-MM-DD",
"gtin %s: %s": "gtin %s: %s",
"the row has %d fields, the header has %d": "dòng có %d trường, dòng tiêu đề có %d",
"a field is longer than %d bytes": "một trường dài hơn %d byte",
"gtin %s is already on line %ld": "gtin %s đã có ở dòng %ld",
"malformed CSV: %s": "CSV sai định dạng: %s",
"reading the file: %s": "lỗi khi đọc tệp: %s",
"the file is empty: it needs at least the header": "tệp rỗng: cần ít nhất dòng tiêu đề",
"the code is empty": "mã vạch rỗng",
"the code is longer than 48 characters": "mã vạch dài hơn 48 ký tự",
"the GS1 element string has unbalanced parentheses": "chuỗi phần tử GS1 có dấu ngoặc không khớp",
"the GS1 element string carries no GTIN in AI (01)": "chuỗi phần tử GS1 không có GTIN ở AI (01)",
"the check digit is wrong": "số kiểm tra sai",
"the code has characters other than digits": "mã vạch có ký tự không phải chữ số",
"a UPC-E code must start with 0 or 1": "mã UPC-E phải bắt đầu bằng 0 hoặc 1",
"wrong length: a GTIN has 8, 12, 13 or 14 digits": "sai độ dài: GTIN có 8, 12, 13 hoặc 14 chữ số",
"a variable-measure pattern has exactly 12 characters of P, V and C":
    "mẫu mã cân/giá phải có đúng 12 ký tự P, V và C",
"a variable-measure pattern starts with PP (the prefix)": "mẫu mã cân/giá bắt đầu bằng PP (tiền tố)",
"a variable-measure pattern has only P, V and C": "mẫu mã cân/giá chỉ gồm P, V và C",
"a variable-measure pattern has one run of V": "mẫu mã cân/giá có đúng một dãy V liền nhau",
"a price check digit C goes with a 4- or 5-digit value only": "số kiểm tra giá C chỉ đi với giá trị 4 hoặc 5 chữ số",
"a variable-measure layout is \"price PATTERN\" or \"weight PATTERN DECIMALS\"":
    "cấu trúc mã cân/giá là \"price MẪU\" hoặc \"weight MẪU SỐ_LẺ\"",
"a variable-measure layout is \"price PATTERN\" or \"weight PATTERN DECIMALS\" (0-6 decimals)":
    "cấu trúc mã cân/giá là \"price MẪU\" hoặc \"weight MẪU SỐ_LẺ\" (0-6 chữ số lẻ)",
"a variable-measure prefix is two digits": "tiền tố mã cân/giá gồm hai chữ số",
"variable-measure codes use the restricted prefixes 02, 04 and 20-29":
    "mã cân/giá dùng các tiền tố nội bộ 02, 04 và 20-29",
"the price check digit inside the variable-measure code is wrong": "số kiểm tra giá trong mã cân/giá sai",
}

HEADER = '''msgid ""
msgstr ""
"Project-Id-Version: hangviet\\n"
"PO-Revision-Date: 2026-11-26 12:00+0700\\n"
"Last-Translator: hangviet <dev@hangviet.invalid>\\n"
"Language-Team: Vietnamese\\n"
"Language: vi\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
'''

def unquote(lines):
    return "".join(bytes(l[l.index('"') + 1:l.rindex('"')], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") for l in lines)

def quote(s):
    esc = lambda t: t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    parts = s.split("\n")
    if len(parts) <= 2 and len(s) < 70:
        return f'"{esc(s)}"'
    chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{esc(c)}"' for c in chunks)

pot = open("po/hangviet.pot", encoding="utf-8").read()
entries = re.split(r"\n\n", pot.strip())[1:]
out = [HEADER]
missing = []
for e in entries:
    lines = e.split("\n")
    comments = [l for l in lines if l.startswith("#")]
    idx = next(i for i, l in enumerate(lines) if l.startswith("msgid "))
    end = next(i for i, l in enumerate(lines) if l.startswith("msgstr "))
    msgid = unquote(lines[idx:end])
    vi = VI.get(msgid)
    if vi is None:
        missing.append(msgid)
        vi = ""
    out.append("\n".join(comments) + ("\n" if comments else "") + "msgid " + quote(msgid) + "\nmsgstr " + quote(vi) + "\n")
open("po/vi.po", "w", encoding="utf-8").write("\n".join(out))
for m in missing:
    print("untranslated:", repr(m[:70]), file=sys.stderr)
