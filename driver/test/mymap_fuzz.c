// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer of /dev/mymap (see ../mymap.h), run as root inside the QEMU guest by
 * tools/qemu-driver-test.sh --fuzz SECONDS, once per mapping mode. Built
 * static (C11): the guest has no libc.
 *
 * Several processes run random sequences of open, mmap (sizes, offsets,
 * protections, flags), mprotect, mremap, madvise, fork, munmap, loads and
 * stores through mappings, read, write, lseek, ioctl, get_user_pages (through
 * process_vm_readv) and close on the device, at once, for a time budget. Every
 * result the interface promises is checked as it happens: each errno of the
 * mmap rules, the read/write/lseek bounds, and the page's content, seen the
 * same through every mapping, read() and get_user_pages in every process. The
 * page's content is modelled in memory all processes share; changes to it and
 * comparisons with the model happen under one lock, everything else races
 * freely. The kernel's own reports (WARNING, BUG, KASAN, lockdep) are the
 * runner's to find in the kernel log; unloading the module after the run
 * checks that no reference was leaked.
 *
 *   mymap_fuzz [--seconds N] [--procs N] [--seed N] [DEVICE]
 *
 * Output: one "FAIL fuzz-<what>: expected X, got Y" line per broken promise,
 * followed by the process's last operations, and a last line
 *   "fuzz: N sequences, M operations in S s (P processes, seed X): K failures".
 * Exit status 0 only without failures; 2 for bad arguments or setup.
 *
 * Not checked, only exercised (the kernel decides, not the driver): madvise()
 * advice and mremap() moves. After a successful MADV_DONTNEED the mapping no
 * longer holds the page (it is mapped once, at mmap() time: there is no fault
 * handler), so it is not touched again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../mymap.h"
#include "mymap_user.h"

#define MAX_PROCS 8
#define MAX_FDS 4
#define MAX_MAPS 6
#define MAX_CHILDREN 4
#define HISTORY 12
#define HISTORY_LEN 120
#define MAX_PRINTED_FAILURES 10

/* In memory every worker and its children share. */
struct history {
	char op[HISTORY][HISTORY_LEN];
	unsigned next;
};

/* What the run reached, for its last line: a fuzzer that never maps, never
 * compares or never forks would pass without meaning anything. */
enum reached { MAPPED, COMPARED, CHANGED, FORKED, ZAPPED, MOVED, N_REACHED };
static const char *const reached_name[N_REACHED] = {
	"mappings", "content checks", "content changes",
	"forks",    "MADV_DONTNEED",  "mremap moves"
};

struct shared {
	pthread_mutex_t lock; /* content changes and comparisons */
	unsigned long sequences, operations;
	unsigned long reached[N_REACHED];
	int failures;
	struct history worker[MAX_PROCS], child[MAX_PROCS];
	uint8_t model[]; /* the page as it must be: pg bytes */
};

struct fd_slot {
	int fd; /* -1: free */
	int mode; /* O_RDONLY, O_WRONLY or O_RDWR */
};

struct map_slot {
	uint8_t *addr; /* NULL: free */
	int prot;
	bool shared;
	bool zapped; /* MADV_DONTNEED succeeded: the page is gone */
	bool dontfork;
};

/* One process's view: its descriptors and mappings, its random state. */
struct state {
	struct fd_slot fds[MAX_FDS];
	struct map_slot maps[MAX_MAPS];
	pid_t children[MAX_CHILDREN];
	uint64_t rng;
	struct history *history;
	unsigned index; /* the worker's, also in its children */
	bool is_child;
	const char *who;
	unsigned long ops;
};

static const char *dev = "/dev/mymap";
static size_t pg;
static bool remap_mode;
static struct shared *sh;
static struct timespec deadline;

/* --- randomness, time, reporting --------------------------------------------- */

