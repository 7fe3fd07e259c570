/*
 * pos_example.c -- how a POS uses libhangviet: one client per lane, a call
 * per scanned line, the receipt line at the end of the basket. Copy it.
 *
 *   cc pos_example.c $(pkg-config --cflags --libs hangviet) -o pos_example
 *   ./pos_example [ENDPOINT]
 *
 * Every call returns within the timeout (50 ms unless set), whatever the
 * daemon does; when it does not answer, the event is spooled and sent later,
 * and the item shows as "unknown" this once.
 */
#include <hangviet.h>
#include <stdio.h>
#include <time.h>

int
main(int argc, char **argv)
{
	char err[256], txn[32];
	hangviet_options opt = {
	    .endpoint = argc > 1 ? argv[1] : HANGVIET_DEFAULT_ENDPOINT,
	    .store = "st-01", /* the id the store daemon records */
	    .lane = 7,
	};
	hangviet_client *c = hangviet_open(&opt, err, sizeof err);
	hangviet_reply r;

	if (c == NULL) {
		fprintf(stderr, "hangviet: %s\n", err); /* wrong options; the POS goes on without it */
		return 1;
	}
	/* A transaction id the POS already has: unique per lane. */
	snprintf(txn, sizeof txn, "EX-%ld", (long)time(NULL));

	static const struct {
		const char *code;
		int qty;
		long long amount;
	} basket[] = {
	    {"8936000100018", 1, 185000}, /* Thái Nguyên tea */
	    {"8850006330012", 2, 64000},  /* a Thai shampoo */
	    {"8935049500018", 1, 12000},  /* Vietnamese, known by its GS1 prefix */
	};
	for (int i = 0; i < 3; i++) {
		hangviet_status st = hangviet_scan(c, txn, i + 1, basket[i].code, basket[i].qty,
		    basket[i].amount, NULL, &r);
		if (st == HANGVIET_REFUSED)
			printf("%s: %s (%s)\n", basket[i].code, r.err, r.msg);
		else /* a code that is no GTIN (a store's own SKU) is counted too, with a note */
			printf("%s: %s%s %s%s%s%s\n", basket[i].code, r.cls, r.ocop ? " OCOP" : "", r.name,
			    st == HANGVIET_SPOOLED ? " [spooled]" : "", hangviet_note(c)[0] ? " - " : "",
			    hangviet_note(c));
	}
	if (hangviet_end(c, txn, 325000, &r) == HANGVIET_OK)
		printf("%s\n", r.receipt); /* "Hàng Việt: 2/4 món, 75% giá trị" */
	hangviet_close(&c);
	return 0;
}
