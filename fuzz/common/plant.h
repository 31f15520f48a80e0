/* fuzz/common/plant.h - planted bugs: does a harness still see what it is there to see?
 *
 * A plant file (fuzz/planted/NAME_plants.c) wraps functions a harness calls (linked with
 * -Wl,--wrap, see cc_fuzz_test's plant_wraps) and, while its plant is active, makes them
 * misbehave the way a realistic bug would: a short write taken for a whole one, a size not
 * restored, a message lost by a receiver that dies. //fuzz:NAME_selfcheck (selfcheck_main.c)
 * runs the same generated inputs through the harness with no plant active (nothing may fail)
 * and with each plant active in turn (the harness must fail within the bounded number of
 * runs). A harness whose encoding or checks drift so that it no longer reaches a state is
 * noticed in `bazel test`, not in the next real bug. */
#ifndef MMAPKIT_FUZZ_COMMON_PLANT_H
#define MMAPKIT_FUZZ_COMMON_PLANT_H

/* 0: every wrapper behaves; k: fz_plants[k - 1] misbehaves. Set by selfcheck_main.c. */
extern int fz_plant_active;

struct fz_plant {
  const char *name; /* e.g. "short_write_taken_whole" */
  const char *bug;  /* the realistic bug it stands for, in one line */
};

/* Defined by the plant file of the harness. */
extern const struct fz_plant fz_plants[];
extern const int fz_plant_count;

#endif /* MMAPKIT_FUZZ_COMMON_PLANT_H */
