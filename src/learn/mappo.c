/* The MAPPO learner (API and design in include/semec/learn/mappo.h): its
 * -mappo_ options, the networks of each sharing mode, the per-agent rollout
 * buffers, the PPO update of papers 002 Alg. 1 / 001 Sec. IV, checkpoints.
 *
 * Update, for each group g (the agents behind one actor/critic pair), in
 * group order so that ranks issue their collectives in the same order:
 *   1. (SemecMAPPOPrepare) per agent, V_old and log pi_old of every stored
 *      step in one batched forward pass each (the nets have not changed since
 *      the steps were taken, so the first epoch starts at ratio 1 exactly),
 *      GAE (23) and critic targets (mappo_rollout.c); then the advantages of
 *      the group's agents normalised together (-mappo_adv_norm);
 *   2. the group's samples gathered into one array; -mappo_epochs times: a
 *      Philox shuffle, then -mappo_minibatches nearly equal minibatches, each
 *      one Adam step on the actor and one on the critic of
 *        L = -L^clip (eqs. (24)-(25), SemecNNPPOClip)
 *            + value_coef mean (V - R)^2 (eq. (26), SemecNNSquaredError)
 *            - entropy_coef mean H (eq. (27));
 *      the actor and the critic are separate nets with separate Adam states
 *      (002 eqs. (28)-(29)), so each gets the gradient of its part of L.
 *      Shared nets average the gradient over ranks before the step
 *      (SemecNetSyncGradients, weight = minibatch size; a rank with an empty
 *      minibatch still takes part with weight 0).  The optional gradient-norm
 *      clip is the nn module's (-rl_max_grad_norm, per net, after averaging).
 *
 * Memory: every buffer grows geometrically and is kept, so after the first
 * rollout a step (Act + Store) and an update allocate nothing. */
#include <semec/learn/mappo.h>
#include <semec/engine/options.h>
#include <math.h>
#include <string.h>

const char *const SemecMAPPOShareNames[]  = {"none", "all", "role", NULL};
const char *const SemecMAPPOCriticNames[] = {"local", "global", NULL};
static const char *const ActivationNames[] = {"tanh", "relu", NULL};
static const char *const TestActionNames[] = {"mode", "sample", NULL};

/* One agent's stored steps. */
typedef struct {
  PetscInt   n, cap;
  double    *obs, *cin, *raw, *reward, *value, *logp, *adv, *ret;
  PetscInt  *cat;
  PetscBool *done;
} Rollout;

/* Row-gathered samples of a group or minibatch. */
typedef struct {
  PetscInt  cap;
  double   *obs, *cin, *raw, *logp_old, *adv, *ret;
  PetscInt *cat;
} Samples;

struct SemecMAPPO_s {
  SemecMAPPOSpec    spec;
  SemecMAPPOOptions opt;
  SemecComm        *comm;
  PetscInt          width, cin_dim, ngroups, *group_of, *role;
  SemecNet        **actor, **critic;
  Rollout          *ro;
  int64_t           updates;
  Samples           grp, mb;
  PetscInt         *perm;
  double           *logp, *H, *dlogp, *dH, *dout, *dv; /* minibatch work */
  PetscInt          wcap;
};

/* ------------------------------------------------------------------ options */

