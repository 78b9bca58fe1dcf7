/* Episodic replay memory of off-policy learners (the DQN learner,
 * src/learn/dqn.c): transitions (obs, action, reward, next obs, done)
 * appended step by step, capacity counted in EPISODES, the oldest whole
 * episode evicted when a new one would exceed it, uniform sampling with
 * replacement from the counter RNG.
 *
 * Why episodes: papers 001 and 002 size their DQN memory in episodes ("the
 * replay buffer is set to 50 episodes, which causes a jump at 50 episodes",
 * paper 002 Sec. V), and an episode-sized memory holds the same experience
 * whatever the episode length.
 *
 * Layout: one ring of transitions (obs and next obs [capacity x nobs],
 * action, reward, done) in which the stored episodes lie one after another,
 * oldest first, and a ring of (start, length) per episode.  The episode being
 * written counts as stored: the memory holds at most `episodes` episodes,
 * the last possibly open.  Appending the first transition of an episode
 * when `episodes` are stored evicts the oldest.  When a transition does not
 * fit, the ring doubles (copied oldest first); after the first few episodes
 * of a run the size is reached and appending allocates nothing.  Give
 * steps_hint (expected transitions per episode) to allocate it at once.
 *
 * Sampling: transition k (0 = the oldest stored) is drawn as
 * k = floor(u count) with u from Philox keyed by the caller's key and
 * counters base + j / 4 (four uniforms per counter), so a batch is a pure
 * function of (key, base, what is stored): reproducible, and independent of
 * the rank or of the call order. */
#ifndef SEMEC_REPLAY_H
#define SEMEC_REPLAY_H
#include <semec/engine/compat.h>
#include <semec/engine/rng.h>

typedef struct SemecReplay_s SemecReplay;

/* A memory of at most `episodes` episodes of transitions with nobs-vectors;
 * steps_hint >= 1 sizes the first allocation (episodes x steps_hint). */
PetscErrorCode SemecReplayCreate(PetscInt nobs, PetscInt episodes, PetscInt steps_hint, SemecReplay **replay);
PetscErrorCode SemecReplayDestroy(SemecReplay **replay);

/* Appends one transition to the open episode, opening one (and evicting the
 * oldest if the memory holds `episodes`) if none is open. */
PetscErrorCode SemecReplayAppend(SemecReplay *replay, const double *obs, PetscInt action, double reward, const double *next_obs, PetscBool done);
/* Closes the open episode (nothing if none is open or it is empty). */
PetscErrorCode SemecReplayEndEpisode(SemecReplay *replay);

PetscInt SemecReplayNumEpisodes(const SemecReplay *replay);    /* stored, counting an open one */
PetscInt SemecReplayNumTransitions(const SemecReplay *replay); /* stored */
PetscInt SemecReplayCapacity(const SemecReplay *replay);       /* in episodes */

/* Transition k of the stored ones, 0 = the oldest; pointers into the memory,
 * valid until the next append.  Any output may be NULL. */
PetscErrorCode SemecReplayGet(const SemecReplay *replay, PetscInt k, const double **obs, PetscInt *action, double *reward, const double **next_obs,
                              PetscBool *done);
/* n indices k in [0, stored) drawn uniformly with replacement (see above). */
PetscErrorCode SemecReplaySample(const SemecReplay *replay, const SemecRngKey *key, uint64_t base, PetscInt n, PetscInt *k);
/* Copies transitions k[0..n) into row-major batches obs and next_obs
 * [n x nobs], action, reward and done [n] (done as 0.0 or 1.0). */
PetscErrorCode SemecReplayGather(const SemecReplay *replay, PetscInt n, const PetscInt *k, double *obs, PetscInt *action, double *reward,
                                 double *next_obs, double *done);

#endif
