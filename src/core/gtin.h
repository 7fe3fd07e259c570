/*
 * gtin.h -- reading a scanned string as a GS1 trade item number (GTIN).
 *
 * Accepts GTIN-8, UPC-A (12 digits), UPC-E (8 digits, expanded to UPC-A),
 * EAN-13, GTIN-14 and GS1 element strings carrying AI (01), with or without
 * parentheses, FNC1 separators or an AIM symbology identifier (]C1, ]d2,
 * ]Q3, ]e0, ]E0 ...). Check digits are verified. The result is normalised
 * to 13 digits, or 14 when the GTIN-14 indicator digit is 1-9; a GTIN-8
 * becomes "00000" followed by its eight digits, as GS1 pads it.
 */
#ifndef HV_GTIN_H
#define HV_GTIN_H

#include <stdbool.h>
#include <stddef.h>

#define HV_CODE_MAX 48 /* longest scanned string accepted, in bytes */
#define HV_GTIN_MAX 14 /* longest normalised GTIN, in digits */

/* The symbology a scanner reported, when the POS passes it on. */
typedef enum {
	HV_SYM_ANY = 0, /* not reported: judged from the string itself */
	HV_SYM_EAN13,
	HV_SYM_EAN8,
	HV_SYM_UPCA,
	HV_SYM_UPCE,
	HV_SYM_GS1_128,
	HV_SYM_GS1_DATAMATRIX
} hv_sym_t;

/* A parsed, validated, normalised GTIN. */
typedef struct {
	char gtin[HV_GTIN_MAX + 1]; /* normalised digits, NUL-terminated */
	int scanned_len;            /* 8, 12, 13 or 14: the GTIN as scanned */
	int prefix;                 /* GS1 prefix the number carries, 0-999 */
	bool restricted;            /* restricted circulation: the store's own code */
} hv_gtin_t;

/* Set *SYM from a wire name ("ean13", "upce", "gs1-128", ...); NULL or ""
 * gives HV_SYM_ANY. Returns 0, or -1 for a name it does not know. */
int hv_sym_from_name(const char *name, hv_sym_t *sym);

/* The wire name of SYM ("ean13", ...), "" for HV_SYM_ANY. */
const char *hv_sym_name(hv_sym_t sym);

/* Parse CODE as scanned with symbology SYM into *OUT. Returns 0, or -1 with
 * *WHY set to a static English sentence (translatable with gettext) saying
 * what is wrong with the code. OUT and WHY must not be NULL. */
int hv_gtin_parse(const char *code, hv_sym_t sym, hv_gtin_t *out, const char **why);

/* Whether CODE can be a scanned code at all: 1-48 bytes of UTF-8 text
 * without control characters (tab included), but for the FNC1 (GS, 0x1d)
 * a GS1 element string carries. What it refuses is a
 * bad_request; what it accepts is a sold line, a GTIN or not
 * (doc/protocol.md, "Classifying", point 5). NULL: no. */
bool hv_code_is_valid(const char *code);

/* The GS1 check digit ('0'-'9') for the N digits at DIGITS. */
char hv_gtin_check_digit(const char *digits, size_t n);

/* The GS1 prefix (0-999) of a normalised GTIN: its first three digits, those
 * after the indicator for a GTIN-14, a GTIN-8's own first three. */
int hv_gtin_prefix_of(const char *gtin);

/* Whether a normalised GTIN is a restricted circulation number: prefixes
 * 020-029, 040-049 and 200-299, or a GTIN-8 starting with 0 or 2. */
bool hv_gtin_is_restricted(const char *gtin);

#endif
