/* Paper 000's policies for the cloud-edge-end model: DRLH (Sec. IV, Fig. 2),
 * exhaustive search and random, all finishing with the model-based critic
 * of Sec. IV-B ((P3.1)-(P3.4) in closed form, src/p000/actions.c).
 *
 * DRLH per cell and slot:
 *   actor      x = features of Xi = {h, Theta} (below), relaxed rho = sigmoid(net(x))
 *   quantizer  N_A feasible candidates (-drlh_candidates)
 *   critic     rho = argmin over the candidates of J*(rho, Xi), eq. (23)
 *   memory     (x, rho) into the replay memory of the cell (-drlh_memory)
 *   training   every -drlh_train_interval (2) slots, one Adam step on a batch
 *              (-drlh_batch) sampled from the memory, loss (24)
 * By default every cell has its own actor and memory (each cell is one of
 * the paper's hot spots), so a run is bit-identical for any decomposition.
 * With -drlh_actor shared the cells of a rank train one actor on all their
 * memories, and -rl_sync allreduce averages its gradient over the ranks so
 * that one actor serves the whole network (identical weights on every
 * rank; the result then depends on the decomposition, as the sums do).
 *
 * Actor input, per UE: the SNR at p_max of each link in dB / 50 (eqs.
 * (8)-(9)), and log(1 + Q^L), log(1 + Q^E), log(1 + Z^L), log(1 + Z^E) / 5:
 * the paper feeds "the channel and the total queue backlog"; the scaling
 * keeps the inputs of order one (docs/models.md). */
#include <semec/engine/policy.h>
#include <semec/p000/model.h>
#include <semec/p000/drlh.h>
#include <semec/p000/policies.h>
#include <semec/learn/nn.h>
#include <semec/engine/rng.h>
#include <semec/engine/options.h>

#define NFEAT 6 /* inputs per UE */

typedef enum { KIND_DRLH, KIND_EXHAUSTIVE, KIND_RANDOM } Kind;

typedef struct {
  PetscBool       ready;
  PetscInt        cell;          /* global id of the cell */
  SemecDrlhSpace  space;
  SemecNet       *actor;
  double         *mem_x, *mem_y; /* [memory, NFEAT nue], [memory, 2 nue] */
  PetscInt        mem_count, mem_next;
  double         *x, *y;         /* this slot's input and chosen action */
} Agent;

typedef struct {
  Kind              kind;
  PetscInt          n_a, memory, batch, interval, hidden[2], cloud_requests;
  SemecAdamOptions  adam;
  PetscInt          cells_per_rank, cells, seed;
  PetscBool         shared;      /* -drlh_actor shared: one actor for the rank's cells */
  PetscBool         explore;     /* -drlh_explore: the last candidate is a random action */
  SemecNet         *shared_net;
  SemecComm        *comm;        /* from the view, for the gradient average and the checkpoint */
  Agent            *agents;      /* [cells_per_rank], by cell id mod cells_per_rank */
  SemecP000State    st[62];
  SemecP000Decision d[62];
  SemecDrlhAction  *cand;
  double           *bx, *by, *dz; /* training batch */
  SemecSeriesInfo   series[4];
  PetscLogEvent     ev_actor, ev_critic, ev_train;
} Drlh;

