/* Generic DQN / DDQN learner over a discrete action grid: the DQN and DDQN
 * baselines of papers 001 and 002 (paper 001 Sec. V "Deep Q-network" and
 * "Double deep Q-network", paper 002 Sec. V "DQN"), independent of any
 * paper's model.  The environment supplies an observation width and an
 * action count and maps action index <-> physical action itself.
 *
 * Agents and learners.  A SemecDQN serves the nagents agents this rank
 * drives.  With -dqn_share none each agent owns a learner (independent DQN
 * per UE, as both papers); with all they share one.  A learner is an online
 * Q-network (dense relu layers of -dqn_hidden, identity output of one value
 * per action, on src/learn/nn.c), a target network and an episodic replay
 * memory (src/learn/replay.c) holding the transitions of all the agents that
 * use it.  A shared learner (all) under -rl_sync allreduce has its
 * gradient averaged over the ranks, so it is ONE network for the whole run;
 * per-agent learners (none) and -rl_sync none stay rank-local (a per-UE
 * learner keyed by its global index is then the same in any
 * decomposition).
 *
 * One episode, as the environment drives it:
 *     for each step t (a global step counter, e.g. the slot):
 *         SemecDQNAct(dqn, agent, id, episode, t, obs, explore, &a)   for each agent
 *         ... the environment executes the actions ...
 *         SemecDQNStore(dqn, agent, obs, a, r, next_obs, done)       for each agent
 *         SemecDQNTrain(dqn, comm, id, episode, t, &stats)            collective with -rl_sync allreduce
 *     SemecDQNEndEpisode(dqn)
 *
 * Exploration (-dqn_eps_*): epsilon-greedy; with probability eps(x) a uniform
 * action, else argmax_a Q(obs, a) (ties: the lowest index); explore = false
 * (test mode) is greedy.  x is the episode index (-dqn_eps_unit episode, the
 * default) or the step counter t (step), both as the caller passes them:
 *     linear:      eps(x) = end + (start - end) max(0, 1 - x / decay)
 *     exponential: eps(x) = end + (start - end) exp(-x / decay)
 * Draws: Philox keyed by (seed, SEMEC_STREAM_DQN), counter (id, episode, t,
 * 0) for the action of agent id, so runs are reproducible and independent of
 * the decomposition when ids are global (e.g. the global UE id).
 *
 * Update (SemecDQNTrain), for every learner whose memory holds at least
 * -dqn_learning_starts episodes (counting the open one): a batch of
 * -dqn_batch transitions sampled uniformly (counters (id + k, episode, t,
 * 2^62 + j) for learner k: with id the run-wide index of the rank's first
 * learner, every learner draws the same batches in any decomposition), the
 * target
 *     DQN:  y = r + gamma (1 - done) max_a' Q_target(o', a')
 *     DDQN: y = r + gamma (1 - done) Q_target(o', argmax_a' Q_online(o', a'))
 * (-dqn_double), the loss (1/B) sum_s l(Q_online(o_s, a_s) - y_s) with l the
 * square (-dqn_loss squared: e^2, paper 001 eq. (26)'s critic loss) or the
 * Huber function (huber: e^2/2 inside -dqn_huber_delta, linear outside), one
 * Adam step (-rl_ options) after averaging the gradient over ranks for a
 * shared learner under -rl_sync allreduce (SemecNetSyncGradients, weight =
 * batch; a rank whose learner is not ready
 * takes part with weight 0).  Target network: a hard copy of the online one
 * every -dqn_target_update updates, or at the end of every episode when it
 * is 0 (the default: the spec's "target copy every episode"), or Polyak
 * averaging theta' <- tau theta + (1 - tau) theta' after every update when
 * -dqn_tau > 0 (then no hard copy).  The update count is the online net's
 * Adam step count, identical on every rank with -rl_sync allreduce.
 *
 * Per-step work allocates nothing once the replay memory reached its size:
 * batches and network workspaces are allocated at creation.
 *
 * Checkpoint (SemecDQNSave): groups online and target under the caller's
 * group, written with SemecNetSaveRows; with a shared learner under -rl_sync allreduce rank 0
 * writes rows 0..L-1 (L learners), with none rank r writes rows
 * rL..rL+L-1 of size x L.  The replay memory is not saved. */
