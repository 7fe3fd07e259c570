/*
 * fuzz_feed.c -- what a district reads from an upstream on any bytes: a
 * feed or history tally body (counters, categories, lanes), and the keys
 * of feed and sync messages (seq, kind, op, since, until).
 */
#include <stddef.h>
#include <stdint.h>

#include "feed.h"
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hv_feed_tally_t t;
	msgpack_unpacked msg;
	const char *why;
	char op[16];
	int64_t v;

	if (hv_feed_read_tally(data, size, &t) == 0)
		hv_window_clear(&t.w);
	if (hv_wire_unpack_map(data, size, &msg, &why) == 0) {
		hv_wire_get_str(&msg.data, "op", op, sizeof op);
		hv_wire_get_str(&msg.data, "kind", op, sizeof op);
		hv_wire_get_int(&msg.data, "seq", &v);
		hv_wire_get_int(&msg.data, "since", &v);
		hv_wire_get_int(&msg.data, "until", &v);
		msgpack_unpacked_destroy(&msg);
	}
	return 0;
}