PetscErrorCode SemecMAPPOOptionsDefault(SemecMAPPOOptions *o)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->share        = SEMEC_MAPPO_SHARE_ALL;      /* paper 002 Alg. 1: one policy net, one critic (spec B.2 [R]) */
  o->critic       = SEMEC_MAPPO_CRITIC_GLOBAL;  /* paper 002: V(s_t), s_t the collection of o_n */
  o->epochs       = 5;                          /* paper 002 Table II */
  o->minibatches  = 1;                          /* 002 "batch size 1": one episode, one batch (spec B.7 item 13) */
  o->clip         = 0.2;                        /* paper 002 Table II */
  o->gamma        = 0.95;                       /* paper 002 Table II */
  o->gae_lambda   = 0.98;                       /* paper 002 Table II */
  o->value_coef   = 0.5;                        /* 001: c^CR = 0.5; 002 does not give b_1 */
  o->entropy_coef = 0.01;                       /* paper 002 Table II, b_2 */
  o->ret          = SEMEC_MAPPO_RETURN_MC;      /* paper 002 eq. (14) */
  o->adv_norm     = PETSC_TRUE;                 /* spec B.3 [O] */
  o->logstd_init  = -0.5;                       /* spec B.3 [O] */
  o->nhidden      = 2;                          /* spec B.3 [O]: 2 x 64 tanh */
  o->hidden[0]    = 64;
  o->hidden[1]    = 64;
  o->activation   = SEMEC_ACT_TANH;
  o->test_sample  = PETSC_FALSE;                /* test with the mode (spec B.3 [O]) */
  PetscCall(SemecAdamOptionsDefault(&o->adam));
  o->adam.learning_rate = 5e-4;                 /* paper 002 Table II, actor and critic */
  o->adam.epsilon       = 1e-5;                 /* spec A.3 [O] */
  o->adam.max_grad_norm = 0.5;                  /* spec A.3 [O] */
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckOptions(MPI_Comm comm, const SemecMAPPOOptions *o)
{
  PetscFunctionBeginUser;
  PetscCheck(o->share >= SEMEC_MAPPO_SHARE_NONE && o->share <= SEMEC_MAPPO_SHARE_ROLE, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -mappo_share, %d, is out of range: allowed none, all, role", (int)o->share);
  PetscCheck(o->critic == SEMEC_MAPPO_CRITIC_LOCAL || o->critic == SEMEC_MAPPO_CRITIC_GLOBAL, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -mappo_critic, %d, is out of range: allowed local, global", (int)o->critic);
  PetscCheck(o->ret >= SEMEC_MAPPO_RETURN_MC && o->ret <= SEMEC_MAPPO_RETURN_GAE, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -mappo_return, %d, is out of range: allowed mc, td, gae", (int)o->ret);
  SEMEC_CHECK_INT("-mappo_epochs", o->epochs, 1, 1000);
  SEMEC_CHECK_INT("-mappo_minibatches", o->minibatches, 1, 1048576);
  SEMEC_CHECK_REAL("-mappo_clip", o->clip, 0.0, 1.0);
  SEMEC_CHECK_REAL("-mappo_gamma", o->gamma, 0.0, 1.0);
  SEMEC_CHECK_REAL("-mappo_gae_lambda", o->gae_lambda, 0.0, 1.0);
  SEMEC_CHECK_REAL("-mappo_value_coef", o->value_coef, 0.0, 1e6);
  SEMEC_CHECK_REAL("-mappo_entropy_coef", o->entropy_coef, 0.0, 1e3);
  SEMEC_CHECK_REAL("-mappo_logstd_init", o->logstd_init, -20.0, 5.0);
  SEMEC_CHECK_INT("-mappo_hidden (number of layers)", o->nhidden, 0, SEMEC_MAPPO_MAX_HIDDEN);
  for (PetscInt l = 0; l < o->nhidden; l++) SEMEC_CHECK_INT("-mappo_hidden", o->hidden[l], 1, 4096);
  PetscCheck(o->activation == SEMEC_ACT_TANH || o->activation == SEMEC_ACT_RELU, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -mappo_activation, %d, is out of range: allowed tanh, relu", (int)o->activation);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOOptionsRead(MPI_Comm comm, SemecMAPPOOptions *o)
{
  int       share = (int)o->share, critic = (int)o->critic, ret = (int)o->ret, act = o->activation == SEMEC_ACT_RELU, test = o->test_sample ? 1 : 0;
  PetscInt  hidden[SEMEC_MAPPO_MAX_HIDDEN], nh = SEMEC_MAPPO_MAX_HIDDEN;
  PetscBool set;

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < o->nhidden; l++) hidden[l] = o->hidden[l];
  PetscOptionsBegin(comm, NULL, "Multi-agent PPO (-mappo_)", NULL);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-mappo_share",
                                  "Parameter sharing: none (an actor and a critic per agent), all (one pair), role (one pair per role)",
                                  SemecMAPPOShareNames, &share));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-mappo_critic", "Critic input: local (own observation) or global (caller's state vector)",
                                  SemecMAPPOCriticNames, &critic));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-mappo_return",
                                  "Critic target: mc (discounted return, eq. (14)), td (r + gamma V'), gae (A + V)", SemecMAPPOReturnNames, &ret));
  SEMEC_OPT_INT("-mappo_epochs", "Passes over a rollout per update", o->epochs);
  SEMEC_OPT_INT("-mappo_minibatches", "Minibatches per epoch (per group of agents sharing nets)", o->minibatches);
  SEMEC_OPT_REAL("-mappo_clip", "PPO clip parameter of eqs. (24)-(25)", o->clip);
  SEMEC_OPT_REAL("-mappo_gamma", "Reward discount factor gamma", o->gamma);
  SEMEC_OPT_REAL("-mappo_gae_lambda", "GAE lambda of eq. (23)", o->gae_lambda);
  SEMEC_OPT_REAL("-mappo_value_coef", "Weight of the critic loss (c^CR, b_1)", o->value_coef);
  SEMEC_OPT_REAL("-mappo_entropy_coef", "Weight of the entropy bonus (c^E, b_2)", o->entropy_coef);
  SEMEC_OPT_BOOL("-mappo_adv_norm", "Normalise the advantages to mean 0, std 1 per update and group", o->adv_norm);
  SEMEC_OPT_REAL("-mappo_logstd_init", "Initial log-std of the Gaussian head", o->logstd_init);
  PetscCall(SemecOptionCheckNumbers(comm, "-mappo_hidden", PETSC_TRUE, SEMEC_MAPPO_MAX_HIDDEN));
  PetscCall(PetscOptionsIntArray("-mappo_hidden", "Hidden layer widths of the actor and the critic (comma-separated)", NULL, hidden, &nh, &set));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-mappo_activation", "Activation of the hidden layers", ActivationNames, &act));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-mappo_test_action", "Test-phase action: mode (argmax, Gaussian mean) or sample",
                                  TestActionNames, &test));
  PetscOptionsEnd();
  o->share       = (SemecMAPPOShare)share;
  o->critic      = (SemecMAPPOCriticInput)critic;
  o->ret         = (SemecMAPPOReturn)ret;
  o->activation  = act ? SEMEC_ACT_RELU : SEMEC_ACT_TANH;
  o->test_sample = test ? PETSC_TRUE : PETSC_FALSE;
  if (set) {
    o->nhidden = nh;
    for (PetscInt l = 0; l < nh; l++) o->hidden[l] = hidden[l];
  }
  PetscCall(CheckOptions(comm, o));
  PetscCall(SemecAdamOptionsRead(comm, &o->adam));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ buffers */

