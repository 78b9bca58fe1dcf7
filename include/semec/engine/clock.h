/* The run's clock: what slot t is.  A run is either one stretch of
 * -sim_slots slots (phase RUN), or episodic (-sim_episode_length T > 0):
 * -sim_train_episodes training episodes of T slots, then
 * -sim_test_episodes test episodes, both phases in one run.  An execution
 * model resets its per-episode state at step 0 and keys the draws of an
 * episode by (phase, episode within the phase, step), so that test episode
 * e is the same task draw and channel for every policy and every training
 * length (common random numbers); a learning policy trains in the training
 * phase and only acts in the test phase. */
#ifndef SEMEC_CLOCK_H
#define SEMEC_CLOCK_H
#include <semec/engine/config.h>

typedef enum { SEMEC_PHASE_RUN, SEMEC_PHASE_TRAIN, SEMEC_PHASE_TEST } SemecPhase;

typedef struct {
  PetscInt   slot;    /* global slot t */
  SemecPhase phase;
  PetscInt   episode; /* episode within the phase (0 in a RUN) */
  PetscInt   step;    /* slot within the episode (t in a RUN) */
  PetscInt   length;  /* slots of the episode (-sim_slots in a RUN) */
} SemecClock;

/* The clock of slot t of the run configured by cfg. */
void SemecClockAt(const SemecConfig *cfg, PetscInt t, SemecClock *clock);
/* PETSC_TRUE at the last slot of an episode (or of a RUN). */
static inline PetscBool SemecClockEpisodeEnds(const SemecClock *c) { return (PetscBool)(c->step == c->length - 1); }

#endif
