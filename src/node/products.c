/*
 * products.c -- sending a store's changed rollup hours (see products.h).
 */
#include "products.h"

#include "i18n.h"
#include "log.h"
#include "rollup.h"

/* Send STORE's HOUR as it is now, final when it has ended by NOW. */
static int
s_send(hv_products_t *self, const char *store, int64_t hour, int64_t now)
{
	hv_rollup_t r = {0};
	bool final = now >= hour + HV_PRODUCT_HOUR_MS;

	if (hv_rollup_take(self->journal, store, hour, &r) < 0) {
		hv_rollup_clear(&r);
		return -1;
	}
	hv_feed_send_products(self->feed, self->province, self->district, &r, final);
	hv_rollup_clear(&r);
	self->sent++;
	if (!final) {
		self->open_hour = hour;
		self->open_sent = now;
		self->open_final = false;
	} else if (hour == self->open_hour) {
		self->open_final = true;
	}
	return 0;
}

typedef struct {
	hv_products_t *self;
	int64_t now;
} look_t;

static int
s_changed(const char *store, int64_t hour, void *arg)
{
	look_t *k = arg;
	hv_products_t *self = k->self;
	bool open = k->now < hour + HV_PRODUCT_HOUR_MS;

	if (open && hour == self->open_hour && k->now - self->open_sent < HV_PRODUCTS_OPEN_MS)
		return 0; /* an open hour, sent not long ago: it waits */
	return s_send(self, store, hour, k->now);
}

int
hv_products_publish(hv_products_t *self, int64_t now)
{
	look_t k = {self, now};

	/* A batch of events is open: its rows are not committed yet, and a
	 * revision taken inside it would go back with a rollback after being
	 * sent. The next look, after the batch's commit. */
	if (hv_journal_in_transaction(self->journal))
		return 0;
	int rc = hv_rollup_changed_each(self->journal, s_changed, &k);

	/* The hour last sent open has ended unchanged: it goes out final. */
	if (rc == 0 && self->open_hour >= 0 && !self->open_final &&
	    now >= self->open_hour + HV_PRODUCT_HOUR_MS)
		rc = s_send(self, self->store, self->open_hour, now);
	return rc;
}

static void
s_look(void *arg, int64_t now)
{
	hv_products_t *self = arg;
	if (hv_products_publish(self, now) < 0)
		hv_warn(_("the product rollup is not published yet: %s"), hv_journal_error(self->journal));
}

int
hv_products_serve(hv_products_t *self, hv_node_t *node, hv_journal_t *journal,
    const char *store, const char *province, const char *district)
{
	*self = (hv_products_t){journal, hv_node_feed(node), store, province, district, -1, 0, false, 0};
	return hv_node_timer(node, HV_PRODUCTS_LOOK_MS, s_look, self) < 0 ? -1 : 0;
}
