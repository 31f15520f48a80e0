// SPDX-License-Identifier: GPL-2.0
/*
 * User-space test of /dev/mymap (see ../mymap.h), run as root inside the
 * QEMU guest by tools/qemu-driver-test.sh, once per mapping mode.
 * Built static (C11): the guest has no libc.
 *
 * One line per check, "ok   <check>" or "FAIL <check>: expected X, got Y",
 * then "N passed, N failed". Exit status 0 only if every check passed.
 *
 *   mymap_test [DEVICE]     default /dev/mymap; the module must be "mymap",
 *                           freshly loaded (the page holds its seed bytes)
 *
 * The page is global by design: separate opens, in separate processes, map
 * the same page and see each other's stores; the checks rely on that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../mymap.h"
#include "mymap_user.h"

#define NCHILDREN 3

/* Offsets in the page used by check_processes(). */
#define AT_FORK_MARK 2998 /* stored by a forked child */
#define AT_PARENT_MARK 2999 /* stored by the parent before forking */
#define AT_CHILD_SLOTS 3000 /* one byte per child */

static const char *dev = "/dev/mymap";
static size_t pg;
static int passed, failed;

/* --- reporting ------------------------------------------------------------ */

static void ok(const char *check)
{
	printf("ok   %s\n", check);
	passed++;
}

static void fail(const char *check, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", check);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed++;
}

/* A call that must fail (failed_call) with errno `want`; err is its errno. */
static void report_errno(const char *check, bool failed_call, int err, int want)
{
	if (failed_call && err == want)
		ok(check);
	else if (failed_call)
		fail(check, "expected %s, got %s", errname(want), errname(err));
	else
		fail(check, "expected %s, got success", errname(want));
}

/* A call that must return `want`; err is its errno if it returned -1. */
static void report_long(const char *check, long got, long want, int err)
{
	if (got == want)
		ok(check);
	else if (got == -1)
		fail(check, "expected %ld, got -1 (%s)", want, errname(err));
	else
		fail(check, "expected %ld, got %ld", want, got);
}

/* Evaluate the call first, then read errno (argument order is unspecified). */
#define expect_errno(check, failed_call, want)             \
	do {                                               \
		bool failed_ = (failed_call);              \
		report_errno(check, failed_, errno, want); \
	} while (0)
#define expect_long(check, call, want)                         \
	do {                                                   \
		long got_ = (long)(call);                      \
		report_long(check, got_, (long)(want), errno); \
	} while (0)

/* --- helpers -------------------------------------------------------------- */

static int open_dev(void)
{
	return open(dev, O_RDWR | O_CLOEXEC);
}

static uint8_t *map_page(int fd, int prot, int flags)
{
	return mmap(NULL, pg, prot, flags, fd, 0);
}

/* First differing offset of the mapping against the expected bytes, or -1. */
static long first_diff(const uint8_t *got, const uint8_t *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i])
			return (long)i;
	return -1;
}

static void expect_bytes(const char *check, const uint8_t *got,
			 const uint8_t *want, size_t n)
{
	long at = first_diff(got, want, n);

	if (at < 0)
		ok(check);
	else
		fail(check, "expected byte %ld = %u, got %u", at, want[at],
		     got[at]);
}

/* "VmFlags:" of the mapping at addr in /proc/self/smaps, or "" if none. */
static const char *vmflags(const void *addr, char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	bool in = false;

	buf[0] = '\0';
	if (!f)
		return buf;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = lo == (uintptr_t)addr;
		else if (in && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(buf, len, "%s", line + 8);
			buf[strcspn(buf, "\n")] = '\0';
			break;
		}
	}
	fclose(f);
	return buf;
}

static bool has_flag(const char *flags, const char *flag)
{
	char padded[520];

	snprintf(padded, sizeof(padded), " %s ", flags);
	for (const char *p = padded; (p = strstr(p, flag)); p++)
		if (p[-1] == ' ' && p[strlen(flag)] == ' ')
			return true;
	return false;
}

static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/" MODULE_NAME "/refcnt", "re");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* --- the checks ----------------------------------------------------------- */