#ifndef SEMEC_DQN_H
#define SEMEC_DQN_H
#include <semec/learn/nn.h>
#include <semec/learn/replay.h>

typedef enum { SEMEC_DQN_SHARE_NONE, SEMEC_DQN_SHARE_ALL } SemecDQNShare;
typedef enum { SEMEC_DQN_LOSS_SQUARED, SEMEC_DQN_LOSS_HUBER } SemecDQNLoss;
typedef enum { SEMEC_DQN_EPS_LINEAR, SEMEC_DQN_EPS_EXPONENTIAL } SemecDQNEpsSchedule;
typedef enum { SEMEC_DQN_EPS_EPISODE, SEMEC_DQN_EPS_STEP } SemecDQNEpsUnit;
extern const char *const SemecDQNShareNames[];       /* "none", "all", NULL */
extern const char *const SemecDQNLossNames[];        /* "squared", "huber", NULL */
extern const char *const SemecDQNEpsScheduleNames[]; /* "linear", "exponential", NULL */
extern const char *const SemecDQNEpsUnitNames[];     /* "episode", "step", NULL */

#define SEMEC_DQN_MAX_HIDDEN (SEMEC_NN_MAX_LAYERS - 1)

/* The -dqn_ options; defaults from the spec's DQN baseline (docs/models.md). */
typedef struct {
  SemecDQNShare       share;                         /* -dqn_share none */
  PetscInt            nhidden;                       /* -dqn_hidden 64,64: hidden relu layers */
  PetscInt            hidden[SEMEC_DQN_MAX_HIDDEN];
  double              gamma;                         /* -dqn_gamma 0.95: discount */
  PetscBool           double_q;                      /* -dqn_double false: DDQN target */
  SemecDQNLoss        loss;                          /* -dqn_loss squared */
  double              huber_delta;                   /* -dqn_huber_delta 1 */
  PetscInt            batch;                         /* -dqn_batch 32: transitions per update */
  PetscInt            replay_episodes;               /* -dqn_replay_episodes 50: memory capacity (episodes) */
  PetscInt            learning_starts;               /* -dqn_learning_starts (= replay_episodes): episodes stored before updates */
  PetscInt            target_update;                 /* -dqn_target_update 0: updates between hard copies; 0: every episode */
  double              tau;                           /* -dqn_tau 0: Polyak weight (0: hard copies) */
  double              eps_start, eps_end, eps_decay; /* -dqn_eps_start 1, -dqn_eps_end 0.05, -dqn_eps_decay 500 */
  SemecDQNEpsSchedule eps_schedule;                  /* -dqn_eps_schedule linear */
  SemecDQNEpsUnit     eps_unit;                      /* -dqn_eps_unit episode */
} SemecDQNOptions;

PetscErrorCode SemecDQNOptionsDefault(SemecDQNOptions *opt);
/* Reads the -dqn_ options in one block (opt holds the defaults on entry) and
 * range-checks them; collective on comm. */
PetscErrorCode SemecDQNOptionsRead(MPI_Comm comm, SemecDQNOptions *opt);
/* Range checks of SemecDQNOptionsRead, for options set in code. */
PetscErrorCode SemecDQNOptionsCheck(MPI_Comm comm, const SemecDQNOptions *opt);
/* The exploration rate at x (episode or step, see -dqn_eps_unit). */
double SemecDQNEpsilon(const SemecDQNOptions *opt, double x);

