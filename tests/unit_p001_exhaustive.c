/* Paper 001's exhaustive search (include/semec/p001/exhaustive.h) against
 * a brute force over the full joint grid: every UE's (rho, w, p, f) at
 * once, no separation, the bands of eq. (12) computed as BW w_i / sum w
 * (quantised by the model's rule on subcarriers when the instance says so)
 * and the levels computed here from their definitions.  Small random
 * instances: 2-3 UEs of random modalities, drops, fading, preferences and
 * batteries (some too small for a task: (11h)), sometimes a UE without a
 * task, a reduced grid.  Also: the returned decisions achieve the value
 * and lie in (11d)-(11e); the search scores at least the local scheme
 * (every task at f*) and the remote one (every task offloaded at p_max,
 * f_max, equal shares), on the reduced grid and on the spec's (7 powers, 9
 * frequencies, weights 1, 2, 4); a lone UE without a usable channel stays
 * local at f*; more than 8 UEs and an empty grid are errors. */
#include <semec/p001/exhaustive.h>
#include <semec/engine/rng.h>
#include "check.h"

#define NMAX 4

typedef struct {
  SemecP001Params par;
  SemecP001Task   task[NMAX];
  SemecP001Step   step;
  double          intf[32];
} Instance;

/* A random instance of n UEs; quantised to some subcarriers with random interference when quant. */
static void MakeInstance(PetscInt n, PetscBool quant, uint64_t id, Instance *x)
{
  SemecRngKey k = {11, SEMEC_STREAM_POLICY, id, 0, 0};
  uint64_t    i = 0;

  SemecP001ParamsDefault(&x->par);
  x->step = (SemecP001Step){.nue = n};
  for (PetscInt u = 0; u < n; u++) {
    SemecP001Modality m = (SemecP001Modality)PetscMin(2, (PetscInt)(3.0 * SemecRngUniform(&k, i++)));
    double            words[SEMEC_P001_MAX_SENTENCES], d = 10.0 + 90.0 * SemecRngUniform(&k, i++);
    PetscInt          ns = m == SEMEC_P001_TEXT ? x->par.sentences : (m == SEMEC_P001_VQA ? 1 : 0);
    for (PetscInt s = 0; s < ns; s++) words[s] = 10.0 + floor(21.0 * SemecRngUniform(&k, i++));
    SemecP001TaskMake(&x->par, m, ns, words, &x->task[u]);
    x->step.task[u]    = SemecRngUniform(&k, i++) < 0.12 ? NULL : &x->task[u];
    x->step.gain[u]    = pow(10.0, -(38.97 + 35.3 * log10(d)) / 10.0) * -log1p(-SemecRngUniform(&k, i++)); /* UMi NLOS, Exp(1) fading */
    x->step.beta[u]    = 0.5 + 0.5 * SemecRngUniform(&k, i++);
    x->step.battery[u] = (SemecRngUniform(&k, i++) < 0.3 ? 0.2 + 2.0 * SemecRngUniform(&k, i++) : 1e3) * x->task[u].e0;
  }
  if (!quant) return;
  x->step.nsub         = n + (PetscInt)floor((double)(26 - n) * SemecRngUniform(&k, i++));
  x->step.interference = x->intf;
  for (PetscInt s = 0; s < x->step.nsub; s++) x->intf[s] = 1e-12 * pow(SemecRngUniform(&k, i++), 3.0);
}

/* One UE's joint-grid option. */
typedef struct {
  PetscBool off;
  double    w, p, f;
} Option;

/* Every option of a UE: local at f* and at each f level; offload with every (w, p, f). */
static PetscInt Options(const SemecP001Params *par, const SemecP001Grid *g, double beta, PetscBool task, Option *o)
{
  double   lo = 10.0 * log10(par->p_min / 1e-3), hi = 10.0 * log10(par->p_max / 1e-3);
  PetscInt n  = 0;

  o[n++] = (Option){PETSC_FALSE, 0.0, par->p_max, task ? SemecP001LocalFrequency(par, beta) : par->f_max};
  if (!task) return n;
  for (PetscInt j = 0; j < g->nf; j++)
    o[n++] = (Option){PETSC_FALSE, 0.0, par->p_max, g->nf > 1 ? par->f_min + (par->f_max - par->f_min) * j / (g->nf - 1.0) : par->f_max};
  for (PetscInt k = 0; k < g->nw; k++)
    for (PetscInt i = 0; i < g->np; i++)
      for (PetscInt j = 0; j < g->nf; j++)
        o[n++] = (Option){PETSC_TRUE, g->w[k], g->np > 1 ? 1e-3 * pow(10.0, (lo + (hi - lo) * i / (g->np - 1.0)) / 10.0) : par->p_max,
                          g->nf > 1 ? par->f_min + (par->f_max - par->f_min) * j / (g->nf - 1.0) : par->f_max};
  return n;
}