static PetscErrorCode CreateKind(SemecPolicy *p, const SemecConfig *cfg, Kind kind)
{
  Drlh    *dr;
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscInt nh   = 2;
  PetscBool has_hidden = PETSC_FALSE;
  static const char *const actors[] = {"cell", "shared", NULL};
  int                      actor    = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&dr));
  dr->kind           = kind;
  dr->n_a            = 64;   /* Sec. V: DRLH(64) */
  dr->memory         = 1024; /* ours (the paper gives none) */
  dr->batch          = 128;
  dr->interval       = 2;
  dr->explore        = PETSC_TRUE;
  dr->hidden[0]      = 120;
  dr->hidden[1]      = 80;
  dr->cloud_requests = PetscMin((cfg->cloud_access_max + cfg->cells - 1) / cfg->cells, 62); /* the paper's chi_max^C with one cell */
  dr->cells_per_rank = cfg->cells_per_rank;
  dr->cells          = cfg->cells;
  PetscCheck(cfg->ue_count == SEMEC_COUNT_FIXED && cfg->ues_per_cell >= 1, comm, PETSC_ERR_ARG_INCOMP,
             "Policy %s needs a fixed number of UEs per cell: use -geom_ue_count fixed and -geom_ues_per_cell >= 1", kind == KIND_DRLH ? "drlh" : kind == KIND_EXHAUSTIVE ? "exhaustive" : "random");
  dr->seed           = cfg->seed;
  PetscCall(SemecAdamOptionsDefault(&dr->adam)); /* Table I: learning rate 1e-3 */
  PetscOptionsBegin(comm, NULL, "Paper 000 policies drlh, exhaustive, random (-drlh_)", NULL);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-drlh_actor",
                                  "DRLH: one actor per cell (cell), or one per rank trained on all its cells, averaged over ranks with -rl_sync allreduce (shared)",
                                  actors, &actor));
  SEMEC_OPT_INT("-drlh_candidates", "DRLH: candidate actions N_A the critic evaluates", dr->n_a);
  SEMEC_OPT_BOOL("-drlh_explore", "DRLH: replace the last of the N_A candidates by a uniformly random action", dr->explore);
  SEMEC_OPT_INT("-drlh_memory", "DRLH: replay memory size (samples)", dr->memory);
  SEMEC_OPT_INT("-drlh_batch", "DRLH: training batch (samples)", dr->batch);
  SEMEC_OPT_INT("-drlh_train_interval", "DRLH: slots between training steps", dr->interval);
  PetscCall(SemecOptionCheckNumbers(comm, "-drlh_hidden", PETSC_TRUE, 2));
  PetscCall(PetscOptionsIntArray("-drlh_hidden", "DRLH: widths of the actor's two hidden relu layers", NULL, dr->hidden, &nh, &has_hidden));
  SEMEC_OPT_INT("-drlh_cloud_requests", "UEs of a cell an action sends to the cloud (the per-cell chi^C of the action space; default: -cloud_access_max / cells, rounded up)",
                dr->cloud_requests);
  PetscOptionsEnd();
  PetscCall(SemecAdamOptionsRead(comm, &dr->adam));
  dr->shared = (PetscBool)(actor == 1);
  SEMEC_CHECK_INT("-drlh_candidates", dr->n_a, 1, 1000000);
  SEMEC_CHECK_INT("-drlh_memory", dr->memory, 1, 10000000);
  SEMEC_CHECK_INT("-drlh_batch", dr->batch, 1, dr->memory);
  SEMEC_CHECK_INT("-drlh_train_interval", dr->interval, 1, 1000000);
  PetscCheck(!has_hidden || nh == 2, comm, PETSC_ERR_ARG_SIZ, "Option -drlh_hidden takes 2 widths, got %" PetscInt_FMT, nh);
  SEMEC_CHECK_INT("-drlh_hidden", dr->hidden[0], 1, 100000);
  SEMEC_CHECK_INT("-drlh_hidden", dr->hidden[1], 1, 100000);
  SEMEC_CHECK_INT("-drlh_cloud_requests", dr->cloud_requests, 0, 62);
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec drlh", &id));
    PetscCall(PetscLogEventRegister("DrlhActor", id, &dr->ev_actor));   /* forward pass and quantizer */
    PetscCall(PetscLogEventRegister("DrlhCritic", id, &dr->ev_critic)); /* J* of the candidates, or of every action */
    PetscCall(PetscLogEventRegister("DrlhTrain", id, &dr->ev_train));   /* memory and training step */
  }
  PetscCall(PetscCalloc1(dr->cells_per_rank, &dr->agents));
  PetscCall(PetscMalloc1(dr->n_a, &dr->cand));
  dr->series[0] = (SemecSeriesInfo){"drlh", "test_loss", "1", "paper 000 eq. (24) of the actor's output against the action the critic chose, before training", 1};
  dr->series[1] = (SemecSeriesInfo){"drlh", "train_loss", "1", "paper 000 eq. (24) on the batch of the slot's training step; NaN if none", 1};
  dr->series[2] = (SemecSeriesInfo){"drlh", "chosen_rank", "1", "rank of the chosen action among the quantizer's candidates (0: the most likely)", 1};
  dr->series[3] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  p->data       = dr;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CreateDrlh(SemecPolicy *p, const SemecConfig *cfg) { return CreateKind(p, cfg, KIND_DRLH); }
