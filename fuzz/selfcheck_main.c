/* fuzz/selfcheck_main.c - main() of //fuzz:NAME_selfcheck: the harness must pass on generated
 * inputs with no planted bug, and fail within a bounded number of runs on each plant.
 *
 *   NAME_selfcheck --runs N --options NAME.options [--dict NAME.dict] [--seed S]
 *                  [--run-timeout-ms MS] SEED...
 *
 * Input i is the same in every phase: the seeds first, then seeds changed by 1-6 mutations
 * (bit flips, bytes, dictionary tokens, insertions, erasures, crossovers) chosen by a
 * pseudo-random generator seeded with S and i, no longer than the options' max_len. Each
 * phase runs in a child process, so a failed check (abort) ends only that phase:
 *   - no plant: all N inputs must pass (a failure is a real finding: its input is printed and
 *     written to $TEST_UNDECLARED_OUTPUTS_DIR);
 *   - each plant of fuzz/planted/NAME_plants.c: the child must fail before run N ends.
 * A run that takes longer than MS (default 2000) is a hang: SIGALRM ends the phase, which is
 * a failure with no plant and a find with one (a wrongly blocking call, as libFuzzer's
 * -timeout would report it, only sooner).
 * Prints one line per phase (the run that found each plant, and its input); exits 0 when
 * every phase went as it must. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz/common/plant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int fz_plant_active;

enum { MAX_INPUTS = 256, MAX_TOKENS = 256, MAX_LEN = 4096 };

struct bytes {
  uint8_t *p;
  size_t n;
};

static struct bytes seeds[MAX_INPUTS], tokens[MAX_TOKENS];
static int n_seeds, n_tokens;
static size_t max_len = 256;
static long run_timeout_ms = 2000;

/* Shared with the phase's child: the run under way and its input. */
struct progress {
  int runs_done;
  size_t len;
  uint8_t input[MAX_LEN];
};

static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static int read_file(const char *path, struct bytes *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  uint8_t buf[MAX_LEN];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  out->p = malloc(n ? n : 1);
  if (!out->p) return -1;
  memcpy(out->p, buf, n);
  out->n = n;
  return 0;
}

/* "max_len = N" from a libFuzzer options file. */
static void read_options(const char *path) {
  FILE *f = fopen(path, "r");
  char line[256];
  while (f && fgets(line, sizeof line, f)) {
    unsigned long v;
    if (sscanf(line, " max_len = %lu", &v) == 1 && v > 0) max_len = v < MAX_LEN ? v : MAX_LEN;
  }
  if (f) fclose(f);
}

/* name="value" lines of a libFuzzer dictionary, with \xNN and \\ \" escapes. */
static void read_dict(const char *path) {
  FILE *f = fopen(path, "r");
  char line[1024];
  while (f && n_tokens < MAX_TOKENS && fgets(line, sizeof line, f)) {
    char *q = strchr(line, '"');
    if (line[0] == '#' || !q) continue;
    uint8_t tok[256];
    size_t n = 0;
    for (char *c = q + 1; *c && *c != '"' && n < sizeof tok; c++) {
      unsigned v;
      if (c[0] == '\\' && c[1] == 'x' && sscanf(c + 2, "%2x", &v) == 1) {
        tok[n++] = (uint8_t)v;
        c += 3;
      } else if (c[0] == '\\' && c[1]) {
        tok[n++] = (uint8_t) * ++c;
      } else {
        tok[n++] = (uint8_t)*c;
      }
    }
    struct bytes *t = &tokens[n_tokens];
    if (n > 0 && (t->p = malloc(n)) != NULL) {
      memcpy(t->p, tok, n);
      t->n = n;
      n_tokens++;
    }
  }
  if (f) fclose(f);
}

/* Input number i into buf; returns its length. */
static size_t generate(uint64_t seed, int i, uint8_t *buf) {
  if (i < n_seeds) {
    size_t n = seeds[i].n < max_len ? seeds[i].n : max_len;
    memcpy(buf, seeds[i].p, n);
    return n;
  }
  uint64_t st = seed ^ ((uint64_t)i * 0xd1b54a32d192ed03ull);
  const struct bytes *base = &seeds[splitmix(&st) % (uint64_t)n_seeds];
  size_t n = base->n < max_len ? base->n : max_len;
  memcpy(buf, base->p, n);
  int mutations = 1 + (int)(splitmix(&st) % 6);
  for (int m = 0; m < mutations; m++) {
    uint64_t r = splitmix(&st);
    size_t at = n ? (size_t)(r >> 8) % n : 0;
    static const uint8_t interesting[] = {0,    1,    2,    7,    8,    9,   0x3f,
                                          0x40, 0x7f, 0x80, 0xc0, 0xf0, 0xff};
    switch (r % 8) {
      case 0: /* flip a bit */
        if (n) buf[at] ^= (uint8_t)(1u << (r >> 40) % 8);
        break;
      case 1: /* any byte */
        if (n) buf[at] = (uint8_t)(r >> 32);
        break;
      case 2: /* an interesting byte */
        if (n) buf[at] = interesting[(r >> 32) % sizeof interesting];
        break;
      case 3: /* insert a byte */
        if (n < max_len) {
          memmove(buf + at + 1, buf + at, n - at);
          buf[at] = (uint8_t)(r >> 32);
          n++;
        }
        break;
      case 4: /* erase a byte */
        if (n) memmove(buf + at, buf + at + 1, --n - at);
        break;
      case 5: /* overwrite with a dictionary token */
      case 6:
        if (n_tokens) {
          const struct bytes *t = &tokens[(r >> 32) % (uint64_t)n_tokens];
          if (at + t->n > max_len) break;
          memcpy(buf + at, t->p, t->n);
          if (at + t->n > n) n = at + t->n;
        }
        break;
      default: { /* the tail of another seed from here on */
        const struct bytes *other = &seeds[(r >> 32) % (uint64_t)n_seeds];
        size_t from = other->n ? (size_t)(r >> 48) % other->n : 0;
        size_t take = other->n - from;
        if (at + take > max_len) take = max_len - at;
        memcpy(buf + at, other->p + from, take);
        n = at + take;
        break;
      }
    }
  }
  return n;
}

