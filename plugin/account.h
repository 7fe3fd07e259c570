/*
 * account.h -- one [connect NAME] account, run in a thread of its own so
 * that a slow or failing vendor never holds another account up. Every
 * `poll` seconds (or at once when a webhook prompts it) it reads each of
 * the vendor's lists from its cursor (vendor.h), turns the sales into
 * events (sale.h), sends them to each branch's store daemon (sender.h),
 * and moves the cursor on (ledger.h) only once every event before it was
 * recorded or spooled.
 */
#ifndef HV_ACCOUNT_H
#define HV_ACCOUNT_H

#include <stdbool.h>

#include "account_conf.h"

typedef struct hv_account hv_account_t;

/* Start account CONF (copied) with its state in STATE_DIR/connect/ and
 * SECRET (what its secret_file holds). ONCE: poll once, then stop. NULL
 * with ERR when it cannot start (its state file, its daemons' sockets). */
hv_account_t *hv_account_start(const hv_account_conf_t *conf, const char *state_dir,
    const char *secret, bool once, char *err, size_t errlen);

/* Poll now (a webhook came). Safe from any thread. */
void hv_account_prompt(hv_account_t *self);

/* Whether it stopped by itself (ONCE, or a failure it cannot go on from). */
bool hv_account_finished(hv_account_t *self);

/* Ask it to stop, wait until it did, and free it (accepts NULL). Its
 * result: 0 when its last poll read everything, 1 when it failed. */
int hv_account_stop(hv_account_t **self_p);

#endif
