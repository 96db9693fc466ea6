// SPDX-License-Identifier: GPL-2.0
/*
 * Runs one system call with the kernel's fault injection aimed at its
 * N-th allocation (/proc/thread-self/fail-nth, counted over failslab and
 * fail_page_alloc), then says whether the failure was injected and what
 * the call returned. The debug kernel's cases step N from 1 until a call
 * finishes without reaching it: then every allocation point of that call
 * has failed once.
 *
 *   fail-nth N load MODULE.ko [PARAMS]   finit_module()
 *   fail-nth N write FILE TEXT           one write() to an open FILE
 *
 * Prints "nth=N injected=yes|no status=0|-ERRNO (message)" and exits 0 when
 * the call ran (whatever it returned); 2 on bad usage or when fail-nth
 * cannot be used. The file is opened before the count starts, so only the
 * call itself is counted, and only what passes the failslab and
 * fail_page_alloc filters the caller set (debugfs) counts. Link it with
 * -z now, so no lazy symbol lookup runs inside the count.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr,
		"usage: fail-nth N load MODULE.ko [PARAMS]\n"
		"       fail-nth N write FILE TEXT\n");
	return 2;
}

/* Writes @text to the open @fd in one call; 0 or -errno. */
static int write_text(int fd, const char *text)
{
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);

	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

int main(int argc, char **argv)
{
	const char *action;
	char *end, left[32];
	unsigned long nth;
	int ctl, fd, ret;
	ssize_t n;

	if (argc < 4)
		return usage();
	errno = 0;
	nth = strtoul(argv[1], &end, 10);
	if (errno || *end || !nth || nth > 1000000)
		return usage();
	action = argv[2];
	if (strcmp(action, "load") == 0 && (argc == 4 || argc == 5))
		fd = open(argv[3], O_RDONLY | O_CLOEXEC);
	else if (strcmp(action, "write") == 0 && argc == 5)
		fd = open(argv[3], O_WRONLY | O_CLOEXEC);
	else
		return usage();
	if (fd < 0) {
		fprintf(stderr, "fail-nth: %s: %s\n", argv[3], strerror(errno));
		return 2;
	}
	ctl = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fprintf(stderr, "fail-nth: /proc/thread-self/fail-nth: %s (CONFIG_FAULT_INJECTION?)\n",
			strerror(errno));
		return 2;
	}
	snprintf(left, sizeof(left), "%lu", nth);
	ret = write_text(ctl, left);
	if (ret) {
		fprintf(stderr, "fail-nth: cannot arm fail-nth: %s\n", strerror(-ret));
		return 2;
	}

	/* Nothing may allocate between arming and the call. */
	if (action[0] == 'l')
		ret = syscall(SYS_finit_module, fd, argc == 5 ? argv[4] : "", 0) ? -errno : 0;
	else
		ret = write_text(fd, argv[4]);

	/* 0 once the N-th allocation was failed; what was left otherwise. */
	n = pread(ctl, left, sizeof(left) - 1, 0);
	if (n <= 0) {
		fprintf(stderr, "fail-nth: cannot read fail-nth back\n");
		return 2;
	}
	left[n] = '\0';
	/* Disarm, so the rest of this process (printf) is not counted. */
	write_text(ctl, "0");
	printf("nth=%lu injected=%s status=%d (%s)\n", nth,
	       strtoul(left, NULL, 10) == 0 ? "yes" : "no", ret,
	       ret ? strerror(-ret) : "ok");
	return 0;
}
