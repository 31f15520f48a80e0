/* fuzz/replay_main.c - main() for a harness built without libFuzzer.
 *
 * Runs every input named on the command line (a file, or every file in a
 * directory, sorted by name so runs are reproducible) once through
 * LLVMFuzzerTestOneInput and prints what it replayed. This is the regression
 * test behind //fuzz:NAME, and NAME_fuzz outside --config=fuzz.
 *
 *   replay [-flags ignored, like libFuzzer's] FILE|DIR...
 *
 * A failing check aborts the process, so reaching the end means every input
 * passed. Exits 1 if an input cannot be read or if no input was given at all
 * (an empty seed corpus is a packaging mistake, not a pass). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
    return 1;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0) {
    fprintf(stderr, "replay: cannot stat %s: %s\n", path, strerror(errno));
    fclose(f);
    return 1;
  }
  /* An exact-size heap copy: ASan then catches a harness reading past the input. */
  size_t n = (size_t)st.st_size;
  uint8_t *data = malloc(n ? n : 1);
  if (!data || fread(data, 1, n, f) != n) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    free(data);
    fclose(f);
    return 1;
  }
  fclose(f);
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
  LLVMFuzzerTestOneInput(data, n);
  free(data);
  return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *e) {
  return e->d_name[0] != '.';
}

/* Replays path (file or directory); adds the number of inputs run to *count. */
static int replay_path(const char *path, int *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*count)++;
    return replay_file(path);
  }
  struct dirent **names;
  int n = scandir(path, &names, not_hidden, by_name);
  if (n < 0) {
    fprintf(stderr, "replay: cannot list %s: %s\n", path, strerror(errno));
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < n; i++) {
    char child[4096];
    snprintf(child, sizeof child, "%s/%s", path, names[i]->d_name);
    failures += replay_path(child, count);
    free(names[i]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int failures = 0, count = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '\0' || argv[i][0] == '-') continue; /* libFuzzer flags, empty lists */
    failures += replay_path(argv[i], &count);
  }
  if (count == 0) {
    fprintf(stderr, "replay: no inputs given (usage: %s FILE|DIR...)\n", argv[0]);
    return 1;
  }
  fprintf(stderr, "replay: %d inputs replayed, %d unreadable%s\n", count, failures,
          failures ? "" : ", all checks passed");
  return failures ? 1 : 0;
}
