/* Multi-agent PPO (MAPPO) learner, rank-local and independent of any paper's
 * environment model: papers 001 and 002 drive it through their policies
 * (spec C.2, "One MAPPO implementation, two environment models").
 *
 * Why it is built this way.  The learner owns the networks (src/learn/nn.c),
 * the per-agent rollout buffers and the PPO update; the caller owns the
 * environment: it builds observations (and, for a centralised critic, a
 * global state), turns actions into physical decisions and hands back
 * rewards and done flags.  Nothing here knows what an action means.
 *
 * Actions (mappo_heads.c).  A hybrid action is ncat categorical heads (head h
 * has choices[h] values) plus an optional diagonal Gaussian over a box of
 * nbox dimensions [low_j, high_j].  The actor's outputs are, in order, the
 * logits of head 0, head 1, ..., then the nbox Gaussian means; the log-stds
 * are state-independent parameters of the actor (SemecNetSpec.nlogstd).
 * The Gaussian is sampled UNBOUNDED, u = mu + sigma z; the log-prob (and so
 * the PPO ratio) is that of u; the box action handed to the environment is
 * clip(u_j, low_j, high_j) (spec A.2/B.2 [O]; the clipped mass sits on the
 * bounds).  Joint log-prob = sum over heads; entropy = sum over heads.
 *
 * Per step (allocation-free once the buffers have grown):
 *     SemecMAPPOAct(m, agent, obs, &key, train, &action);     one actor forward
 *     ... environment ...
 *     SemecMAPPOStore(m, agent, obs, state, &action, reward, done);
 * Per rollout (one episode for paper 002, 256 steps for 001):
 *     SemecMAPPOUpdate(m, next_obs, next_state, &stats);       collective with -rl_sync allreduce
 *
 * Sharing (-mappo_share): none = one actor and one critic per agent; all =
 * one pair for every agent; role = one pair per role index (agent j of
 * every cell).  A "group" is the set of agents behind one (actor, critic)
 * pair; SemecMAPPONumGroups counts the distinct pairs.  With -rl_sync
 * allreduce the gradients of shared nets (all, role) are averaged over the
 * ranks (SemecNetSyncGradients, weighted by minibatch size), so every rank
 * holds identical shared nets; per-agent nets (none) stay rank-local.
 *
 * Reproducibility.  Sampling draws Philox(seed, SEMEC_STREAM_POLICY) with
 * counter (cell, agent, episode << 32 | step) given by the caller, so an
 * agent's draws do not depend on the rank, the decomposition or the call
 * order; minibatch shuffles are keyed by (seed, group net id, update,
 * epoch).  Readings of the papers: docs/models.md, "MAPPO learner". */
#ifndef SEMEC_MAPPO_H
#define SEMEC_MAPPO_H
#include <semec/engine/rng.h>
#include <semec/learn/nn.h>

#define SEMEC_MAPPO_MAX_HEADS   8  /* categorical heads */
#define SEMEC_MAPPO_MAX_BOX     8  /* Gaussian dimensions */
#define SEMEC_MAPPO_MAX_CHOICES 64 /* sum of choices over the categorical heads */
#define SEMEC_MAPPO_MAX_HIDDEN  (SEMEC_NN_MAX_LAYERS - 1)

/* ------------------------------------------------------------ action heads */

typedef struct {
  PetscInt ncat;                           /* categorical heads, 0..SEMEC_MAPPO_MAX_HEADS */
  PetscInt choices[SEMEC_MAPPO_MAX_HEADS]; /* values of each head, >= 2 */
  PetscInt nbox;                           /* Gaussian dimensions, 0..SEMEC_MAPPO_MAX_BOX */
  double   low[SEMEC_MAPPO_MAX_BOX];       /* box of the applied Gaussian action, low < high */
  double   high[SEMEC_MAPPO_MAX_BOX];
} SemecMAPPOActionSpace;

