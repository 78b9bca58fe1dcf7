/* Paper 001's exhaustive search (include/semec/p001/exhaustive.h) and the
 * policy `exhaustive` of -sim_model multimodal_qoe that applies it to every
 * cell in every step, with full CSI.  Grid options (spec A.5):
 *   -p001_exhaustive_power_levels 7       18, 19, ..., 24 dBm
 *   -p001_exhaustive_frequency_levels 9   0.64:0.08:1.28 GHz
 *   -p001_exhaustive_share_weights 1,2,4  w_i, bhat = ln w_i in eq. (12) */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/p001/model.h>
#include <semec/p001/exhaustive.h>
#include <semec/p001/policies.h>
#include <math.h>

PetscErrorCode SemecP001GridValidate(MPI_Comm comm, const SemecP001Grid *grid)
{
  PetscFunctionBeginUser;
  SEMEC_CHECK_INT("-p001_exhaustive_power_levels", grid->np, 1, 1000);
  SEMEC_CHECK_INT("-p001_exhaustive_frequency_levels", grid->nf, 1, 1000);
  SEMEC_CHECK_INT("-p001_exhaustive_share_weights (count)", grid->nw, 1, SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS);
  for (PetscInt k = 0; k < grid->nw; k++) SEMEC_CHECK_REAL("-p001_exhaustive_share_weights", grid->w[k], 1e-6, 1e6);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP001StepBands(const SemecP001Params *par, const SemecP001Step *step, const PetscBool *offload, const double *w, double *b, double *interference)
{
  double   bhat[SEMEC_P001_EXHAUSTIVE_MAX_UES];
  PetscInt sub0[SEMEC_P001_EXHAUSTIVE_MAX_UES], count[SEMEC_P001_EXHAUSTIVE_MAX_UES];

  for (PetscInt u = 0; u < step->nue; u++) bhat[u] = offload[u] ? log(w[u]) : 0.0;
  SemecP001Bands(step->nue, offload, bhat, par->bandwidth, step->nsub, b, sub0, count); /* as the model's SemecP001ShareBand */
  for (PetscInt u = 0; u < step->nue; u++) {
    interference[u] = 0.0;
    for (PetscInt n = sub0[u]; step->nsub > 0 && offload[u] && step->interference && n < sub0[u] + count[u]; n++) interference[u] += step->interference[n];
  }
}

/* r_i of eq. (13) for UE u's decision d when noff UEs offload. */
static double Reward(const SemecP001Params *par, const SemecP001Step *step, PetscInt u, const SemecP001Decision *d, PetscInt noff)
{
  SemecP001Outcome o;
  SemecP001Evaluate(par, step->task[u], d, noff, step->beta[u], step->battery[u], &o);
  return o.reward;
}

/* Keeps decision d with reward r in c if it is the first or strictly better. */
static void Keep(SemecP001Choice *c, PetscBool *first, const SemecP001Decision *d, double bhat, double r)
{
  if (!*first && !(r > c->reward)) return;
  *c     = (SemecP001Choice){d->offload, bhat, d->p, d->f, r};
  *first = PETSC_FALSE;
}

/* The best local execution of UE u: f* (SemecP001LocalFrequency) first, then the f grid. */
static void BestLocal(const SemecP001Params *par, const SemecP001Grid *grid, const SemecP001Step *step, PetscInt u, SemecP001Choice *c)
{
  PetscBool         first = PETSC_TRUE;
  SemecP001Decision d     = {PETSC_FALSE, par->p_max, SemecP001LocalFrequency(par, step->beta[u]), 0.0, step->gain[u], 0.0};

  Keep(c, &first, &d, 0.0, Reward(par, step, u, &d, 0));
  for (PetscInt j = 0; j < grid->nf; j++) {
    d.f = SemecP001Level(par->f_min, par->f_max, j, grid->nf);
    Keep(c, &first, &d, 0.0, Reward(par, step, u, &d, 0));
  }
}

/* The best (p, f) of UE u offloading on band b with interference intf (W) when noff UEs offload. */
static void BestOffload(const SemecP001Params *par, const SemecP001Grid *grid, const SemecP001Step *step, PetscInt u, PetscInt noff, double b, double intf,
                        double bhat, SemecP001Choice *c)
{
  PetscBool first = PETSC_TRUE;

  for (PetscInt i = 0; i < grid->np; i++)
    for (PetscInt j = 0; j < grid->nf; j++) {
      SemecP001Decision d = {PETSC_TRUE, SemecP001PowerLevel(par, i, grid->np), SemecP001Level(par->f_min, par->f_max, j, grid->nf), b, step->gain[u], intf};
      Keep(c, &first, &d, bhat, Reward(par, step, u, &d, noff));
    }
}

/* The sum of r_i of choice vector k (0: local, j >= 1: offload with weight
 * w[j - 1]) with every UE's best grid point; the decisions in c. */
static double Score(const SemecP001Params *par, const SemecP001Grid *grid, const SemecP001Step *step, const PetscInt *k, const SemecP001Choice *local,
                    SemecP001Choice *c)
{
  PetscBool off[SEMEC_P001_EXHAUSTIVE_MAX_UES];
  double    w[SEMEC_P001_EXHAUSTIVE_MAX_UES], b[SEMEC_P001_EXHAUSTIVE_MAX_UES], intf[SEMEC_P001_EXHAUSTIVE_MAX_UES], sum = 0.0;
  PetscInt  noff = 0;

  for (PetscInt u = 0; u < step->nue; u++) {
    off[u] = (PetscBool)(k[u] > 0);
    w[u]   = k[u] > 0 ? grid->w[k[u] - 1] : 0.0;
    noff += k[u] > 0 ? 1 : 0; /* |O|, the ES share of eq. (5) */
  }
  SemecP001StepBands(par, step, off, w, b, intf);
  for (PetscInt u = 0; u < step->nue; u++) {
    if (off[u]) BestOffload(par, grid, step, u, noff, b[u], intf[u], log(w[u]), &c[u]);
    else c[u] = local[u];
    sum += c[u].reward;
  }
  return sum;
}

/* The next choice vector in lexicographic order (UE 0 most significant);
 * UEs without a task stay at 0.  PETSC_FALSE after the last. */
static PetscBool Next(const SemecP001Step *step, PetscInt nw, PetscInt *k)
{
  for (PetscInt u = step->nue - 1; u >= 0; u--) {
    if (!step->task[u]) continue;
    if (k[u] < nw) {
      k[u]++;
      return PETSC_TRUE;
    }
    k[u] = 0;
  }
  return PETSC_FALSE;
}

PetscErrorCode SemecP001Exhaustive(const SemecP001Params *par, const SemecP001Grid *grid, const SemecP001Step *step, SemecP001Choice *best, double *value)
{
  SemecP001Choice local[SEMEC_P001_EXHAUSTIVE_MAX_UES], c[SEMEC_P001_EXHAUSTIVE_MAX_UES];
  PetscInt        k[SEMEC_P001_EXHAUSTIVE_MAX_UES] = {0};
  PetscBool       first = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCheck(step->nue >= 0 && step->nue <= SEMEC_P001_EXHAUSTIVE_MAX_UES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Exhaustive search of paper 001: %" PetscInt_FMT " UEs in the cell, allowed [0, %d]", step->nue, SEMEC_P001_EXHAUSTIVE_MAX_UES);
  PetscCall(SemecP001GridValidate(PETSC_COMM_SELF, grid));
  for (PetscInt u = 0; u < step->nue; u++) {
    local[u] = (SemecP001Choice){PETSC_FALSE, 0.0, par->p_max, par->f_max, 0.0}; /* no task: the model's default decision, no reward */
    if (step->task[u]) BestLocal(par, grid, step, u, &local[u]);
  }
  *value = 0.0;
  do {
    double v = Score(par, grid, step, k, local, c);
    if (first || v > *value) {
      *value = v;
      for (PetscInt u = 0; u < step->nue; u++) best[u] = c[u];
      first = PETSC_FALSE;
    }
  } while (Next(step, grid->nw, k));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ policy */

typedef struct {
  SemecP001Grid grid;
  PetscLogEvent ev;
} Exhaustive;

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg)
{
  Exhaustive *ex;
  MPI_Comm    comm = PETSC_COMM_WORLD;
  PetscInt    nw   = SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS;
  PetscBool   set;
  double      w[SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS] = {1.0, 2.0, 4.0};

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&ex));
  ex->grid = (SemecP001Grid){7, 9, 3, {1.0, 2.0, 4.0}}; /* spec A.5 */
  PetscOptionsBegin(comm, NULL, "Paper 001 exhaustive search (-p001_exhaustive_)", NULL);
  SEMEC_OPT_INT("-p001_exhaustive_power_levels", "Transmit power levels, even in dBm between -p001_power_min and -p001_power_max", ex->grid.np);
  SEMEC_OPT_INT("-p001_exhaustive_frequency_levels", "Local frequency levels, even between -p001_frequency_min and -p001_frequency_max", ex->grid.nf);
  PetscCall(SemecOptionCheckNumbers(comm, "-p001_exhaustive_share_weights", PETSC_FALSE, SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS));
  PetscCall(PetscOptionsRealArray("-p001_exhaustive_share_weights", "Bandwidth weights w of an offloading UE, bhat = ln w in eq. (12) (default 1,2,4)", NULL, w,
                                  &nw, &set));
  PetscOptionsEnd();
  if (set) {
    ex->grid.nw = nw;
    for (PetscInt j = 0; j < nw; j++) ex->grid.w[j] = w[j];
  }
  PetscCall(SemecP001GridValidate(comm, &ex->grid));
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec p001", &id));
    PetscCall(PetscLogEventRegister("P001Exhaustive", id, &ex->ev));
  }
  p->data = ex;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Check(SemecPolicy *p, const SemecConfig *cfg)
{
  MPI_Comm comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCheck(cfg->ues_per_cell <= SEMEC_P001_EXHAUSTIVE_MAX_UES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Policy exhaustive of -sim_model multimodal_qoe enumerates (1 + weights)^I choices per step: -geom_ues_per_cell, %" PetscInt_FMT ", allowed [1, %d]",
             cfg->ues_per_cell, SEMEC_P001_EXHAUSTIVE_MAX_UES);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The cell's step as its ES sees it: head tasks, g |h|^2, preferences, batteries. */
static void CellStep(const SemecP001Model *pm, const SemecCell *cell, SemecP001Step *s)
{
  s->nue          = cell->nue;
  s->nsub         = pm->quantise ? pm->nsub : 0;
  s->interference = pm->quantise ? cell->interference : NULL; /* measured in the previous slot (or round): what the ES knows when it decides */
  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecUE     *ue = &cell->ues[u];
    const SemecP001UE *pu = SemecP001UEOf(ue);
    s->task[u]            = SemecP001Head(pu);
    s->gain[u]            = ue->gain[0] * pu->fading; /* g_i |h_i|^2 of eq. (1): full CSI */
    s->beta[u]            = SemecP001Beta(pm, pu);
    s->battery[u]         = pu->battery;
  }
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  Exhaustive           *ex = (Exhaustive *)p->data;
  const SemecP001Model *pm = SemecP001ModelOf(v->model);
  SemecP001Step         step;
  SemecP001Choice       best[SEMEC_P001_EXHAUSTIVE_MAX_UES];
  double                value;

  PetscFunctionBeginUser;
  if (!SemecP001CellOf(cell)->active) PetscFunctionReturn(PETSC_SUCCESS); /* its episode ended: nothing to decide */
  PetscCheck(cell->nue <= SEMEC_P001_EXHAUSTIVE_MAX_UES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs, policy exhaustive allows %d", cell->id, cell->nue, SEMEC_P001_EXHAUSTIVE_MAX_UES);
  PetscCall(PetscLogEventBegin(ex->ev, 0, 0, 0, 0));
  CellStep(pm, cell, &step);
  PetscCall(SemecP001Exhaustive(&pm->par, &ex->grid, &step, best, &value));
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    pu->offload     = best[u].offload;
    pu->bhat        = best[u].bhat;
    pu->p           = best[u].p;
    pu->f           = best[u].f;
  }
  PetscCall(PetscLogEventEnd(ex->ev, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecPolicy *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP001Exhaustive = {.name    = "exhaustive",
                                                  .help    = "paper 001: per-step search with full CSI over rho, share weights and a (p, f) grid, the upper bound",
                                                  .model   = "multimodal_qoe",
                                                  .create  = Create,
                                                  .check   = Check,
                                                  .decide  = Decide,
                                                  .destroy = Destroy};