static void print_input(const char *label, const uint8_t *p, size_t n) {
  fprintf(stderr, "%s (%zu bytes):", label, n);
  for (size_t i = 0; i < n; i++) fprintf(stderr, " %02x", p[i]);
  fputc('\n', stderr);
}

/* Saves a failing input where Bazel keeps test outputs. */
static void save_input(const char *name, const uint8_t *p, size_t n) {
  const char *dir = getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : ".", name);
  FILE *f = fopen(path, "wb");
  if (f && fwrite(p, 1, n, f) == n) fprintf(stderr, "  saved as %s\n", path);
  if (f) fclose(f);
}

/* How a phase's child ended: "a failed check (SIGABRT)", "a hang (SIGALRM)", ... */
static const char *describe_end(int status) {
  static char text[64];
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) return "a failed check (SIGABRT)";
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) return "a hang (SIGALRM)";
  if (WIFSIGNALED(status))
    snprintf(text, sizeof text, "signal %d", WTERMSIG(status));
  else
    snprintf(text, sizeof text, "exit status %d", WEXITSTATUS(status));
  return text;
}

/* Runs inputs 0..runs-1 with plant k active in a child. Returns the wait status; *done is
 * how many runs completed, and *progress holds the input of the run under way. */
static int run_phase(int k, int runs, uint64_t seed, struct progress *progress, int *done) {
  progress->runs_done = 0;
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    perror("selfcheck: fork");
    exit(2);
  }
  if (pid == 0) {
    fz_plant_active = k;
    for (int i = 0; i < runs; i++) {
      progress->len = generate(seed, i, progress->input);
      /* An exact-size heap copy, as libFuzzer passes it: ASan sees reads past the end. */
      uint8_t *copy = malloc(progress->len ? progress->len : 1);
      memcpy(copy, progress->input, progress->len);
      struct itimerval limit = {{0, 0}, {run_timeout_ms / 1000, run_timeout_ms % 1000 * 1000}};
      setitimer(ITIMER_REAL, &limit, NULL); /* SIGALRM's default action ends a hung run */
      LLVMFuzzerTestOneInput(copy, progress->len);
      free(copy);
      progress->runs_done = i + 1;
    }
    fflush(stderr);
    _exit(0);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
  *done = progress->runs_done;
  return status;
}

int main(int argc, char **argv) {
  int runs = 2000;
  uint64_t seed = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--runs") && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else if (!strcmp(a, "--seed") && i + 1 < argc) {
      seed = strtoull(argv[++i], NULL, 0);
    } else if (!strcmp(a, "--options") && i + 1 < argc) {
      read_options(argv[++i]);
    } else if (!strcmp(a, "--run-timeout-ms") && i + 1 < argc) {
      run_timeout_ms = atol(argv[++i]);
    } else if (!strcmp(a, "--dict") && i + 1 < argc) {
      read_dict(argv[++i]);
    } else if (n_seeds < MAX_INPUTS && read_file(a, &seeds[n_seeds]) == 0) {
      n_seeds++;
    } else {
      fprintf(stderr, "selfcheck: cannot read %s: %s\n", a, strerror(errno));
      return 2;
    }
  }
  if (n_seeds == 0 || runs <= n_seeds) {
    fprintf(stderr, "selfcheck: need seed inputs and --runs above their number (%d)\n", n_seeds);
    return 2;
  }
  struct progress *progress =
      mmap(NULL, sizeof *progress, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (progress == MAP_FAILED) {
    perror("selfcheck: mmap");
    return 2;
  }
  fprintf(stderr, "selfcheck: %d inputs (%d seeds, then mutations; max_len %zu, %d tokens)\n", runs,
          n_seeds, max_len, n_tokens);

  int failures = 0, done;
  int status = run_phase(0, runs, seed, progress, &done);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr,
            "selfcheck: FAIL: with no planted bug, run %d failed (%s, see above): a real "
            "finding, or a harness bug\n",
            done + 1, describe_end(status));
    print_input("  its input", progress->input, progress->len);
    save_input("selfcheck-no-plant-failure", progress->input, progress->len);
    failures++;
  } else {
    fprintf(stderr, "selfcheck: no plant: all %d runs pass\n", runs);
  }
  for (int k = 1; k <= fz_plant_count; k++) {
    const struct fz_plant *p = &fz_plants[k - 1];
    fprintf(stderr, "selfcheck: plant %s (%s): expect one failure report\n", p->name, p->bug);
    status = run_phase(k, runs, seed, progress, &done);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      fprintf(stderr,
              "selfcheck: FAIL: plant %s not found in %d runs: the harness has gone "
              "blind to it\n",
              p->name, runs);
      failures++;
      continue;
    }
    fprintf(stderr, "selfcheck: plant %s found after %d runs (%s)\n", p->name, done + 1,
            describe_end(status));
    print_input("  by the input", progress->input, progress->len);
  }
  return failures ? 1 : 0;
}
