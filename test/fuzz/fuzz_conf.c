/*
 * Fuzz target: any text given to the vrrp.conf loader is either accepted
 * or refused with a message; it never crashes or leaks. Built with
 * VRRP_CONF_NO_INCLUDE, so that an "include" the mutations make (also
 * through a $NAME) reads nothing of the host's files, relative to the
 * current directory or absolute.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vrrp_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrrp_conf conf;
	char err[VRRP_ERR_MAX];

	err[0] = '\0';
	if (vrrp_conf_parse("fuzz.conf", "fuzz", (const char *)data, size, &conf, err,
	                    sizeof(err)) < 0 && err[0] == '\0')
		__builtin_trap(); /* a refusal must say why */
	vrrp_conf_free(&conf);
	return 0;
}