static PetscErrorCode RolloutFree(Rollout *r)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree5(r->obs, r->cin, r->raw, r->reward, r->value));
  PetscCall(PetscFree5(r->logp, r->adv, r->ret, r->cat, r->done));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Room for one more step, doubling (contents kept). */
static PetscErrorCode RolloutGrow(SemecMAPPO *m, Rollout *r)
{
  Rollout  q;
  PetscInt cap, D = m->spec.obs_dim, C = m->cin_dim, G = m->spec.space.nbox, K = m->spec.space.ncat;

  PetscFunctionBeginUser;
  if (r->n < r->cap) PetscFunctionReturn(PETSC_SUCCESS);
  cap = PetscMax(64, 2 * r->cap);
  q   = *r;
  PetscCall(PetscMalloc5(cap * D, &q.obs, cap * C, &q.cin, cap * PetscMax(G, 1), &q.raw, cap, &q.reward, cap, &q.value));
  PetscCall(PetscMalloc5(cap, &q.logp, cap, &q.adv, cap, &q.ret, cap * PetscMax(K, 1), &q.cat, cap, &q.done));
  PetscCall(PetscArraycpy(q.obs, r->obs, r->n * D));
  PetscCall(PetscArraycpy(q.cin, r->cin, r->n * C));
  PetscCall(PetscArraycpy(q.raw, r->raw, r->n * G));
  PetscCall(PetscArraycpy(q.reward, r->reward, r->n));
  PetscCall(PetscArraycpy(q.cat, r->cat, r->n * K));
  PetscCall(PetscArraycpy(q.done, r->done, r->n));
  PetscCall(RolloutFree(r));
  q.cap = cap;
  *r    = q;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode SamplesFree(Samples *s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree4(s->obs, s->cin, s->raw, s->logp_old));
  PetscCall(PetscFree3(s->adv, s->ret, s->cat));
  s->cap = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode SamplesReserve(SemecMAPPO *m, Samples *s, PetscInt n)
{
  PetscInt cap = PetscMax(n, 2 * s->cap);

  PetscFunctionBeginUser;
  if (n <= s->cap) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(SamplesFree(s));
  PetscCall(PetscMalloc4(cap * m->spec.obs_dim, &s->obs, cap * m->cin_dim, &s->cin, cap * PetscMax(m->spec.space.nbox, 1), &s->raw, cap, &s->logp_old));
  PetscCall(PetscMalloc3(cap, &s->adv, cap, &s->ret, cap * PetscMax(m->spec.space.ncat, 1), &s->cat));
  s->cap = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Copies rows idx[0..n) (NULL: 0..n) of src to dst. */
static void SamplesGather(const SemecMAPPO *m, const Samples *src, PetscInt n, const PetscInt *idx, Samples *dst)
{
  PetscInt D = m->spec.obs_dim, C = m->cin_dim, G = m->spec.space.nbox, K = m->spec.space.ncat;
  for (PetscInt i = 0; i < n; i++) {
    PetscInt r = idx ? idx[i] : i;
    memcpy(dst->obs + i * D, src->obs + r * D, (size_t)D * sizeof(double));
    memcpy(dst->cin + i * C, src->cin + r * C, (size_t)C * sizeof(double));
    memcpy(dst->raw + i * G, src->raw + r * G, (size_t)G * sizeof(double));
    memcpy(dst->cat + i * K, src->cat + r * K, (size_t)K * sizeof(PetscInt));
    dst->logp_old[i] = src->logp_old[r];
    dst->adv[i]      = src->adv[r];
    dst->ret[i]      = src->ret[r];
  }
}

static PetscErrorCode WorkReserve(SemecMAPPO *m, PetscInt n)
{
  PetscInt cap = PetscMax(n, 2 * m->wcap);

  PetscFunctionBeginUser;
  if (n <= m->wcap) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree6(m->logp, m->H, m->dlogp, m->dH, m->dout, m->dv));
  PetscCall(PetscFree(m->perm));
  PetscCall(PetscMalloc6(cap, &m->logp, cap, &m->H, cap, &m->dlogp, cap, &m->dH, cap * m->width, &m->dout, cap, &m->dv));
  PetscCall(PetscMalloc1(cap, &m->perm));
  m->wcap = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ learner */

PetscErrorCode SemecMAPPOCreate(const SemecMAPPOSpec *spec, const SemecMAPPOOptions *opt, SemecComm *comm, SemecMAPPO **pm)
{
  SemecMAPPO  *m;
  SemecNetSpec a, c;
  PetscInt     L;

  PetscFunctionBeginUser;
  PetscCall(CheckOptions(PETSC_COMM_SELF, opt));
  PetscCheck(spec->nagents >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MAPPO needs at least one agent, not %" PetscInt_FMT, spec->nagents);
  PetscCheck(spec->obs_dim >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MAPPO observation length %" PetscInt_FMT " must be >= 1", spec->obs_dim);
  PetscCheck(opt->critic == SEMEC_MAPPO_CRITIC_LOCAL || spec->state_dim >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "-mappo_critic global needs a global state of length >= 1, not %" PetscInt_FMT, spec->state_dim);
  PetscCall(PetscNew(&m));
  m->spec = *spec;
  m->opt  = *opt;
  m->comm = comm;
  PetscCall(SemecMAPPOActionSpaceCheck(&spec->space, &m->width));
  m->cin_dim = opt->critic == SEMEC_MAPPO_CRITIC_GLOBAL ? spec->state_dim : spec->obs_dim;

  /* groups: which (actor, critic) pair serves each agent */
  PetscCall(PetscMalloc2(spec->nagents, &m->group_of, spec->nagents, &m->role));
  for (PetscInt i = 0; i < spec->nagents; i++) {
    m->role[i] = spec->role ? spec->role[i] : 0;
    switch (opt->share) {
    case SEMEC_MAPPO_SHARE_NONE: m->group_of[i] = i; break;
    case SEMEC_MAPPO_SHARE_ALL: m->group_of[i] = 0; break;
    case SEMEC_MAPPO_SHARE_ROLE:
      PetscCheck(spec->role && spec->role[i] >= 0 && spec->role[i] < spec->nroles, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
                 "-mappo_share role: agent %" PetscInt_FMT " has role %" PetscInt_FMT ", allowed [0, %" PetscInt_FMT ")", i,
                 spec->role ? spec->role[i] : -1, spec->nroles);
      m->group_of[i] = spec->role[i];
      break;
    }
  }
  m->ngroups = opt->share == SEMEC_MAPPO_SHARE_NONE ? spec->nagents : (opt->share == SEMEC_MAPPO_SHARE_ALL ? 1 : spec->nroles);
  m->spec.role = m->role;
  PetscCheck(opt->share == SEMEC_MAPPO_SHARE_NONE || opt->adam.sync == SEMEC_RL_SYNC_NONE || comm, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
             "MAPPO with shared nets and -rl_sync allreduce needs a communicator");

  /* nets: hidden layers, then the heads (actor) or one value (critic) */
  PetscCall(PetscMemzero(&a, sizeof(a)));
  L          = opt->nhidden + 1;
  a.nlayers  = L;
  a.sizes[0] = spec->obs_dim;
  for (PetscInt l = 0; l < opt->nhidden; l++) {
    a.sizes[l + 1] = opt->hidden[l];
    a.act[l]       = opt->activation;
  }
  a.sizes[L]    = m->width;
  a.act[L - 1]  = SEMEC_ACT_IDENTITY;
  a.nlogstd     = spec->space.nbox;
  a.logstd_init = opt->logstd_init;
  a.out_scale   = 0.01; /* near-uniform initial policy (the usual PPO initialisation) */
  a.seed        = spec->seed;
  c             = a;
  c.sizes[0]    = m->cin_dim;
  c.sizes[L]    = 1;
  c.nlogstd     = 0;
  c.out_scale   = 1.0;
  PetscCall(PetscCalloc2(m->ngroups, &m->actor, m->ngroups, &m->critic));
  for (PetscInt g = 0; g < m->ngroups; g++) {
    SemecAdamOptions adam = opt->adam;
    if (opt->share == SEMEC_MAPPO_SHARE_NONE) adam.sync = SEMEC_RL_SYNC_NONE; /* per-agent nets stay rank-local */
    a.id = spec->net_id + 2 * (uint64_t)g;
    c.id = spec->net_id + 2 * (uint64_t)g + 1;
    PetscCall(SemecNetCreate(&a, &adam, &m->actor[g]));
    PetscCall(SemecNetCreate(&c, &adam, &m->critic[g]));
  }
  PetscCall(PetscCalloc1(spec->nagents, &m->ro));
  *pm = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPODestroy(SemecMAPPO **pm)
{
  SemecMAPPO *m = *pm;

  PetscFunctionBeginUser;
  if (!m) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt g = 0; g < m->ngroups; g++) {
    PetscCall(SemecNetDestroy(&m->actor[g]));
    PetscCall(SemecNetDestroy(&m->critic[g]));
  }
  for (PetscInt i = 0; i < m->spec.nagents; i++) PetscCall(RolloutFree(&m->ro[i]));
  PetscCall(SamplesFree(&m->grp));
  PetscCall(SamplesFree(&m->mb));
  PetscCall(PetscFree6(m->logp, m->H, m->dlogp, m->dH, m->dout, m->dv));
  PetscCall(PetscFree(m->perm));
  PetscCall(PetscFree(m->ro));
  PetscCall(PetscFree2(m->actor, m->critic));
  PetscCall(PetscFree2(m->group_of, m->role));
  PetscCall(PetscFree(*pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt  SemecMAPPONumGroups(const SemecMAPPO *m) { return m->ngroups; }
PetscInt  SemecMAPPOGroupOf(const SemecMAPPO *m, PetscInt agent) { return m->group_of[agent]; }
SemecNet *SemecMAPPOActor(SemecMAPPO *m, PetscInt g) { return m->actor[g]; }
SemecNet *SemecMAPPOCritic(SemecMAPPO *m, PetscInt g) { return m->critic[g]; }
PetscInt  SemecMAPPOStoredSteps(const SemecMAPPO *m, PetscInt agent) { return m->ro[agent].n; }

static PetscErrorCode CheckAgent(const SemecMAPPO *m, PetscInt agent)
{
  PetscFunctionBeginUser;
  PetscCheck(agent >= 0 && agent < m->spec.nagents, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MAPPO agent %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")",
             agent, m->spec.nagents);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOAct(SemecMAPPO *m, PetscInt agent, const double *obs, const SemecMAPPOKey *key, PetscBool train, SemecMAPPOAction *a)
{
  SemecNet     *actor;
  const double *out;
  double       *logstd;
  SemecRngKey   k;

  PetscFunctionBeginUser;
  PetscCall(CheckAgent(m, agent));
  PetscCheck(key->episode < ((uint64_t)1 << 32) && key->step < ((uint64_t)1 << 32), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MAPPO draw key: episode %" PetscInt64_FMT " and step %" PetscInt64_FMT " must be < 2^32", (PetscInt64)key->episode, (PetscInt64)key->step);
  actor = m->actor[m->group_of[agent]];
  k     = (SemecRngKey){m->spec.seed, SEMEC_STREAM_POLICY, key->cell, key->agent, key->episode << 32 | key->step};
  PetscCall(SemecNetLogStd(actor, &logstd, NULL));
  PetscCall(SemecNetForward(actor, 1, obs, &out));
  PetscCall(SemecMAPPOHeadsAct(&m->spec.space, out, logstd, train || m->opt.test_sample, &k, a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOStore(SemecMAPPO *m, PetscInt agent, const double *obs, const double *state, const SemecMAPPOAction *a, double reward,
                               PetscBool done)
{
  Rollout *r;
  PetscInt n, D = m->spec.obs_dim, C = m->cin_dim, G = m->spec.space.nbox, K = m->spec.space.ncat;

  PetscFunctionBeginUser;
  PetscCall(CheckAgent(m, agent));
  PetscCheck(m->opt.critic == SEMEC_MAPPO_CRITIC_LOCAL || state, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "-mappo_critic global: SemecMAPPOStore needs the state");
  PetscCheck(isfinite(reward), PETSC_COMM_SELF, PETSC_ERR_FP, "MAPPO agent %" PetscInt_FMT ": reward %g is not finite", agent, reward);
  r = &m->ro[agent];
  PetscCall(RolloutGrow(m, r));
  n = r->n;
  PetscCall(PetscArraycpy(r->obs + n * D, obs, D));
  PetscCall(PetscArraycpy(r->cin + n * C, m->opt.critic == SEMEC_MAPPO_CRITIC_GLOBAL ? state : obs, C));
  PetscCall(PetscArraycpy(r->raw + n * G, a->raw, G));
  PetscCall(PetscArraycpy(r->cat + n * K, a->cat, K));
  r->reward[n] = reward;
  r->done[n]   = done;
  r->n         = n + 1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOClear(SemecMAPPO *m)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < m->spec.nagents; i++) m->ro[i].n = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOPrepare(SemecMAPPO *m, const double *next_obs, const double *next_state)
{
  const SemecMAPPOOptions *o = &m->opt;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < m->spec.nagents; i++) {
    Rollout      *r = &m->ro[i];
    PetscInt      g = m->group_of[i];
    const double *y, *next = o->critic == SEMEC_MAPPO_CRITIC_GLOBAL ? (next_state ? next_state + i * m->cin_dim : NULL)
                                                                    : (next_obs ? next_obs + i * m->cin_dim : NULL);
    double       *logstd, next_value = 0;
    if (!r->n) continue;
    PetscCall(SemecNetForward(m->critic[g], r->n, r->cin, &y));
    PetscCall(PetscArraycpy(r->value, y, r->n));
    PetscCall(SemecNetLogStd(m->actor[g], &logstd, NULL));
    PetscCall(SemecNetForward(m->actor[g], r->n, r->obs, &y));
    PetscCall(SemecMAPPOHeadsLogProb(&m->spec.space, r->n, y, logstd, r->cat, r->raw, r->logp));
    if (!r->done[r->n - 1]) { /* a rollout cut inside an episode: bootstrap with V(o_n) */
      PetscCheck(next, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
                 "MAPPO agent %" PetscInt_FMT ": the rollout ends inside an episode; pass the next observation (or state) to bootstrap", i);
      PetscCall(SemecNetForward(m->critic[g], 1, next, &y));
      next_value = y[0];
    }
    PetscCall(SemecMAPPOGAE(r->n, r->reward, r->value, r->done, next_value, o->gamma, o->gae_lambda, r->adv));
    PetscCall(SemecMAPPOReturns(o->ret, r->n, r->reward, r->value, r->done, next_value, o->gamma, r->adv, r->ret));
  }
  if (o->adv_norm) /* per group: mean 0, std 1 over the group's samples on this rank */
    for (PetscInt g = 0; g < m->ngroups; g++) {
      double   sum = 0, sq = 0, mean, sd;
      PetscInt cnt = 0;
      for (PetscInt i = 0; i < m->spec.nagents; i++)
        if (m->group_of[i] == g)
          for (PetscInt t = 0; t < m->ro[i].n; t++) {
            sum += m->ro[i].adv[t];
            cnt++;
          }
      if (!cnt) continue;
      mean = sum / (double)cnt;
      for (PetscInt i = 0; i < m->spec.nagents; i++)
        if (m->group_of[i] == g)
          for (PetscInt t = 0; t < m->ro[i].n; t++) sq += (m->ro[i].adv[t] - mean) * (m->ro[i].adv[t] - mean);
      sd = sqrt(sq / (double)cnt);
      for (PetscInt i = 0; i < m->spec.nagents; i++)
        if (m->group_of[i] == g)
          for (PetscInt t = 0; t < m->ro[i].n; t++) m->ro[i].adv[t] = (m->ro[i].adv[t] - mean) / (sd + 1e-8);
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Group g's prepared samples into m->grp, agents in order; returns the count. */
static PetscErrorCode GatherGroup(SemecMAPPO *m, PetscInt g, PetscInt *count)
{
  PetscInt n = 0, D = m->spec.obs_dim, C = m->cin_dim, G = m->spec.space.nbox, K = m->spec.space.ncat;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < m->spec.nagents; i++)
    if (m->group_of[i] == g) n += m->ro[i].n;
  PetscCall(SamplesReserve(m, &m->grp, n));
  PetscCall(SamplesReserve(m, &m->mb, n));
  PetscCall(WorkReserve(m, n));
  n = 0;
  for (PetscInt i = 0; i < m->spec.nagents; i++) {
    const Rollout *r = &m->ro[i];
    if (m->group_of[i] != g || !r->n) continue;
    PetscCall(PetscArraycpy(m->grp.obs + n * D, r->obs, r->n * D));
    PetscCall(PetscArraycpy(m->grp.cin + n * C, r->cin, r->n * C));
    PetscCall(PetscArraycpy(m->grp.raw + n * G, r->raw, r->n * G));
    PetscCall(PetscArraycpy(m->grp.cat + n * K, r->cat, r->n * K));
    PetscCall(PetscArraycpy(m->grp.logp_old + n, r->logp, r->n));
    PetscCall(PetscArraycpy(m->grp.adv + n, r->adv, r->n));
    PetscCall(PetscArraycpy(m->grp.ret + n, r->ret, r->n));
    n += r->n;
  }
  *count = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The loss of the n samples in m->mb on group g's nets; adds the gradients;
 * accumulates the parts into *st. */
static PetscErrorCode MinibatchLoss(SemecMAPPO *m, PetscInt g, PetscInt n, double *loss, SemecMAPPOStats *st)
{
  const SemecMAPPOOptions *o      = &m->opt;
  SemecNet                *actor  = m->actor[g], *critic = m->critic[g];
  const Samples           *b      = &m->mb;
  const double            *out, *v;
  double                  *logstd, *dlogstd, lclip, lv, Hmean = 0, kl = 0;
  PetscInt                 nclip;

  PetscFunctionBeginUser;
  /* actor: -L^clip (eqs. (24)-(25)) - entropy_coef mean H */
  PetscCall(SemecNetLogStd(actor, &logstd, &dlogstd));
  PetscCall(SemecNetForward(actor, n, b->obs, &out));
  PetscCall(SemecMAPPOHeadsLogProb(&m->spec.space, n, out, logstd, b->cat, b->raw, m->logp));
  PetscCall(SemecMAPPOHeadsEntropy(&m->spec.space, n, out, logstd, m->H));
  PetscCall(PetscArrayzero(m->dlogp, n));
  PetscCall(SemecNNPPOClip(n, m->logp, b->logp_old, b->adv, o->clip, &lclip, m->dlogp, &nclip));
  for (PetscInt s = 0; s < n; s++) {
    m->dH[s] = -o->entropy_coef / (double)n;
    Hmean += m->H[s] / (double)n;
    kl += (b->logp_old[s] - m->logp[s]) / (double)n;
  }
  PetscCall(PetscArrayzero(m->dout, n * m->width));
  PetscCall(SemecMAPPOHeadsBackward(&m->spec.space, n, out, logstd, b->cat, b->raw, m->dlogp, m->dH, m->dout, dlogstd));
  PetscCall(SemecNetBackward(actor, m->dout));
  /* critic: value_coef mean (V - R)^2, eq. (26) */
  PetscCall(SemecNetForward(critic, n, b->cin, &v));
  PetscCall(PetscArrayzero(m->dv, n));
  PetscCall(SemecNNSquaredError(n, 1, v, b->ret, &lv, m->dv));
  for (PetscInt s = 0; s < n; s++) m->dv[s] *= o->value_coef;
  PetscCall(SemecNetBackward(critic, m->dv));
  *loss = lclip + o->value_coef * lv - o->entropy_coef * Hmean;
  if (st) {
    st->actor_loss += lclip;
    st->value_loss += lv;
    st->entropy += Hmean;
    st->clip_fraction += (double)nclip / (double)n;
    st->approx_kl += kl;
    st->minibatches++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void StatsMean(SemecMAPPOStats *st)
{
  if (st->minibatches) {
    double k = (double)st->minibatches;
    st->actor_loss /= k;
    st->value_loss /= k;
    st->entropy /= k;
    st->clip_fraction /= k;
    st->approx_kl /= k;
  }
}

PetscErrorCode SemecMAPPOGroupLoss(SemecMAPPO *m, PetscInt g, double *loss, SemecMAPPOStats *stats)
{
  PetscInt n;

  PetscFunctionBeginUser;
  PetscCheck(g >= 0 && g < m->ngroups, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MAPPO group %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", g,
             m->ngroups);
  if (stats) PetscCall(PetscMemzero(stats, sizeof(*stats)));
  PetscCall(GatherGroup(m, g, &n));
  PetscCheck(n > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "MAPPO group %" PetscInt_FMT " has no stored steps", g);
  SamplesGather(m, &m->grp, n, NULL, &m->mb);
  PetscCall(MinibatchLoss(m, g, n, loss, stats));
  if (stats) {
    stats->samples = n;
    StatsMean(stats);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fisher-Yates shuffle of 0..n-1 keyed by (group net, update, epoch). */
static void Shuffle(const SemecMAPPO *m, PetscInt g, PetscInt epoch, PetscInt n, PetscInt *perm)
{
  SemecRngKey k = {m->spec.seed, SEMEC_STREAM_POLICY, UINT64_MAX - 3, m->spec.net_id + 2 * (uint64_t)g, (uint64_t)m->updates};
  for (PetscInt i = 0; i < n; i++) perm[i] = i;
  for (PetscInt i = n - 1; i > 0; i--) {
    PetscInt j = (PetscInt)(SemecRngUniform(&k, ((uint64_t)epoch << 32) | (uint64_t)i) * (double)(i + 1)), t;
    if (j > i) j = i;
    t       = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

PetscErrorCode SemecMAPPOUpdate(SemecMAPPO *m, const double *next_obs, const double *next_state, SemecMAPPOStats *stats)
{
  const SemecMAPPOOptions *o = &m->opt;
  SemecMAPPOStats          st;
  PetscInt                 M = o->minibatches;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&st, sizeof(st)));
  PetscCall(SemecMAPPOPrepare(m, next_obs, next_state));
  for (PetscInt g = 0; g < m->ngroups; g++) {
    PetscInt n;
    PetscCall(GatherGroup(m, g, &n));
    st.samples += n;
    for (PetscInt e = 0; e < o->epochs; e++) {
      Shuffle(m, g, e, n, m->perm);
      for (PetscInt k = 0; k < M; k++) {
        PetscInt lo = (k * n) / M, hi = ((k + 1) * n) / M, len = hi - lo;
        double   loss, Wa, Wc;
        PetscCall(SemecNetZeroGrad(m->actor[g]));
        PetscCall(SemecNetZeroGrad(m->critic[g]));
        if (len) {
          SamplesGather(m, &m->grp, len, m->perm + lo, &m->mb);
          PetscCall(MinibatchLoss(m, g, len, &loss, &st));
        }
        /* shared nets: every rank takes part, weight = its minibatch size */
        PetscCall(SemecNetSyncGradients(m->actor[g], m->comm, (double)len, &Wa));
        PetscCall(SemecNetSyncGradients(m->critic[g], m->comm, (double)len, &Wc));
        if (Wa > 0) PetscCall(SemecNetAdamStep(m->actor[g]));
        if (Wc > 0) PetscCall(SemecNetAdamStep(m->critic[g]));
      }
    }
  }
  m->updates++;
  PetscCall(SemecMAPPOClear(m));
  StatsMean(&st);
  if (stats) *stats = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------------- checkpoint */

/* Name of group g's nets and the row this rank writes (-1: none) of nrows. */
static PetscErrorCode SharedName(const SemecMAPPO *m, PetscInt g, const char *what, char *name, size_t len, PetscInt *row, PetscInt *nrows)
{
  PetscMPIInt rank = m->comm ? SemecCommRank(m->comm) : 0, size = m->comm ? SemecCommSize(m->comm) : 1;

  PetscFunctionBeginUser;
  if (m->opt.share == SEMEC_MAPPO_SHARE_ROLE) PetscCall(PetscSNPrintf(name, len, "%s_role%" PetscInt_FMT, what, g));
  else PetscCall(PetscSNPrintf(name, len, "%s", what));
  if (m->opt.adam.sync == SEMEC_RL_SYNC_ALLREDUCE) { /* identical on every rank: rank 0 writes the one row */
    *row   = rank == 0 ? 0 : -1;
    *nrows = 1;
  } else {
    *row   = rank;
    *nrows = size;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Shared nets under -rl_sync allreduce must be the same on every rank: a
 * position-weighted sum of each net's parameters, compared by a max of it
 * and of its negation over the ranks (equal iff every rank has the same). */
PetscErrorCode SemecMAPPOCheckShared(SemecMAPPO *m, SemecComm *comm)
{
  PetscFunctionBeginUser;
  if (m->opt.share == SEMEC_MAPPO_SHARE_NONE || m->opt.adam.sync != SEMEC_RL_SYNC_ALLREDUCE) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt k = 0; k < SemecMAPPONumGroups(m); k++) {
    SemecNet *nets[2] = {SemecMAPPOActor(m, k), SemecMAPPOCritic(m, k)};
    double    h[4]    = {0, 0, 0, 0};
    for (int j = 0; j < 2; j++) {
      const double *w = SemecNetParams(nets[j]);
      for (PetscInt i = 0; i < SemecNetNumParams(nets[j]); i++) h[j] += w[i] * (double)(i % 7 + 1);
      h[2 + j] = -h[j];
    }
    PetscCall(SemecCommMaxDouble(comm, h, 4));
    PetscCheck(h[0] == -h[2] && h[1] == -h[3], PETSC_COMM_SELF, PETSC_ERR_PLIB, "MAPPO: shared nets of group %" PetscInt_FMT " differ between ranks under -rl_sync allreduce", k);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOSave(SemecMAPPO *m, hid_t loc, PetscInt row0, PetscInt nrows)
{
  PetscFunctionBeginUser;
  if (m->opt.share == SEMEC_MAPPO_SHARE_NONE) {
    PetscInt *rows;
    PetscCall(PetscMalloc1(m->spec.nagents, &rows));
    for (PetscInt i = 0; i < m->spec.nagents; i++) rows[i] = row0 + i;
    PetscCall(SemecNetSaveRows(m->actor[0], (const SemecNet *const *)m->actor, rows, m->spec.nagents, loc, "actor", nrows));
    PetscCall(SemecNetSaveRows(m->critic[0], (const SemecNet *const *)m->critic, rows, m->spec.nagents, loc, "critic", nrows));
    PetscCall(PetscFree(rows));
  } else
    for (PetscInt g = 0; g < m->ngroups; g++) {
      char     name[64];
      PetscInt row = -1, n = 1;
      PetscCall(SharedName(m, g, "actor", name, sizeof(name), &row, &n));
      PetscCall(SemecNetSave(m->actor[g], loc, name, row, n));
      PetscCall(SharedName(m, g, "critic", name, sizeof(name), &row, &n));
      PetscCall(SemecNetSave(m->critic[g], loc, name, row, n));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOLoad(SemecMAPPO *m, hid_t loc, PetscInt row0)
{
  PetscFunctionBeginUser;
  if (m->opt.share == SEMEC_MAPPO_SHARE_NONE)
    for (PetscInt i = 0; i < m->spec.nagents; i++) {
      PetscCall(SemecNetLoad(m->actor[i], loc, "actor", row0 + i));
      PetscCall(SemecNetLoad(m->critic[i], loc, "critic", row0 + i));
    }
  else
    for (PetscInt g = 0; g < m->ngroups; g++) {
      char     name[64];
      PetscInt row = -1, n = 1;
      PetscCall(SharedName(m, g, "actor", name, sizeof(name), &row, &n));
      row = m->opt.adam.sync == SEMEC_RL_SYNC_ALLREDUCE ? 0 : row; /* every rank reads the one row */
      PetscCall(SemecNetLoad(m->actor[g], loc, name, row));
      PetscCall(SharedName(m, g, "critic", name, sizeof(name), &row, &n));
      row = m->opt.adam.sync == SEMEC_RL_SYNC_ALLREDUCE ? 0 : row;
      PetscCall(SemecNetLoad(m->critic[g], loc, name, row));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}