/* The team reward sum_i r_i (13) of one joint choice, every band from scratch. */
static double Joint(const Instance *x, const Option *c)
{
  const SemecP001Step *s = &x->step;
  PetscBool            off[NMAX];
  double               b[NMAX], intf[NMAX] = {0}, sumw = 0.0, total = 0.0;
  PetscInt             noff = 0, count[NMAX], n0 = 0;

  for (PetscInt u = 0; u < s->nue; u++) {
    off[u] = c[u].off;
    noff += c[u].off ? 1 : 0;
    sumw += c[u].off ? c[u].w : 0.0;
  }
  for (PetscInt u = 0; u < s->nue; u++) b[u] = c[u].off ? x->par.bandwidth * c[u].w / sumw : 0.0; /* eq. (12) with e^bhat = w */
  if (s->nsub > 0) {
    SemecP001Quantise(s->nue, off, b, s->nsub, count);
    for (PetscInt u = 0; u < s->nue; u++) {
      if (!off[u]) continue;
      b[u] = count[u] * x->par.bandwidth / s->nsub;
      for (PetscInt m = n0; m < n0 + count[u]; m++) intf[u] += s->interference[m];
      n0 += count[u];
    }
  }
  for (PetscInt u = 0; u < s->nue; u++) {
    SemecP001Decision d = {c[u].off, c[u].p, c[u].f, b[u], s->gain[u], intf[u]};
    SemecP001Outcome  o;
    if (!s->task[u]) continue;
    SemecP001Evaluate(&x->par, s->task[u], &d, noff, s->beta[u], s->battery[u], &o);
    total += o.reward;
  }
  return total;
}

typedef struct {
  const Instance *x;
  Option          opt[NMAX][256], c[NMAX];
  PetscInt        nopt[NMAX];
  double          best;
} Brute;

static void Recurse(Brute *br, PetscInt u)
{
  if (u == br->x->step.nue) {
    br->best = PetscMax(br->best, Joint(br->x, br->c));
    return;
  }
  if (u >= NMAX) return; /* nue <= NMAX: never reached */
  for (PetscInt j = 0; j < br->nopt[u]; j++) {
    br->c[u] = br->opt[u][j];
    Recurse(br, u + 1);
  }
}

static double BruteForce(const Instance *x, const SemecP001Grid *g)
{
  static Brute br;
  br.x    = x;
  br.best = -INFINITY;
  for (PetscInt u = 0; u < x->step.nue; u++) br.nopt[u] = Options(&x->par, g, x->step.beta[u], (PetscBool)(x->step.task[u] != NULL), br.opt[u]);
  Recurse(&br, 0);
  return br.best;
}

/* The value of the search's own decisions, and their bounds. */
static double Achieved(const Instance *x, const SemecP001Choice *best)
{
  Option c[NMAX];
  for (PetscInt u = 0; u < x->step.nue; u++) {
    CHECK(best[u].p >= x->par.p_min && best[u].p <= x->par.p_max && best[u].f >= x->par.f_min && best[u].f <= x->par.f_max);
    CHECK(!best[u].offload || x->step.task[u]);
    c[u] = (Option){best[u].offload, exp(best[u].bhat), best[u].p, best[u].f};
  }
  return Joint(x, c);
}

/* The local scheme (f*) and the remote one (p_max, f_max, equal shares). */
static void Baselines(const Instance *x, double *local, double *remote)
{
  Option l[NMAX], r[NMAX];
  for (PetscInt u = 0; u < x->step.nue; u++) {
    l[u] = (Option){PETSC_FALSE, 0.0, x->par.p_max, SemecP001LocalFrequency(&x->par, x->step.beta[u])};
    r[u] = (Option){(PetscBool)(x->step.task[u] != NULL), 1.0, x->par.p_max, x->par.f_max};
  }
  *local  = Joint(x, l);
  *remote = Joint(x, r);
}

