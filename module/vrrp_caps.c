/*
 * Capabilities of the worker's threads. See vrrp_caps.h.
 *
 * Three system calls are all it takes (HAProxy's own "setcap" code does the
 * same), so no library is linked for them.
 */
#include <dlfcn.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vrrp_caps.h"

#define NET_CAPS ((UINT64_C(1) << CAP_NET_ADMIN) | (UINT64_C(1) << CAP_NET_RAW))

/* Reads the calling thread's permitted and effective sets. Returns 0 or
 * -1 (errno set).
 */
static int caps_get(uint64_t *permitted, uint64_t *effective)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	*permitted = data[0].permitted | ((uint64_t)data[1].permitted << 32);
	*effective = data[0].effective | ((uint64_t)data[1].effective << 32);
	return 0;
}

/* Sets the calling thread's permitted and effective sets to <set>, and its
 * inheritable set to nothing. Returns 0 or -1 (errno set).
 */
static int caps_set(uint64_t set)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[0].permitted = data[0].effective = (uint32_t)set;
	data[1].permitted = data[1].effective = (uint32_t)(set >> 32);
	return syscall(SYS_capset, &hdr, data) < 0 ? -1 : 0;
}

bool vrrp_caps_has(int cap)
{
	uint64_t permitted, effective;

	if (cap < 0 || cap > 63 || caps_get(&permitted, &effective) < 0)
		return false;
	return (effective >> cap) & 1;
}

/* Run by HAProxy in every thread as it starts (in the worker: after the
 * chroot and the uid change). A thread that left root with keep-caps still
 * has every capability permitted and none effective: keep the two, raise
 * them (those of the two it has), drop the rest. Threads still running
 * as root (the master, or a config without "user") and threads whose
 * capabilities HAProxy set itself ("setcap" in 2.9+ leaves some
 * effective) are left as they are. Returns
 * 1: a failure is not fatal to HAProxy; the instances report the missing
 * capability when they start.
 */
static int keep_net_caps_in_thread(void)
{
	uint64_t permitted, effective;

	/* Its job is done once the uid has changed (and the root master runs
	 * this too): later uid changes, e.g. of "program" children, keep
	 * nothing.
	 */
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (geteuid() == 0 || caps_get(&permitted, &effective) < 0)
		return 1;
	/* If the kernel refuses the two, keep none rather than the full set
	 * keep-caps left permitted.
	 */
	if (effective == 0 && permitted != 0 && caps_set(permitted & NET_CAPS) < 0)
		caps_set(0);
	return 1;
}

int vrrp_caps_keep_across_setuid(char *err, size_t errlen)
{
	void (*register_per_thread_init)(int (*)(void));

	if (geteuid() != 0)
		return 0;
	/* HAProxy exports its symbols for Lua modules; a build that does not
	 * gives no way to reach the threads it starts later.
	 */
	*(void **)&register_per_thread_init = dlsym(RTLD_DEFAULT, "hap_register_per_thread_init");
	if (!register_per_thread_init) {
		snprintf(err, errlen, "this HAProxy does not export hap_register_per_thread_init, "
		         "so the capabilities cannot be kept across \"user\" in the global "
		         "section");
		return -1;
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen, "prctl(PR_SET_KEEPCAPS): %s", strerror(errno));
		return -1;
	}
	register_per_thread_init(keep_net_caps_in_thread);
	return 0;
}