static uint64_t next_random(struct state *s)
{
	/* xorshift64*: small, seedable, good enough to pick operations. */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

static unsigned below(struct state *s, unsigned n)
{
	return (unsigned)(next_random(s) % n);
}

static bool chance(struct state *s, unsigned percent)
{
	return below(s, 100) < percent;
}

static bool time_left(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < deadline.tv_sec || (now.tv_sec == deadline.tv_sec &&
						now.tv_nsec < deadline.tv_nsec);
}

/* Note the operation about to run, for the report of a failure or a crash. */
static void note(struct state *s, const char *fmt, ...)
{
	va_list ap;
	struct history *h = s->history;

	va_start(ap, fmt);
	vsnprintf(h->op[h->next % HISTORY], HISTORY_LEN, fmt, ap);
	va_end(ap);
	h->next++;
	s->ops++;
}

static void print_history(const struct history *h)
{
	unsigned i = h->next > HISTORY ? h->next - HISTORY : 0;

	for (; i < h->next; i++)
		printf("    %s op: %s\n", i + 1 == h->next ? "last" : "    ",
		       h->op[i % HISTORY]);
}

/* A broken promise: say which, with the recent operations, and stop. */
static void failure(struct state *s, const char *what, const char *fmt, ...)
{
	va_list ap;
	int n = __atomic_add_fetch(&sh->failures, 1, __ATOMIC_SEQ_CST);

	if (n <= MAX_PRINTED_FAILURES) {
		printf("FAIL fuzz-%s: ", what);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(" (%s %d, seed state %#llx)\n", s->who, (int)getpid(),
		       (unsigned long long)s->rng);
		print_history(s->history);
		fflush(stdout);
	}
	_exit(1);
}

/* A call that must fail with errno want (got is its result, err its errno). */
static void expect_errno(struct state *s, const char *what, long got, int err,
			 int want)
{
	if (got != -1)
		failure(s, what, "expected %s, got success (%ld)",
			errname(want), got);
	if (err != want)
		failure(s, what, "expected %s, got %s", errname(want),
			errname(err));
}

static void expect_value(struct state *s, const char *what, long got, int err,
			 long want)
{
	if (got == -1 && want != -1)
		failure(s, what, "expected %ld, got -1 (%s)", want,
			errname(err));
	if (got != want)
		failure(s, what, "expected %ld, got %ld", want, got);
}

/* Compare n bytes seen somewhere with the model from offset off. */
static void count(enum reached what);

static void expect_model(struct state *s, const char *what, const uint8_t *got,
			 size_t off, size_t n)
{
	count(COMPARED);
	for (size_t i = 0; i < n; i++) {
		if (got[i] != sh->model[off + i])
			failure(s, what,
				"expected byte %zu of the page to be %#x, got %#x",
				off + i, sh->model[off + i], got[i]);
	}
}

/* Run the call first, then read errno (argument order is unspecified). */
#define EXPECT_ERRNO(s, what, call, want)               \
	do {                                            \
		long r_ = (long)(call);                 \
		expect_errno(s, what, r_, errno, want); \
	} while (0)
#define EXPECT_VALUE(s, what, call, want)                       \
	do {                                                    \
		long r_ = (long)(call);                         \
		expect_value(s, what, r_, errno, (long)(want)); \
	} while (0)

static void count(enum reached what)
{
	__atomic_add_fetch(&sh->reached[what], 1, __ATOMIC_RELAXED);
}

static void lock(void)
{
	if (pthread_mutex_lock(&sh->lock) == EOWNERDEAD) {
		/* Its holder died (and was reported): keep going. */
		pthread_mutex_consistent(&sh->lock);
	}
}

static void unlock(void)
{
	pthread_mutex_unlock(&sh->lock);
}

/* --- picking descriptors and mappings ------------------------------------------ */

static const char *mode_name(int mode)
{
	return mode == O_RDONLY	  ? "O_RDONLY"
	       : mode == O_WRONLY ? "O_WRONLY"
				  : "O_RDWR";
}

static const char *prot_name(int prot)
{
	static const char *names[] = { "PROT_NONE", "PROT_READ", "PROT_WRITE",
				       "PROT_READ|PROT_WRITE" };

	return names[prot & 3];
}

/* A random open descriptor, or NULL. */
static struct fd_slot *any_fd(struct state *s)
{
	unsigned start = below(s, MAX_FDS);

	for (unsigned i = 0; i < MAX_FDS; i++) {
		struct fd_slot *f = &s->fds[(start + i) % MAX_FDS];

		if (f->fd >= 0)
			return f;
	}
	return NULL;
}

static struct map_slot *any_map(struct state *s)
{
	unsigned start = below(s, MAX_MAPS);

	for (unsigned i = 0; i < MAX_MAPS; i++) {
		struct map_slot *m = &s->maps[(start + i) % MAX_MAPS];

		if (m->addr)
			return m;
	}
	return NULL;
}

static struct map_slot *free_map(struct state *s)
{
	for (unsigned i = 0; i < MAX_MAPS; i++) {
		if (!s->maps[i].addr)
			return &s->maps[i];
	}
	return NULL;
}

/* A mapping whose page can be read now: mapped, readable, not zapped. */
static struct map_slot *readable_map(struct state *s)
{
	for (unsigned i = 0; i < MAX_MAPS; i++) {
		struct map_slot *m = &s->maps[i];

		if (m->addr && (m->prot & PROT_READ) && !m->zapped)
			return m;
	}
	return NULL;
}

/* --- the operations ------------------------------------------------------------------ */

static void op_open(struct state *s)
{
	static const int modes[] = { O_RDWR, O_RDWR, O_RDWR, O_RDONLY,
				     O_WRONLY };
	int mode = modes[below(s, 5)];

	for (unsigned i = 0; i < MAX_FDS; i++) {
		struct fd_slot *f = &s->fds[i];

		if (f->fd >= 0)
			continue;
		note(s, "open(%s)", mode_name(mode));
		f->fd = open(dev, mode | O_CLOEXEC);
		if (f->fd < 0)
			failure(s, "open", "expected a descriptor, got %s",
				errname(errno));
		f->mode = mode;
		return;
	}
}

static void op_close(struct state *s)
{
	struct fd_slot *f = any_fd(s);

	if (!f)
		return;
	note(s, "close(fd %d)", f->fd);
	EXPECT_VALUE(s, "close", close(f->fd), 0);
	f->fd = -1;
}

/*
 * mmap() with random arguments, and the one result the rules allow: the
 * kernel's checks (length, offset alignment, access mode), then the
 * driver's (offset 0, at most one page, no writable private mapping).
 */
static void op_mmap(struct state *s)
{
	const size_t lens[] = { pg, pg, pg, pg / 2, 1, pg + 1, 2 * pg, 0 };
	const off_t offs[] = { 0, 0, 0, 0, (off_t)pg, 3 * (off_t)pg, 1 };
	struct fd_slot *f = any_fd(s);
	struct map_slot *m = free_map(s);
	size_t len = lens[below(s, 8)];
	off_t off = offs[below(s, 7)];
	int prot = (int)below(s, 4);
	int type = below(s, 3);
	int flags = type == 0	? MAP_PRIVATE
		    : type == 1 ? MAP_SHARED
				: MAP_SHARED_VALIDATE;
	bool shared = flags != MAP_PRIVATE;
	bool readable, writable;
	int want = 0;
	void *p;

	if (!f || !m)
		return;
	readable = f->mode != O_WRONLY;
	writable = f->mode != O_RDONLY;
	if (chance(s, 20))
		flags |= MAP_POPULATE;
	if (len == 0 || off % (off_t)pg)
		want = EINVAL;
	else if (!readable)
		want = EACCES;
	else if (shared && (prot & PROT_WRITE) && !writable)
		want = EACCES;
	else if (off != 0 || len > pg)
		want = EINVAL;
	else if (!shared && (prot & PROT_WRITE))
		want = EINVAL;
	note(s, "mmap(len %zu, offset %lld, %s, %s%s) of an %s fd", len,
	     (long long)off, prot_name(prot),
	     type == 0	 ? "MAP_PRIVATE"
	     : type == 1 ? "MAP_SHARED"
			 : "MAP_SHARED_VALIDATE",
	     flags & MAP_POPULATE ? "|MAP_POPULATE" : "", mode_name(f->mode));
	p = mmap(NULL, len, prot, flags, f->fd, off);
	if (want) {
		if (p != MAP_FAILED)
			failure(s, "mmap", "expected %s, got a mapping",
				errname(want));
		if (errno != want)
			failure(s, "mmap", "expected %s, got %s", errname(want),
				errname(errno));
		return;
	}
	if (p == MAP_FAILED)
		failure(s, "mmap", "expected a mapping, got %s",
			errname(errno));
	*m = (struct map_slot){ .addr = p, .prot = prot, .shared = shared };
	count(MAPPED);
}

static void op_munmap(struct state *s)
{
	struct map_slot *m = any_map(s);

	if (!m)
		return;
	/* Any length up to the page unmaps the whole page. */
	size_t len = chance(s, 50) ? pg : 1 + below(s, (unsigned)pg);

	note(s, "munmap(%p, %zu)", (void *)m->addr, len);
	EXPECT_VALUE(s, "munmap", munmap(m->addr, len), 0);
	m->addr = NULL;
}

/*
 * mprotect(): a private mapping never becomes writable (no copy-on-write of
 * the driver's page), nor a shared one of a read-only descriptor.
 */
static void op_mprotect(struct state *s)
{
	struct map_slot *m = any_map(s);
	int prot = (int)below(s, 4);
	long r;

	if (!m)
		return;
	note(s, "mprotect(%p, %s) of a %s mapping", (void *)m->addr,
	     prot_name(prot), m->shared ? "shared" : "private");
	r = mprotect(m->addr, pg, prot);
	if (prot & PROT_WRITE) {
		/* Writable only if it was made writable, or could have been. */
		if (!m->shared) {
			expect_errno(s, "mprotect-private-write", r, errno,
				     EACCES);
			return;
		}
		if (r == -1 && errno == EACCES)
			return; /* a shared mapping of an O_RDONLY fd */
	}
	expect_value(s, "mprotect", r, errno, 0);
	m->prot = prot;
}

/*
 * mremap(): growing past the page fails with EFAULT (VM_DONTEXPAND), with or
 * without MREMAP_MAYMOVE; moving the mapping elsewhere is the kernel's
 * business, and where it succeeds the mapping is followed.
 */
static void op_mremap(struct state *s)
{
	struct map_slot *m = any_map(s);
	void *p;

	if (!m)
		return;
	if (chance(s, 60)) {
		int flags = chance(s, 50) ? MREMAP_MAYMOVE : 0;

		note(s, "mremap(%p, grow to 2 pages%s)", (void *)m->addr,
		     flags ? ", MREMAP_MAYMOVE" : "");
		p = mremap(m->addr, pg, 2 * pg, flags);
		expect_errno(s, "mremap-grow", p == MAP_FAILED ? -1 : 0, errno,
			     EFAULT);
		return;
	}
	/* A place to move to: a page reserved for it. */
	void *to =
		mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (to == MAP_FAILED)
		failure(s, "setup", "mmap of a reserve page: %s",
			errname(errno));
	note(s, "mremap(%p, move to %p)", (void *)m->addr, to);
	p = mremap(m->addr, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	if (p == MAP_FAILED) {
		munmap(to, pg);
		return;
	}
	m->addr = p;
	count(MOVED);
}

static void op_madvise(struct state *s)
{
	static const struct {
		int advice;
		const char *name;
	} advice[] = {
		{ MADV_NORMAL, "MADV_NORMAL" },
		{ MADV_RANDOM, "MADV_RANDOM" },
		{ MADV_SEQUENTIAL, "MADV_SEQUENTIAL" },
		{ MADV_WILLNEED, "MADV_WILLNEED" },
		{ MADV_DONTNEED, "MADV_DONTNEED" },
		{ MADV_DONTFORK, "MADV_DONTFORK" },
		{ MADV_DOFORK, "MADV_DOFORK" },
		{ MADV_DONTDUMP, "MADV_DONTDUMP" },
		{ MADV_DODUMP, "MADV_DODUMP" },
		{ MADV_COLD, "MADV_COLD" },
		{ MADV_PAGEOUT, "MADV_PAGEOUT" },
		{ MADV_POPULATE_READ, "MADV_POPULATE_READ" },
		{ MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE" },
		{ MADV_HUGEPAGE, "MADV_HUGEPAGE" },
		{ MADV_FREE, "MADV_FREE" },
		{ MADV_REMOVE, "MADV_REMOVE" },
	};
	struct map_slot *m = any_map(s);
	unsigned i = below(s, sizeof(advice) / sizeof(advice[0]));

	if (!m)
		return;
	note(s, "madvise(%p, %s)", (void *)m->addr, advice[i].name);
	if (madvise(m->addr, pg, advice[i].advice) != 0)
		return;
	if (advice[i].advice == MADV_DONTNEED) {
		m->zapped = true;
		count(ZAPPED);
	} else if (advice[i].advice == MADV_DONTFORK)
		m->dontfork = true;
	else if (advice[i].advice == MADV_DOFORK)
		m->dontfork = false;
}

/* A load through a mapping: the page as the model has it. */
static void op_load(struct state *s)
{
	struct map_slot *m = readable_map(s);
	size_t off = below(s, (unsigned)pg),
	       n = 1 + below(s, (unsigned)(pg - off));

	if (!m)
		return;
	note(s, "load %zu bytes at %zu through %p", n, off, (void *)m->addr);
	lock();
	expect_model(s, "mapping-shows-page", m->addr + off, off, n);
	unlock();
}

/* A store through a writable shared mapping, seen by read() at once. */
static void op_store(struct state *s)
{
	struct fd_slot *f = any_fd(s);
	size_t off = below(s, (unsigned)pg),
	       n = 1 + below(s, (unsigned)(pg - off));
	uint8_t value = (uint8_t)next_random(s);
	uint8_t *buf;
	struct map_slot *m = NULL;

	for (unsigned i = 0; i < MAX_MAPS && !m; i++) {
		if (s->maps[i].addr &&
		    s->maps[i].prot == (PROT_READ | PROT_WRITE) &&
		    !s->maps[i].zapped)
			m = &s->maps[i];
	}
	if (!m)
		return;
	note(s, "store %zu bytes of %#x at %zu through %p", n, value, off,
	     (void *)m->addr);
	lock();
	memset(m->addr + off, value, n);
	memset(sh->model + off, value, n);
	count(CHANGED);
	if (f && f->mode != O_WRONLY) {
		buf = malloc(pg);
		if (!buf)
			failure(s, "setup", "malloc");
		EXPECT_VALUE(s, "read-after-store", pread(f->fd, buf, pg, 0),
			     (long)pg);
		expect_model(s, "store-visible-to-read", buf, 0, pg);
		free(buf);
	}
	unlock();
}

/*
 * pread() and pwrite() at random places: the device is a file of one page
 * (a read at or past its end returns 0, a write there fails with ENOSPC,
 * either is cut at the end), and a descriptor not open for it gets EBADF.
 */
static void op_read_write(struct state *s)
{
	struct fd_slot *f = any_fd(s);
	size_t off = below(s, (unsigned)(pg + pg / 4));
	size_t len = below(s, (unsigned)(pg + pg / 2));
	bool write_op = chance(s, 40);
	size_t in_page = off >= pg ? 0 : (len < pg - off ? len : pg - off);
	uint8_t *buf;
	ssize_t r;

	if (!f)
		return;
	buf = malloc(len + 1);
	if (!buf)
		failure(s, "setup", "malloc");
	lock();
	if (write_op) {
		uint8_t value = (uint8_t)next_random(s);

		memset(buf, value, len);
		note(s, "pwrite(%zu bytes of %#x at %zu) on an %s fd", len,
		     value, off, mode_name(f->mode));
		r = pwrite(f->fd, buf, len, (off_t)off);
		if (f->mode == O_RDONLY)
			expect_errno(s, "write-rdonly", r, errno, EBADF);
		else if (off >= pg && len > 0)
			expect_errno(s, "write-at-end", r, errno, ENOSPC);
		else
			expect_value(s, "write-count", r, errno, (long)in_page);
		if (r > 0) {
			memset(sh->model + off, value, (size_t)r);
			count(CHANGED);
		}
	} else {
		note(s, "pread(%zu bytes at %zu) on an %s fd", len, off,
		     mode_name(f->mode));
		r = pread(f->fd, buf, len, (off_t)off);
		if (f->mode == O_WRONLY) {
			expect_errno(s, "read-wronly", r, errno, EBADF);
		} else {
			expect_value(s, "read-count", r, errno, (long)in_page);
			expect_model(s, "read-shows-page", buf, off, in_page);
		}
	}
	unlock();
	free(buf);
}

/* lseek(): positions 0..page, SEEK_END is the page size, beyond is EINVAL. */
static void op_lseek(struct state *s)
{
	struct fd_slot *f = any_fd(s);
	off_t to = (off_t)below(s, (unsigned)(pg + 2));

	if (!f)
		return;
	note(s, "lseek(%lld, SEEK_SET); lseek(0, SEEK_END)", (long long)to);
	if (to > (off_t)pg)
		EXPECT_ERRNO(s, "lseek-past-end", lseek(f->fd, to, SEEK_SET),
			     EINVAL);
	else
		EXPECT_VALUE(s, "lseek", lseek(f->fd, to, SEEK_SET), to);
	EXPECT_VALUE(s, "lseek-end", lseek(f->fd, 0, SEEK_END), (long)pg);
}

/* MYMAP_IOC_STAMP: byte i becomes (seed + i) & 0xff, seen through a mapping. */
static void op_ioctl(struct state *s)
{
	struct fd_slot *f = any_fd(s);
	unsigned kind = below(s, 10);
	uint32_t seed = (uint32_t)next_random(s);
	struct map_slot *m;

	if (!f)
		return;
	if (kind == 0) {
		note(s, "ioctl(unknown command)");
		EXPECT_ERRNO(s, "ioctl-unknown",
			     ioctl(f->fd, _IO(MYMAP_IOC_MAGIC, 77)), ENOTTY);
		return;
	}
	if (kind == 1) {
		note(s, "ioctl(MYMAP_IOC_STAMP, NULL)");
		EXPECT_ERRNO(s, "ioctl-bad-pointer",
			     ioctl(f->fd, MYMAP_IOC_STAMP, NULL), EFAULT);
		return;
	}
	note(s, "ioctl(MYMAP_IOC_STAMP, %#x)", seed);
	lock();
	EXPECT_VALUE(s, "ioctl-stamp", ioctl(f->fd, MYMAP_IOC_STAMP, &seed), 0);
	for (size_t i = 0; i < pg; i++)
		sh->model[i] = (uint8_t)(seed + i);
	count(CHANGED);
	m = readable_map(s);
	if (m)
		expect_model(s, "stamp-visible-in-mapping", m->addr, 0, pg);
	unlock();
}

/*
 * get_user_pages() through process_vm_readv(): works on a vm_insert_page()
 * mapping, fails with EFAULT on a remap_pfn_range() (VM_PFNMAP) one.
 */
static void op_gup(struct state *s)
{
	struct map_slot *m = readable_map(s);
	uint8_t buf[256];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote;
	ssize_t r;

	if (!m)
		return;
	remote = (struct iovec){ m->addr, sizeof(buf) };
	note(s, "process_vm_readv(%p, %zu)", (void *)m->addr, sizeof(buf));
	lock();
	r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (remap_mode) {
		expect_errno(s, "gup-remap-pfn-range", r, errno, EFAULT);
	} else {
		expect_value(s, "gup-vm-insert-page", r, errno, sizeof(buf));
		expect_model(s, "gup-shows-page", buf, 0, sizeof(buf));
	}
	unlock();
}

static void run_ops(struct state *s, unsigned n);

/* The child of a fork(): the inherited mappings (MADV_DONTFORK ones are not
 * there), descriptors of its own (inherited ones share a file position). */
static void child_of_fork(struct state *s)
{
	s->is_child = true;
	s->who = "child";
	for (unsigned i = 0; i < MAX_FDS; i++) {
		if (s->fds[i].fd >= 0)
			close(s->fds[i].fd);
		s->fds[i].fd = -1;
	}
	for (unsigned i = 0; i < MAX_MAPS; i++) {
		if (s->maps[i].dontfork)
			s->maps[i].addr = NULL;
	}
	for (unsigned i = 0; i < MAX_CHILDREN; i++)
		s->children[i] = 0;
	s->rng ^= (uint64_t)getpid() << 32;
	run_ops(s, 1 + below(s, 12));
	_exit(0);
}

static void reap(struct state *s, bool wait_all)
{
	for (unsigned i = 0; i < MAX_CHILDREN; i++) {
		int status;
		pid_t pid = s->children[i];

		if (!pid ||
		    waitpid(pid, &status, wait_all ? 0 : WNOHANG) != pid)
			continue;
		s->children[i] = 0;
		if (WIFSIGNALED(status)) {
			printf("FAIL fuzz-child: expected the forked child to exit, got signal %s; its last operations:\n",
			       sigabbrev_np(WTERMSIG(status))
				       ? sigabbrev_np(WTERMSIG(status))
				       : "?");
			print_history(&sh->child[s->index]);
			failure(s, "child", "a forked child was killed");
		}
		if (WEXITSTATUS(status) != 0)
			_exit(1); /* the child said why */
	}
}

static void op_fork(struct state *s)
{
	pid_t pid;
	unsigned slot;

	if (s->is_child)
		return;
	for (slot = 0; slot < MAX_CHILDREN && s->children[slot]; slot++)
		;
	if (slot == MAX_CHILDREN)
		return;
	note(s, "fork()");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		failure(s, "fork", "expected a child, got %s", errname(errno));
	if (pid == 0) {
		/* Its own history: a child's crash is reported with it. */
		s->history = &sh->child[s->index];
		s->history->next = 0;
		child_of_fork(s);
	}
	s->children[slot] = pid;
	count(FORKED);
}

static void run_ops(struct state *s, unsigned n)
{
	static void (*const ops[])(struct state *) = {
		op_open,       op_open,	  op_close,    op_mmap,	  op_mmap,
		op_mmap,       op_munmap, op_mprotect, op_mremap, op_madvise,
		op_load,       op_load,	  op_store,    op_store,  op_read_write,
		op_read_write, op_lseek,  op_ioctl,    op_gup,	  op_fork,
	};

	for (unsigned i = 0; i < n && time_left(); i++) {
		ops[below(s, sizeof(ops) / sizeof(ops[0]))](s);
		if (!s->is_child)
			reap(s, false);
	}
	__atomic_add_fetch(&sh->operations, s->ops, __ATOMIC_RELAXED);
	s->ops = 0;
}

/* One worker: sequences of 8..64 operations, each from a clean slate. */
static void worker(unsigned index, uint64_t seed)
{
	struct state s = { .rng = seed * 0x9E3779B97F4A7C15ULL + index + 1,
			   .history = &sh->worker[index],
			   .index = index,
			   .who = "worker" };

	for (unsigned i = 0; i < MAX_FDS; i++)
		s.fds[i].fd = -1;
	while (time_left()) {
		run_ops(&s, 8 + below(&s, 57));
		reap(&s, true);
		for (unsigned i = 0; i < MAX_MAPS; i++) {
			if (s.maps[i].addr)
				munmap(s.maps[i].addr, pg);
			s.maps[i] = (struct map_slot){ 0 };
		}
		for (unsigned i = 0; i < MAX_FDS; i++) {
			if (s.fds[i].fd >= 0)
				close(s.fds[i].fd);
			s.fds[i].fd = -1;
		}
		__atomic_add_fetch(&sh->sequences, 1, __ATOMIC_RELAXED);
	}
	_exit(0);
}

/* --- main ------------------------------------------------------------------------------ */

static int usage(const char *why)
{
	fprintf(stderr,
		"mymap_fuzz: %s\nusage: mymap_fuzz [--seconds N] [--procs N (1..%d)] [--seed N] [DEVICE]\n",
		why, MAX_PROCS);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long seconds = 10, procs = 4;
	uint64_t seed = (uint64_t)time(NULL);
	pthread_mutexattr_t attr;
	pid_t pids[MAX_PROCS];
	struct timespec start;
	int fd, status = 0;

	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		unsigned long long v = 0;

		if (argv[i][0] != '-') {
			dev = argv[i];
			continue;
		}
		if (i + 1 >= argc)
			return usage("an option needs a value");
		v = strtoull(argv[i + 1], &end, 0);
		if (!*argv[i + 1] || *end)
			return usage("not a number");
		if (!strcmp(argv[i], "--seconds") && v > 0)
			seconds = v;
		else if (!strcmp(argv[i], "--procs") && v > 0 && v <= MAX_PROCS)
			procs = v;
		else if (!strcmp(argv[i], "--seed"))
			seed = v;
		else
			return usage("unknown option or value out of range");
		i++;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	pg = (size_t)sysconf(_SC_PAGESIZE);
	remap_mode = uses_remap();
	sh = mmap(NULL, sizeof(*sh) + pg, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mymap_fuzz: mmap of the shared state");
		return 2;
	}
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&sh->lock, &attr);

	/* The model starts as the page is now. */
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, sh->model, pg, 0) != (ssize_t)pg) {
		printf("FAIL fuzz-setup: expected to read the page of %s, got %s\n",
		       dev, errname(errno));
		return 2;
	}
	close(fd);

	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = start;
	deadline.tv_sec += (time_t)seconds;
	printf("fuzz: %lu processes for %lu s on %s (%s), seed %llu\n", procs,
	       seconds, dev, remap_mode ? "remap_pfn_range" : "vm_insert_page",
	       (unsigned long long)seed);
	for (unsigned i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("mymap_fuzz: fork");
			return 2;
		}
		if (pids[i] == 0)
			worker(i, seed);
	}
	for (unsigned i = 0; i < procs; i++) {
		int st;

		if (waitpid(pids[i], &st, 0) != pids[i])
			continue;
		if (WIFSIGNALED(st)) {
			int n = __atomic_add_fetch(&sh->failures, 1,
						   __ATOMIC_SEQ_CST);

			if (n <= MAX_PRINTED_FAILURES) {
				printf("FAIL fuzz-worker: expected worker %u to exit, got signal %s; its last operations:\n",
				       i,
				       sigabbrev_np(WTERMSIG(st))
					       ? sigabbrev_np(WTERMSIG(st))
					       : "?");
				print_history(&sh->worker[i]);
			}
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			status = 1;
	}
	struct timespec end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("fuzz: %lu sequences, %lu operations in %.1f s (%lu processes, seed %llu): %d failures\n",
	       sh->sequences, sh->operations,
	       (double)(end.tv_sec - start.tv_sec) +
		       (double)(end.tv_nsec - start.tv_nsec) / 1e9,
	       procs, (unsigned long long)seed, sh->failures);
	printf("fuzz: reached");
	for (int i = 0; i < N_REACHED; i++)
		printf("%s %lu %s", i ? "," : "", sh->reached[i],
		       reached_name[i]);
	printf("\n");
	return status || sh->failures ? 1 : 0;
}
