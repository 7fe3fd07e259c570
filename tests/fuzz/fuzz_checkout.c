/*
 * fuzz_checkout.c -- the checkout channel's decoders on any bytes: the
 * daemon's request decoder (and the error reply it then packs), and the
 * client library's reply reader. Neither may crash, leak or read out of
 * bounds, whatever a lane or a daemon sends.
 */
#include <stddef.h>
#include <stdint.h>

#include "checkout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hv_request_t req;
	hv_reply_t reply;
	const char *why = NULL;
	msgpack_sbuffer sb;
	msgpack_packer pk;

	hv_err_t err = hv_checkout_decode(data, size, &req, &why);
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	if (err != HV_ERR_NONE)
		hv_checkout_reply_error(&pk, &req, err, why);
	else
		hv_checkout_reply_ok(&pk, &req, false);
	msgpack_sbuffer_destroy(&sb);
	hv_checkout_read_reply(data, size, &reply);
	return 0;
}