/* One agent's action at one step. */
typedef struct {
  PetscInt cat[SEMEC_MAPPO_MAX_HEADS];      /* chosen value of each categorical head */
  double   prob[SEMEC_MAPPO_MAX_CHOICES];   /* probabilities of every value, head after head (e.g. for collision rules) */
  double   raw[SEMEC_MAPPO_MAX_BOX];        /* unbounded Gaussian sample u (what the log-prob is of) */
  double   box[SEMEC_MAPPO_MAX_BOX];        /* clip(u, low, high): what the environment applies */
  double   logp;                            /* joint log-prob of (cat, raw) under the acting policy */
} SemecMAPPOAction;

/* Checks the space; *width = sum of choices + nbox (the actor's outputs). */
PetscErrorCode SemecMAPPOActionSpaceCheck(const SemecMAPPOActionSpace *space, PetscInt *width);
/* logp[s] = sum_h ln softmax(out_s, head h)[cat[s][h]] + Gaussian log-density of raw[s] (b samples;
 * out [b, width], cat [b, ncat], raw [b, nbox]; logstd [nbox] may be NULL when nbox = 0). */
PetscErrorCode SemecMAPPOHeadsLogProb(const SemecMAPPOActionSpace *space, PetscInt b, const double *out, const double *logstd, const PetscInt *cat,
                                      const double *raw, double *logp);
/* H[s] = sum_h entropy of head h + entropy of the Gaussian. */
PetscErrorCode SemecMAPPOHeadsEntropy(const SemecMAPPOActionSpace *space, PetscInt b, const double *out, const double *logstd, double *H);
/* ADDS to dout [b, width] and dlogstd [nbox] the gradient of sum_s (dlogp[s] logp[s] + dH[s] H[s]). */
PetscErrorCode SemecMAPPOHeadsBackward(const SemecMAPPOActionSpace *space, PetscInt b, const double *out, const double *logstd, const PetscInt *cat,
                                       const double *raw, const double *dlogp, const double *dH, double *dout, double *dlogstd);
/* The action of one sample out [width]: sampled with key (counters 0..) when
 * sample is true, else the mode (argmax of each head, lowest index on ties;
 * Gaussian mean).  Fills every field of *a. */
PetscErrorCode SemecMAPPOHeadsAct(const SemecMAPPOActionSpace *space, const double *out, const double *logstd, PetscBool sample, const SemecRngKey *key,
                                  SemecMAPPOAction *a);

/* ----------------------------------------------------------- rollout maths */

typedef enum { SEMEC_MAPPO_RETURN_MC, SEMEC_MAPPO_RETURN_TD, SEMEC_MAPPO_RETURN_GAE } SemecMAPPOReturn;
extern const char *const SemecMAPPOReturnNames[]; /* "mc", "td", "gae", NULL */

/* Paper 002 eq. (23) over a trajectory of n steps: delta_t = r_t + gamma
 * V_{t+1} (1 - done_t) - V_t and A_t = sum_l (gamma lambda)^l delta_{t+l},
 * the sum stopping at the first done (done_t: step t ended its episode).
 * V_n = next_value bootstraps a rollout whose last step is not done. */
PetscErrorCode SemecMAPPOGAE(PetscInt n, const double *reward, const double *value, const PetscBool *done, double next_value, double gamma,
                             double lambda, double *adv);
/* Critic targets: mc R_t = r_t + gamma R_{t+1} (1 - done_t), R_n = next_value
 * (paper 002 eq. (14), 001 eq. (26)); td R_t = r_t + gamma V_{t+1} (1 - done_t);
 * gae R_t = A_t + V_t. */
PetscErrorCode SemecMAPPOReturns(SemecMAPPOReturn kind, PetscInt n, const double *reward, const double *value, const PetscBool *done, double next_value,
                                 double gamma, const double *adv, double *ret);

/* ------------------------------------------------------------------ options */

typedef enum { SEMEC_MAPPO_SHARE_NONE, SEMEC_MAPPO_SHARE_ALL, SEMEC_MAPPO_SHARE_ROLE } SemecMAPPOShare;
extern const char *const SemecMAPPOShareNames[]; /* "none", "all", "role", NULL */
typedef enum { SEMEC_MAPPO_CRITIC_LOCAL, SEMEC_MAPPO_CRITIC_GLOBAL } SemecMAPPOCriticInput;
extern const char *const SemecMAPPOCriticNames[]; /* "local", "global", NULL */