static PetscErrorCode CreateExhaustive(SemecPolicy *p, const SemecConfig *cfg) { return CreateKind(p, cfg, KIND_EXHAUSTIVE); }
static PetscErrorCode CreateRandom(SemecPolicy *p, const SemecConfig *cfg) { return CreateKind(p, cfg, KIND_RANDOM); }

static PetscErrorCode AgentSetup(Drlh *dr, const SemecPolicyView *v, const SemecCell *cell, Agent *a)
{
  PetscInt nue = cell->nue;

  PetscFunctionBeginUser;
  PetscCall(SemecDrlhSpaceCreate(nue, PetscMin(SemecP000ModelOf(v->model)->chi_edge, nue), PetscMin(dr->cloud_requests, nue), &a->space));
  if (dr->kind == KIND_DRLH) {
    SemecNetSpec spec;
    PetscCall(PetscMemzero(&spec, sizeof(spec)));
    spec.nlayers  = 3;
    spec.sizes[0] = NFEAT * nue;
    spec.sizes[1] = dr->hidden[0];
    spec.sizes[2] = dr->hidden[1];
    spec.sizes[3] = 2 * nue;
    spec.act[0]   = SEMEC_ACT_RELU;
    spec.act[1]   = SEMEC_ACT_RELU;
    spec.act[2]   = SEMEC_ACT_IDENTITY; /* logits; the sigmoid is the head */
    spec.seed     = (uint64_t)dr->seed;
    spec.id       = dr->shared ? (uint64_t)dr->cells : (uint64_t)cell->id; /* one actor per cell, or the shared one */
    if (!dr->shared) PetscCall(SemecNetCreate(&spec, &dr->adam, &a->actor));
    else {
      if (!dr->shared_net) PetscCall(SemecNetCreate(&spec, &dr->adam, &dr->shared_net));
      PetscCheck(SemecNetNumInputs(dr->shared_net) == NFEAT * nue, PETSC_COMM_SELF, PETSC_ERR_SUP, "-drlh_actor shared needs the same UEs in every cell");
      a->actor = dr->shared_net;
    }
    PetscCall(PetscMalloc4(dr->memory * NFEAT * nue, &a->mem_x, dr->memory * 2 * nue, &a->mem_y, NFEAT * nue, &a->x, 2 * nue, &a->y));
  }
  a->cell  = cell->id;
  a->ready = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static Agent *AgentOf(Drlh *dr, const SemecCell *cell) { return &dr->agents[cell->id % dr->cells_per_rank]; }

static void Features(const SemecP000Params *par, const SemecP000State *st, PetscInt nue, double *x)
{
  for (PetscInt i = 0; i < nue; i++) {
    const SemecP000State *s = &st[i];
    double               *f = x + NFEAT * i;
    f[0] = 10.0 * log10(SemecP000Snr(par->p_tx_max, s->gain_edge, s->b_edge, par->noise_psd)) / 50.0;
    f[1] = 10.0 * log10(SemecP000Snr(par->p_tx_max, s->gain_cloud, s->b_cloud, par->noise_psd)) / 50.0;
    f[2] = log1p(s->q_local) / 5.0;
    f[3] = log1p(s->q_edge) / 5.0;
    f[4] = log1p(s->z_local) / 5.0;
    f[5] = log1p(s->z_edge) / 5.0;
  }
}

static void ActionBits(SemecDrlhAction act, PetscInt nue, double *y)
{
  for (PetscInt i = 0; i < nue; i++) {
    y[i]     = (double)((act.edge >> i) & 1u);
    y[nue + i] = (double)((act.cloud >> i) & 1u);
  }
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  Drlh                  *dr  = (Drlh *)p->data;
  const SemecP000Params *par = &SemecP000ModelOf(v->model)->par;
  Agent                 *a   = AgentOf(dr, cell);
  PetscInt               nue = cell->nue;
  SemecDrlhAction        best;
  double                 J = 0.0;

  PetscFunctionBeginUser;
  if (cell->series) cell->series[0] = cell->series[1] = cell->series[2] = NAN;
  if (nue == 0) PetscFunctionReturn(PETSC_SUCCESS);
  if (!a->ready) PetscCall(AgentSetup(dr, v, cell, a));
  dr->comm = v->comm;
  PetscCheck(a->space.nue == nue, PETSC_COMM_SELF, PETSC_ERR_SUP, "Cell %" PetscInt_FMT ": the paper 000 policies need a fixed number of UEs per cell",
             cell->id);
  for (PetscInt i = 0; i < nue; i++) dr->st[i] = SemecP000UEOf(&cell->ues[i])->st;
  switch (dr->kind) {
  case KIND_EXHAUSTIVE:
    PetscCall(PetscLogEventBegin(dr->ev_critic, 0, 0, 0, 0));
    PetscCall(SemecDrlhExhaustive(&a->space, par, dr->st, &best, &J));
    PetscCall(PetscLogEventEnd(dr->ev_critic, 0, 0, 0, 0));
    break;
  case KIND_RANDOM: {
    /* Sec. V: "randomly chosen from the 1960 offloading actions" */
    SemecRngKey k = {(uint64_t)dr->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, 0, (uint64_t)v->slot};
    PetscInt    n = SemecDrlhSpaceSize(&a->space);
    best          = SemecDrlhSpaceAction(&a->space, PetscMin((PetscInt)(SemecRngUniform(&k, 0) * (double)n), n - 1));
  } break;
  case KIND_DRLH: {
    const double *z;
    double        relaxed[124], loss;
    PetscInt      na, chosen = 0;
    PetscCall(PetscLogEventBegin(dr->ev_actor, 0, 0, 0, 0));
    Features(par, dr->st, nue, a->x);
    PetscCall(SemecNetForward(a->actor, 1, a->x, &z));
    PetscCall(SemecNNSigmoid(2 * nue, z, relaxed));
    PetscCall(SemecDrlhQuantize(&a->space, relaxed, dr->n_a, dr->cand, &na));
    if (dr->explore && na >= 2) {
      /* exploration: the last candidate is a uniformly random action */
      SemecRngKey     k = {(uint64_t)dr->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, 2, (uint64_t)v->slot};
      PetscInt        n = SemecDrlhSpaceSize(&a->space);
      SemecDrlhAction r = SemecDrlhSpaceAction(&a->space, PetscMin((PetscInt)(SemecRngUniform(&k, 0) * (double)n), n - 1));
      PetscBool       dup = PETSC_FALSE;
      for (PetscInt c = 0; c < na - 1 && !dup; c++) dup = (PetscBool)(dr->cand[c].edge == r.edge && dr->cand[c].cloud == r.cloud);
      if (!dup) dr->cand[na - 1] = r;
    }
    PetscCall(PetscLogEventEnd(dr->ev_actor, 0, 0, 0, 0));
    PetscCall(PetscLogEventBegin(dr->ev_critic, 0, 0, 0, 0));
    for (PetscInt c = 0; c < na; c++) {
      double Jc = SemecDrlhCritic(par, dr->st, nue, dr->cand[c], NULL); /* eq. (23) */
      if (c == 0 || Jc < J) {
        J      = Jc;
        chosen = c;
      }
    }
    PetscCall(PetscLogEventEnd(dr->ev_critic, 0, 0, 0, 0));
    best = dr->cand[chosen];
    ActionBits(best, nue, a->y);
    PetscCall(SemecNNSigmoidBCE(1, 2 * nue, z, a->y, &loss, NULL));
    if (cell->series) {
      cell->series[0] = loss;
      cell->series[2] = (double)chosen;
    }
  } break;
  }
  (void)SemecDrlhCritic(par, dr->st, nue, best, dr->d);
  for (PetscInt i = 0; i < nue; i++) {
    SemecP000UE *pu  = SemecP000UEOf(&cell->ues[i]);
    pu->st.rho_edge  = (PetscBool)((best.edge >> i) & 1u);
    pu->st.rho_cloud = (PetscBool)((best.cloud >> i) & 1u);
    pu->d            = dr->d[i];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Replay memory and the training step of Sec. IV-A 3). */
static PetscErrorCode Learn(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  Drlh    *dr = (Drlh *)p->data;
  Agent   *a  = AgentOf(dr, cell);
  PetscInt nue = cell->nue, nx = NFEAT * nue, ny = 2 * nue;

  PetscFunctionBeginUser;
  if (dr->kind != KIND_DRLH || nue == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscLogEventBegin(dr->ev_train, 0, 0, 0, 0));
  PetscCall(PetscArraycpy(a->mem_x + a->mem_next * nx, a->x, nx));
  PetscCall(PetscArraycpy(a->mem_y + a->mem_next * ny, a->y, ny));
  a->mem_next  = (a->mem_next + 1) % dr->memory;
  a->mem_count = PetscMin(a->mem_count + 1, dr->memory);
  if ((v->slot + 1) % dr->interval != 0 || a->mem_count < dr->batch) {
    PetscCall(PetscLogEventEnd(dr->ev_train, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!dr->bx) PetscCall(PetscMalloc3(dr->batch * nx, &dr->bx, dr->batch * ny, &dr->by, dr->batch * ny, &dr->dz));
  {
    SemecRngKey   k = {(uint64_t)dr->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, 1, (uint64_t)v->slot};
    const double *z;
    double        loss;
    for (PetscInt b = 0; b < dr->batch; b++) {
      PetscInt j = PetscMin((PetscInt)(SemecRngUniform(&k, (uint64_t)b) * (double)a->mem_count), a->mem_count - 1);
      PetscCall(PetscArraycpy(dr->bx + b * nx, a->mem_x + j * nx, nx));
      PetscCall(PetscArraycpy(dr->by + b * ny, a->mem_y + j * ny, ny));
    }
    PetscInt local = cell->id % dr->cells_per_rank; /* position among the rank's cells */
    if (!dr->shared || local == 0) PetscCall(SemecNetZeroGrad(a->actor));
    PetscCall(SemecNetForward(a->actor, dr->batch, dr->bx, &z));
    PetscCall(PetscArrayzero(dr->dz, dr->batch * ny));
    PetscCall(SemecNNSigmoidBCE(dr->batch, ny, z, dr->by, &loss, dr->dz)); /* eq. (24) */
    if (dr->shared) /* the mean over the rank's cells of their batch means */
      for (PetscInt j = 0; j < dr->batch * ny; j++) dr->dz[j] /= (double)dr->cells_per_rank;
    PetscCall(SemecNetBackward(a->actor, dr->dz));
    if (!dr->shared) PetscCall(SemecNetAdamStep(a->actor));
    else if (local == dr->cells_per_rank - 1) {
      /* every rank reaches this in the same slot: the memories fill alike */
      PetscCall(SemecNetSyncGradients(a->actor, v->comm, (double)dr->cells_per_rank, NULL));
      PetscCall(SemecNetAdamStep(a->actor));
    }
    if (cell->series) cell->series[1] = loss;
  }
  PetscCall(PetscLogEventEnd(dr->ev_train, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecSeriesInfo *Series(SemecPolicy *p)
{
  Drlh *dr = (Drlh *)p->data;
  return dr->kind == KIND_DRLH ? dr->series : NULL;
}

/* The actors of every cell, one row per cell of group drlh_actor (the
 * layout of SemecNetSave), with their Adam state. */
static PetscErrorCode Checkpoint(SemecPolicy *p, hid_t g)
{
  Drlh            *dr = (Drlh *)p->data;
  const SemecNet **nets;
  PetscInt        *rows, n = 0;

  PetscFunctionBeginUser;
  if (dr->shared) {
    PetscMPIInt rank = SemecCommRank(dr->comm), size = SemecCommSize(dr->comm);
    if (SemecNetAdam(dr->shared_net)->sync == SEMEC_RL_SYNC_ALLREDUCE) {
      /* one actor for the network: every rank must hold the same weights */
      const double *w = SemecNetParams(dr->shared_net);
      double        h[2] = {0.0, 0.0};
      for (PetscInt i = 0; i < SemecNetNumParams(dr->shared_net); i++) h[0] += w[i] * (double)(i % 7 + 1);
      h[1] = -h[0];
      PetscCall(SemecCommMaxDouble(dr->comm, h, 2));
      PetscCheck(h[0] == -h[1], PETSC_COMM_SELF, PETSC_ERR_PLIB, "DRLH: the shared actor's weights differ between ranks under -rl_sync allreduce");
      PetscCall(SemecNetSave(dr->shared_net, g, "drlh_actor", rank == 0 ? 0 : -1, 1));
    } else PetscCall(SemecNetSave(dr->shared_net, g, "drlh_actor", rank, size)); /* -rl_sync none: one actor per rank */
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscMalloc2(dr->cells_per_rank, &nets, dr->cells_per_rank, &rows));
  for (PetscInt i = 0; i < dr->cells_per_rank; i++) {
    if (!dr->agents[i].ready) continue;
    nets[n]   = dr->agents[i].actor;
    rows[n++] = dr->agents[i].cell;
  }
  PetscCheck(n > 0, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DRLH checkpoint before the first decision of this rank's cells");
  PetscCall(SemecNetSaveRows(nets[0], nets, rows, n, g, "drlh_actor", dr->cells));
  PetscCall(PetscFree2(nets, rows));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecPolicy *p)
{
  Drlh *dr = (Drlh *)p->data;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < dr->cells_per_rank; i++) {
    Agent *a = &dr->agents[i];
    if (!a->ready) continue;
    PetscCall(SemecDrlhSpaceDestroy(&a->space));
    if (a->actor) {
      if (!dr->shared) PetscCall(SemecNetDestroy(&a->actor));
      PetscCall(PetscFree4(a->mem_x, a->mem_y, a->x, a->y));
    }
  }
  PetscCall(PetscFree(dr->agents));
  PetscCall(SemecNetDestroy(&dr->shared_net));
  PetscCall(PetscFree(dr->cand));
  if (dr->bx) PetscCall(PetscFree3(dr->bx, dr->by, dr->dz));
  PetscCall(PetscFree(dr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyDrlh       = {.name    = "drlh",
                                              .help    = "paper 000: DRLH, actor + N_A-candidate quantizer + model-based critic, trained with (24)",
                                              .model   = "cloud_edge_end",
                                              .create  = CreateDrlh,
                                              .decide  = Decide,
                                              .learn   = Learn,
                                              .series  = Series,
                                              .checkpoint = Checkpoint,
                                              .destroy = Destroy};
const SemecPolicyOps SemecPolicyExhaustive = {.name    = "exhaustive",
                                              .help    = "paper 000: the critic over every feasible action (1960 for I = 8)",
                                              .model   = "cloud_edge_end",
                                              .create  = CreateExhaustive,
                                              .decide  = Decide,
                                              .destroy = Destroy};
const SemecPolicyOps SemecPolicyP000Random = {.name    = "random",
                                              .help    = "paper 000: a uniformly random feasible action, then the critic's variables",
                                              .model   = "cloud_edge_end",
                                              .create  = CreateRandom,
                                              .decide  = Decide,
                                              .destroy = Destroy};