static void AgainstBruteForce(void)
{
  SemecP001Grid reduced = {3, 3, 2, {1.0, 3.0}}, spec = {7, 9, 3, {1.0, 2.0, 4.0}};
  PetscInt      mixed = 0, offloads = 0, beats = 0, trials = 48;

  for (PetscInt t = 0; t < trials; t++) {
    Instance        x;
    SemecP001Choice best[NMAX];
    double          value, local, remote;
    PetscInt        noff = 0;
    MakeInstance(2 + t % 2, (PetscBool)(t % 3 == 2), (uint64_t)t, &x);
    PetscCallAbort(PETSC_COMM_SELF, SemecP001Exhaustive(&x.par, &reduced, &x.step, best, &value));
    CHECK_CLOSE(value, BruteForce(&x, &reduced), 1e-9);
    CHECK_CLOSE(Achieved(&x, best), value, 1e-9);
    Baselines(&x, &local, &remote);
    CHECK(value >= local - 1e-12 && value >= remote - 1e-12);
    for (PetscInt u = 0; u < x.step.nue; u++) noff += best[u].offload ? 1 : 0;
    offloads += noff > 0;
    mixed += noff > 0 && noff < x.step.nue;
    beats += value > PetscMax(local, remote) + 1e-9;
    /* the spec's grid, four UEs: no brute force, the bounds only */
    MakeInstance(4, (PetscBool)(t % 3 == 2), 1000 + (uint64_t)t, &x);
    PetscCallAbort(PETSC_COMM_SELF, SemecP001Exhaustive(&x.par, &spec, &x.step, best, &value));
    Baselines(&x, &local, &remote);
    CHECK(value >= local - 1e-12 && value >= remote - 1e-12);
    CHECK_CLOSE(Achieved(&x, best), value, 1e-9);
  }
  /* the instances are not degenerate: some offload, some mix, some beat both baselines */
  printf("exhaustive: %" PetscInt_FMT " of %" PetscInt_FMT " offload, %" PetscInt_FMT " mix local and offload, %" PetscInt_FMT " beat local and remote\n", offloads,
         trials, mixed, beats);
  CHECK(offloads > 0 && offloads < trials && mixed > 0 && beats > 0);
}

/* One UE that cannot offload (no channel) keeps the local scheme's f*. */
static void LoneLocal(void)
{
  SemecP001Grid   spec = {7, 9, 3, {1.0, 2.0, 4.0}};
  Instance        x;
  SemecP001Choice best[1];
  double          value, local, remote;

  MakeInstance(1, PETSC_FALSE, 99, &x);
  x.step.task[0]    = &x.task[0];
  x.step.gain[0]    = 1e-20;
  x.step.beta[0]    = 0.5;
  x.step.battery[0] = 1e3 * x.task[0].e0;
  PetscCallAbort(PETSC_COMM_SELF, SemecP001Exhaustive(&x.par, &spec, &x.step, best, &value));
  Baselines(&x, &local, &remote);
  CHECK(!best[0].offload);
  CHECK_CLOSE(best[0].f, x.par.f_max * cbrt(0.5), 1e-12); /* 1.0159 GHz at beta = 0.5 */
  CHECK_CLOSE(value, local, 1e-15);
  CHECK_CLOSE(value, 1.0579, 1e-3); /* spec A.5: QoE 1.058 per UE */
}

static void Errors(void)
{
  SemecP001Grid   grid = {7, 9, 3, {1.0, 2.0, 4.0}};
  Instance        x;
  SemecP001Choice best[SEMEC_P001_EXHAUSTIVE_MAX_UES + 1];
  double          value;
  PetscErrorCode  ierr;

  MakeInstance(2, PETSC_FALSE, 5, &x);
  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  x.step.nue = SEMEC_P001_EXHAUSTIVE_MAX_UES + 1;
  ierr       = SemecP001Exhaustive(&x.par, &grid, &x.step, best, &value);
  CHECK(ierr != 0);
  x.step.nue = 2;
  grid.np    = 0;
  ierr       = SemecP001Exhaustive(&x.par, &grid, &x.step, best, &value);
  CHECK(ierr != 0);
  grid.np   = 7;
  grid.w[1] = -1.0;
  ierr      = SemecP001Exhaustive(&x.par, &grid, &x.step, best, &value);
  CHECK(ierr != 0);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  AgainstBruteForce();
  LoneLocal();
  Errors();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
