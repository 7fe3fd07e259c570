/*
 * json.c -- JSON string escaping.
 */
#include "json.h"

void
hv_json_string(FILE *out, const char *s)
{
	if (s == NULL) {
		fputs("null", out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);
		}
	}
	putc('"', out);
}

/* Write N bytes at S as a JSON string. */
static void
s_json_bytes(FILE *out, const char *s, size_t n)
{
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
	putc('"', out);
}

void
hv_json_msgpack(FILE *out, const msgpack_object *o)
{
	switch (o->type) {
	case MSGPACK_OBJECT_NIL: fputs("null", out); break;
	case MSGPACK_OBJECT_BOOLEAN: fputs(o->via.boolean ? "true" : "false", out); break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		fprintf(out, "%llu", (unsigned long long)o->via.u64);
		break;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER: fprintf(out, "%lld", (long long)o->via.i64); break;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64: fprintf(out, "%.17g", o->via.f64); break;
	case MSGPACK_OBJECT_STR: s_json_bytes(out, o->via.str.ptr, o->via.str.size); break;
	case MSGPACK_OBJECT_BIN: s_json_bytes(out, o->via.bin.ptr, o->via.bin.size); break;
	case MSGPACK_OBJECT_ARRAY:
		putc('[', out);
		for (uint32_t i = 0; i < o->via.array.size; i++) {
			if (i > 0)
				putc(',', out);
			hv_json_msgpack(out, &o->via.array.ptr[i]);
		}
		putc(']', out);
		break;
	case MSGPACK_OBJECT_MAP:
		putc('{', out);
		for (uint32_t i = 0; i < o->via.map.size; i++) {
			const msgpack_object *k = &o->via.map.ptr[i].key;
			if (i > 0)
				putc(',', out);
			if (k->type == MSGPACK_OBJECT_STR)
				s_json_bytes(out, k->via.str.ptr, k->via.str.size);
			else
				fputs("\"?\"", out);
			putc(':', out);
			hv_json_msgpack(out, &o->via.map.ptr[i].val);
		}
		putc('}', out);
		break;
	default: fputs("null", out);
	}
}