typedef struct {
  SemecMAPPOShare  share;         /* -mappo_share */
  SemecMAPPOCriticInput critic;       /* -mappo_critic: V(o_i) or V(s) of a caller-given global state */
  PetscInt         epochs;        /* -mappo_epochs: passes over a rollout per update */
  PetscInt         minibatches;   /* -mappo_minibatches: per epoch and group */
  double           clip;          /* -mappo_clip: delta of eqs. (24)-(25) */
  double           gamma;         /* -mappo_gamma */
  double           gae_lambda;    /* -mappo_gae_lambda */
  double           value_coef;    /* -mappo_value_coef: c^CR of 001 eq. (27), b_1 of 002 eq. (27) */
  double           entropy_coef;  /* -mappo_entropy_coef: c^E, b_2 */
  SemecMAPPOReturn ret;           /* -mappo_return */
  PetscBool        adv_norm;      /* -mappo_adv_norm: advantages to mean 0, std 1 per group and update */
  double           logstd_init;   /* -mappo_logstd_init */
  PetscInt         nhidden;       /* -mappo_hidden: widths of the hidden layers (actor and critic) */
  PetscInt         hidden[SEMEC_MAPPO_MAX_HIDDEN];
  SemecActivation  activation;    /* -mappo_activation: of the hidden layers, tanh or relu */
  PetscBool        test_sample;   /* -mappo_test_action sample|mode */
  SemecAdamOptions adam;          /* -rl_ options: learning rate, Adam, gradient-norm clip, -rl_sync */
} SemecMAPPOOptions;

/* Paper 002 Table II where it gives a value (epochs 5, clip 0.2, gamma 0.95,
 * lambda 0.98, entropy 0.01, learning rate 5e-4), spec B.3 elsewhere. */
PetscErrorCode SemecMAPPOOptionsDefault(SemecMAPPOOptions *opt);
/* Reads the -mappo_ options (one block) and the -rl_ Adam options; opt holds
 * the caller's defaults on entry.  Every value is range-checked; the error
 * names the option, the value and the allowed range.  Collective on comm. */
PetscErrorCode SemecMAPPOOptionsRead(MPI_Comm comm, SemecMAPPOOptions *opt);

/* ------------------------------------------------------------------ learner */

typedef struct {
  PetscInt              nagents;   /* agents this learner serves on this rank */
  PetscInt              obs_dim;   /* observation length (the same for every agent) */
  PetscInt              state_dim; /* global state length (-mappo_critic global); ignored for local */
  SemecMAPPOActionSpace space;
  const PetscInt       *role;      /* [nagents] role of each agent (share role); may be NULL otherwise */
  PetscInt              nroles;    /* number of roles, the same on every rank */
  uint64_t              seed;      /* -sim_seed */
  uint64_t              net_id;    /* first net id: net k of this learner gets net_id + k (initial weights) */
} SemecMAPPOSpec;

/* Where a step's random draws come from (SemecMAPPOAct). */
typedef struct {
  uint64_t cell, agent, episode, step;
} SemecMAPPOKey;

typedef struct {
  double   actor_loss;    /* -L^clip of eqs. (24)-(25), mean over the evaluated minibatches */
  double   value_loss;    /* mean squared critic error, eq. (26) */
  double   entropy;       /* mean joint entropy */
  double   clip_fraction; /* share of samples whose ratio was clipped */
  double   approx_kl;     /* mean of logp_old - logp */
  PetscInt samples;       /* rollout samples used by this rank */
  PetscInt minibatches;   /* minibatch losses evaluated (averaging count) */
} SemecMAPPOStats;

typedef struct SemecMAPPO_s SemecMAPPO;

/* comm is used only for -rl_sync allreduce of shared nets (may be NULL with
 * -rl_sync none or -mappo_share none). */
