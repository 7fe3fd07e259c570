/*
 * place.c -- a store's attributes, checked and compared (see place.h).
 */
#include "place.h"

#include <string.h>

#include "i18n.h"
#include "text.h"

/* The words ownership and channel take, and what they say to people. */
static const char *const s_ownership[] = {"domestic", "foreign"};
static const char *const s_channel[] = {"modern", "traditional"};
static const struct {
	const char *word, *label;
} s_labels[] = {{"domestic", N_("domestic-owned")}, {"foreign", N_("foreign-owned")},
    {"modern", N_("modern trade")}, {"traditional", N_("traditional trade")}};

const char *
hv_place_label(const char *word)
{
	for (size_t i = 0; i < sizeof s_labels / sizeof s_labels[0]; i++)
		if (strcmp(word, s_labels[i].word) == 0)
			return s_labels[i].label;
	return word;
}

/* Whether V is "" or one of the two WORDS. */
static bool
s_one_of(const char *v, const char *const words[2])
{
	return v[0] == '\0' || strcmp(v, words[0]) == 0 || strcmp(v, words[1]) == 0;
}

const char *
hv_place_problem(const hv_place_t *p)
{
	if (!s_one_of(p->ownership, s_ownership))
		return N_("ownership is domestic or foreign (who owns the chain)");
	if (!s_one_of(p->channel, s_channel))
		return N_("channel is modern or traditional");
	if (!hv_text_is_clean_utf8(p->chain, strlen(p->chain)) ||
	    !hv_text_is_clean_utf8(p->name, strlen(p->name)))
		return N_("a chain or store name is UTF-8 text without control characters");
	return NULL;
}

bool
hv_place_equal(const hv_place_t *a, const hv_place_t *b)
{
	return strcmp(a->store, b->store) == 0 && strcmp(a->province, b->province) == 0 &&
	       strcmp(a->district, b->district) == 0 && strcmp(a->chain, b->chain) == 0 &&
	       strcmp(a->ownership, b->ownership) == 0 && strcmp(a->channel, b->channel) == 0 &&
	       strcmp(a->name, b->name) == 0;
}