/* What the environment supplies. */
typedef struct {
  PetscInt nobs;       /* observation width */
  PetscInt nactions;   /* size of the discrete action grid */
  PetscInt nagents;    /* agents this rank drives */
  PetscInt steps_hint; /* expected transitions per episode per learner (replay sizing; >= 1) */
  uint64_t seed;       /* -sim_seed: initial weights and every draw */
  uint64_t id;         /* tells the learners of a run apart (initial weights: net ids id + k) */
} SemecDQNSpec;

typedef struct {
  PetscInt updates; /* learners updated by this call (everywhere, with -rl_sync allreduce) */
  double   loss;    /* mean TD loss of this rank's updated learners (NaN if none) */
  double   q;       /* mean Q_online(o, a) of their batches (NaN if none) */
} SemecDQNStats;

typedef struct SemecDQN_s SemecDQN;

PetscErrorCode SemecDQNCreate(const SemecDQNSpec *spec, const SemecDQNOptions *opt, const SemecAdamOptions *adam, SemecDQN **dqn);
PetscErrorCode SemecDQNDestroy(SemecDQN **dqn);

PetscInt SemecDQNNumLearners(const SemecDQN *dqn);
/* Learner k's parts (k < SemecDQNNumLearners), e.g. for tests and logging. */
SemecNet    *SemecDQNOnline(SemecDQN *dqn, PetscInt k);
SemecNet    *SemecDQNTarget(SemecDQN *dqn, PetscInt k);
SemecReplay *SemecDQNReplay(SemecDQN *dqn, PetscInt k);
/* The learner agent uses. */
PetscInt SemecDQNLearnerOf(const SemecDQN *dqn, PetscInt agent);

/* Epsilon-greedy action of agent (0..nagents-1) on obs [nobs]; id, episode
 * and step key its draw (see above); explore = false: greedy. */
PetscErrorCode SemecDQNAct(SemecDQN *dqn, PetscInt agent, uint64_t id, uint64_t episode, uint64_t step, const double *obs, PetscBool explore,
                           PetscInt *action);
/* Appends agent's transition to its learner's replay memory. */
PetscErrorCode SemecDQNStore(SemecDQN *dqn, PetscInt agent, const double *obs, PetscInt action, double reward, const double *next_obs, PetscBool done);
/* One update of every ready learner (see above); id, episode, step key the
 * batches.  Collective on comm with -rl_sync allreduce (comm may be NULL
 * with none): every rank calls it equally often (e.g. once per slot, also
 * when its agents have nothing to store).  stats may be NULL. */
PetscErrorCode SemecDQNTrain(SemecDQN *dqn, SemecComm *comm, uint64_t id, uint64_t episode, uint64_t step, SemecDQNStats *stats);
/* Closes the episode in every replay memory; with -dqn_target_update 0 (and
 * -dqn_tau 0) copies every online net to its target. */
PetscErrorCode SemecDQNEndEpisode(SemecDQN *dqn);
/* Hard copy of learner k's online parameters to its target (k < 0: all). */
PetscErrorCode SemecDQNSyncTarget(SemecDQN *dqn, PetscInt k);

/* TD targets y [b] of a batch (reward, next_obs [b x nobs], done as 0/1)
 * from an online and a target net: the DQN target, or the DDQN one when
 * double_q.  Runs forward passes of both nets (overwrites their last
 * forward).  Exposed for tests. */
PetscErrorCode SemecDQNTargets(SemecNet *online, SemecNet *target, PetscBool double_q, double gamma, PetscInt b, const double *reward,
                               const double *next_obs, const double *done, double *y);

/* Checkpoint under loc (collective on the file; comm gives rank and size). */
PetscErrorCode SemecDQNSave(const SemecDQN *dqn, SemecComm *comm, hid_t loc);
/* Reads back what SemecDQNSave wrote (this rank's rows). */
PetscErrorCode SemecDQNLoad(SemecDQN *dqn, SemecComm *comm, hid_t loc);

#endif