/* Stores through one mapping and kernel-side stores (write, stamp) meet. */
static void check_contents(int fd, uint8_t *m)
{
	uint8_t want[pg], buf[pg];
	uint32_t seed = 0x40;
	ssize_t n;

	memset(want, 0, pg);
	for (int i = 0; i < 10; i++)
		want[i] = (uint8_t)i;
	expect_bytes("seed-bytes", m, want, pg); /* 0..9, then zeros */

	memset(buf, 0xee, pg);
	n = pread(fd, buf, pg, 0);
	if (n != (ssize_t)pg)
		fail("read-matches-mapping", "expected %zu bytes, got %zd", pg,
		     n);
	else
		expect_bytes("read-matches-mapping", buf, m, pg);

	m[123] = 0x5a;
	m[pg - 1] = 0xa5;
	memset(buf, 0, pg);
	if (pread(fd, buf, pg, 0) == (ssize_t)pg && buf[123] == 0x5a &&
	    buf[pg - 1] == 0xa5)
		ok("mapping-store-visible-to-read");
	else
		fail("mapping-store-visible-to-read",
		     "expected 0x5a at 123 and 0xa5 at %zu, got 0x%x, 0x%x",
		     pg - 1, buf[123], buf[pg - 1]);

	n = pwrite(fd, "hello", 5, 2000);
	if (n != 5)
		fail("write-visible-in-mapping", "expected 5 bytes, got %zd",
		     n);
	else
		expect_bytes("write-visible-in-mapping", m + 2000,
			     (const uint8_t *)"hello", 5);

	if (ioctl(fd, MYMAP_IOC_STAMP, &seed) != 0) {
		fail("stamp-visible-in-mapping", "expected 0, got -1 (%s)",
		     errname(errno));
	} else {
		for (size_t i = 0; i < pg; i++)
			want[i] = (uint8_t)(seed + i);
		expect_bytes("stamp-visible-in-mapping", m, want, pg);
	}
}

/* Every mmap the driver must refuse, and what a private mapping may do. */
static void check_mmap_rules(int fd, uint8_t *m)
{
	char flags[512];
	uint8_t *p;

	vmflags(m, flags, sizeof(flags));
	if (has_flag(flags, "de") && has_flag(flags, "dd"))
		ok("vmflags-dontexpand-dontdump");
	else
		fail("vmflags-dontexpand-dontdump",
		     "expected 'de' and 'dd' in VmFlags, got '%s'", flags);

	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_errno("mmap-two-pages-einval", p == MAP_FAILED, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, 2 * pg);

	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, (off_t)pg);
	expect_errno("mmap-offset-einval", p == MAP_FAILED, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, pg);

	p = map_page(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	expect_errno("mmap-private-writable-einval", p == MAP_FAILED, EINVAL);
	if (p != MAP_FAILED)
		munmap(p, pg);

	p = map_page(fd, PROT_READ, MAP_PRIVATE);
	if (p == MAP_FAILED) {
		fail("mmap-private-readonly", "expected success, got %s",
		     errname(errno));
	} else {
		expect_bytes("mmap-private-readonly", p, m, pg);
		/* no VM_MAYWRITE ("mw"): it can never become copy-on-write */
		expect_errno("mprotect-private-write-eacces",
			     mprotect(p, pg, PROT_READ | PROT_WRITE) != 0,
			     EACCES);
		munmap(p, pg);
	}

	/*
	 * VM_DONTEXPAND: growing the mapping is refused. Linux answers
	 * EFAULT, not EINVAL, for VM_DONTEXPAND and VM_PFNMAP alike
	 * (vma_to_resize() in mm/mremap.c of 6.1).
	 */
	p = map_page(fd, PROT_READ, MAP_SHARED);
	if (p == MAP_FAILED) {
		fail("mremap-grow-efault", "setup mmap: %s", errname(errno));
	} else {
		void *q = mremap(p, pg, 2 * pg, MREMAP_MAYMOVE);

		expect_errno("mremap-grow-efault", q == MAP_FAILED, EFAULT);
		munmap(q == MAP_FAILED ? (void *)p : q,
		       q == MAP_FAILED ? pg : 2 * pg);
	}
}