PetscErrorCode SemecMAPPOCreate(const SemecMAPPOSpec *spec, const SemecMAPPOOptions *opt, SemecComm *comm, SemecMAPPO **m);
PetscErrorCode SemecMAPPODestroy(SemecMAPPO **m);

PetscInt  SemecMAPPONumGroups(const SemecMAPPO *m);
PetscInt  SemecMAPPOGroupOf(const SemecMAPPO *m, PetscInt agent);
SemecNet *SemecMAPPOActor(SemecMAPPO *m, PetscInt group);
SemecNet *SemecMAPPOCritic(SemecMAPPO *m, PetscInt group);
PetscInt  SemecMAPPOStoredSteps(const SemecMAPPO *m, PetscInt agent);

/* The action of agent for observation obs [obs_dim]: sampled (train, or test
 * with -mappo_test_action sample) from the counter RNG at key, else the mode. */
PetscErrorCode SemecMAPPOAct(SemecMAPPO *m, PetscInt agent, const double *obs, const SemecMAPPOKey *key, PetscBool train, SemecMAPPOAction *a);
/* Appends a step to agent's rollout: obs, state [state_dim] (global critic;
 * else may be NULL), the action taken, its reward, done (the step ended the
 * episode: no bootstrap through it). */
PetscErrorCode SemecMAPPOStore(SemecMAPPO *m, PetscInt agent, const double *obs, const double *state, const SemecMAPPOAction *a, double reward,
                               PetscBool done);
/* Computes, for every agent, V_old and log pi_old of its stored steps with
 * the current nets (batched), GAE (23), the critic targets and, with
 * -mappo_adv_norm, normalised advantages.  next_obs [nagents, obs_dim] /
 * next_state [nagents, state_dim] give V(o_{n}) for agents whose last step
 * is not done; NULL when every rollout ends with done. */
PetscErrorCode SemecMAPPOPrepare(SemecMAPPO *m, const double *next_obs, const double *next_state);
/* The total loss of group g's prepared samples (all of them),
 *     L = -L^clip (24)-(25) + value_coef mean (V - R)^2 - entropy_coef mean H,
 * ADDING dL/dparams to the actor's and critic's gradients; *stats gets the
 * parts.  For tests and diagnostics: SemecMAPPOUpdate uses it per minibatch. */
PetscErrorCode SemecMAPPOGroupLoss(SemecMAPPO *m, PetscInt g, double *loss, SemecMAPPOStats *stats);
/* Prepare, then -mappo_epochs passes of -mappo_minibatches Adam steps per
 * group (gradients averaged over ranks for shared nets), then clears the
 * rollouts.  Collective with -rl_sync allreduce and shared nets: every rank
 * calls it the same number of times (with or without samples). */
PetscErrorCode SemecMAPPOUpdate(SemecMAPPO *m, const double *next_obs, const double *next_state, SemecMAPPOStats *stats);
/* Discards the stored rollouts. */
PetscErrorCode SemecMAPPOClear(SemecMAPPO *m);

/* Checkpoint under loc (collective on the file): per-agent nets (share none)
 * as groups "actor" and "critic" with row row0 + agent of nrows; shared nets
 * as "actor"/"critic" (all) or "actor_role<k>"/"critic_role<k>" (role), one
 * row written by rank 0 with -rl_sync allreduce, row rank of size with none.
 * Weights and Adam state (SemecNetSaveRows). */
/* Collective on comm: with shared nets (share all or role) under -rl_sync
 * allreduce, an error unless every rank holds the same weights; nothing
 * otherwise.  Call it before SemecMAPPOSave, which writes rank 0's copy. */
PetscErrorCode SemecMAPPOCheckShared(SemecMAPPO *m, SemecComm *comm);
PetscErrorCode SemecMAPPOSave(SemecMAPPO *m, hid_t loc, PetscInt row0, PetscInt nrows);
PetscErrorCode SemecMAPPOLoad(SemecMAPPO *m, hid_t loc, PetscInt row0);

#endif