/* read()/write()/lseek() act like on a PAGE_SIZE file. */
static void check_bounds(int fd, uint8_t *m)
{
	uint8_t buf[16];
	uint8_t *bad;
	ssize_t n;

	expect_long("read-at-end-returns-0", pread(fd, buf, 16, (off_t)pg), 0);
	memset(buf, 0, sizeof(buf));
	n = pread(fd, buf, 16, (off_t)pg - 4);
	if (n != 4)
		fail("read-short-at-end", "expected 4 bytes, got %zd", n);
	else
		expect_bytes("read-short-at-end", buf, m + pg - 4, 4);
	expect_errno("write-at-end-enospc", pwrite(fd, "x", 1, (off_t)pg) < 0,
		     ENOSPC);
	n = pwrite(fd, "ABCDEFGHIJKLMNOP", 16, (off_t)pg - 4);
	if (n != 4)
		fail("write-short-at-end", "expected 4 bytes, got %zd", n);
	else
		expect_bytes("write-short-at-end", m + pg - 4,
			     (const uint8_t *)"ABCD", 4);
	expect_long("lseek-end", lseek(fd, 0, SEEK_END), (long)pg);
	expect_errno("lseek-past-end-einval",
		     lseek(fd, (off_t)pg + 1, SEEK_SET) < 0, EINVAL);
	lseek(fd, 10, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	if (read(fd, buf, 2) == 2 && read(fd, buf + 2, 2) == 2)
		expect_bytes("read-advances-position", buf, m + 10, 4);
	else
		fail("read-advances-position", "expected two 2-byte reads");

	/* a PROT_NONE page: any kernel access to it faults */
	bad = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad == MAP_FAILED) {
		fail("bad-pointer-setup", "mmap PROT_NONE: %s", errname(errno));
		return;
	}
	expect_errno("read-bad-pointer-efault", pread(fd, bad, 16, 0) < 0,
		     EFAULT);
	expect_errno("write-bad-pointer-efault", pwrite(fd, bad, 16, 0) < 0,
		     EFAULT);
	expect_errno("stamp-bad-pointer-efault",
		     ioctl(fd, MYMAP_IOC_STAMP, bad) != 0, EFAULT);
	expect_errno("ioctl-unknown-enotty",
		     ioctl(fd, _IO(MYMAP_IOC_MAGIC, 99)) != 0, ENOTTY);
	munmap(bad, pg);
}

/*
 * get_user_pages() on the mapping, through process_vm_readv(): works on a
 * vm_insert_page() mapping, -EFAULT on a remap_pfn_range() (VM_PFNMAP) one.
 */
static void check_gup(uint8_t *m)
{
	uint8_t buf[64];
	struct iovec local = { buf, sizeof(buf) }, remote = { m, sizeof(buf) };
	ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);

	if (uses_remap())
		expect_errno("gup-efault-remap-pfn-range", n < 0, EFAULT);
	else if (n != (ssize_t)sizeof(buf))
		fail("gup-works-vm-insert-page", "expected %zu, got %zd (%s)",
		     sizeof(buf), n, n < 0 ? errname(errno) : "short");
	else
		expect_bytes("gup-works-vm-insert-page", buf, m, sizeof(buf));
}

/* Child of check_processes(): its own open and mapping; 0 if all went well. */
static int child_store(int i)
{
	int fd = open_dev();
	uint8_t *c;

	if (fd < 0)
		return 2;
	c = map_page(fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (c == MAP_FAILED)
		return 3;
	if (c[AT_PARENT_MARK] != 0x77)
		return 4;
	c[AT_CHILD_SLOTS + i] = (uint8_t)(0x10 + i);
	return 0;
}

/* A child that inherits the mapping, and children with their own opens. */
static void check_processes(uint8_t *m)
{
	int go[2], done[2], status = 0, bad = 0, reports = 0;
	pid_t pid[NCHILDREN], one;
	uint8_t code;

	memset(m + AT_FORK_MARK, 0, AT_CHILD_SLOTS + NCHILDREN - AT_FORK_MARK);
	m[AT_PARENT_MARK] = 0x77;
	fflush(stdout);
	one = fork();
	if (one == 0) {
		m[AT_FORK_MARK] = 0x66; /* through the inherited mapping */
		_exit(0);
	}
	if (one < 0 || waitpid(one, &status, 0) != one || status != 0)
		fail("fork-inherited-mapping-shared",
		     "expected the child to exit 0, got status 0x%x", status);
	else if (m[AT_FORK_MARK] != 0x66)
		fail("fork-inherited-mapping-shared", "expected 0x66, got 0x%x",
		     m[AT_FORK_MARK]);
	else
		ok("fork-inherited-mapping-shared");

	/*
	 * NCHILDREN processes, each with its own open and mapping, all alive
	 * at once: each sees the parent's store and adds its own. Each child
	 * reports one code on `done` and closes it (EOF if all die), then
	 * holds its mapping until the parent closes `go`.
	 */
	if (pipe(go) != 0 || pipe(done) != 0) {
		fail("processes-share-page", "pipe: %s", errname(errno));
		return;
	}
	for (int i = 0; i < NCHILDREN; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			close(go[1]);
			close(done[0]);
			code = (uint8_t)child_store(i);
			(void)!write(done[1], &code, 1);
			close(done[1]);
			(void)!read(go[0], &code, 1);
			_exit(0);
		}
	}
	close(go[0]);
	close(done[1]);
	while (read(done[0], &code, 1) == 1) {
		reports++;
		bad += code != 0;
	}
	for (int i = 0; i < NCHILDREN; i++)
		bad += m[AT_CHILD_SLOTS + i] != 0x10 + i;
	close(go[1]); /* release the children */
	close(done[0]);
	for (int i = 0; i < NCHILDREN; i++)
		if (pid[i] < 0 || waitpid(pid[i], &status, 0) != pid[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	if (bad || reports != NCHILDREN)
		fail("processes-share-page",
		     "expected %d children to see 0x77 and store, got %d reports, %d problems",
		     NCHILDREN, reports, bad);
	else
		ok("processes-share-page");
}

/* After close(fd) the mapping lives on and keeps the module loaded. */
static void check_lifetime(int fd, uint8_t *m)
{
	uint8_t b = 0;
	int rfd;

	m[500] = 0x11;
	close(fd);
	m[501] = 0x22; /* would SIGSEGV/SIGBUS if the mapping were gone */
	rfd = open_dev();
	if (rfd >= 0 && pread(rfd, &b, 1, 501) == 1 && b == 0x22 &&
	    m[500] == 0x11)
		ok("mapping-survives-close");
	else
		fail("mapping-survives-close",
		     "expected 0x11 0x22 at 500 in the mapping and via a new fd, got 0x%x 0x%x",
		     m[500], rfd >= 0 ? b : 0);
	if (rfd >= 0)
		close(rfd);

	expect_errno("rmmod-refused-while-mapped",
		     syscall(SYS_delete_module, MODULE_NAME, O_NONBLOCK) != 0,
		     EWOULDBLOCK);
	expect_long("module-refcnt-held-by-mapping", module_refcnt(), 1);
	munmap(m, pg);
	expect_long("module-refcnt-zero-after-munmap", module_refcnt(), 0);
}

int main(int argc, char **argv)
{
	uint8_t *m;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1)
		dev = argv[1];
	pg = (size_t)sysconf(_SC_PAGESIZE);
	printf("mymap_test: %s, page %zu bytes, mapped with %s\n", dev, pg,
	       uses_remap() ? "remap_pfn_range" : "vm_insert_page");

	fd = open_dev();
	if (fd < 0) {
		fail("open", "expected an fd, got %s", errname(errno));
		goto out;
	}
	ok("open");
	m = map_page(fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (m == MAP_FAILED) {
		fail("mmap-one-page", "expected success, got %s",
		     errname(errno));
		goto out;
	}
	ok("mmap-one-page");

	check_contents(fd, m);
	check_mmap_rules(fd, m);
	check_bounds(fd, m);
	check_gup(m);
	check_processes(m);
	check_lifetime(fd, m);
out:
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
