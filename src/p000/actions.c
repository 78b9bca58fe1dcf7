/* Paper 000's DRLH action layer (include/semec/p000/drlh.h): action space,
 * model-based critic, exhaustive search and the N_A-candidate quantizer. */
#include <semec/p000/drlh.h>
#include <math.h>
#include <stdlib.h>

#define DRLH_MAX_ACTIONS 10000000

static double Binomial(PetscInt n, PetscInt k)
{
  double c = 1.0;
  for (PetscInt i = 1; i <= k; i++) c = c * (double)(n - k + i) / (double)i;
  return floor(c + 0.5);
}

/* Subsets of size k of n elements in increasing numeric order (Gosper). */
static void Subsets(PetscInt n, PetscInt k, uint64_t *out)
{
  PetscInt m = 0;
  if (k == 0) {
    out[0] = 0;
    return;
  }
  for (uint64_t x = (UINT64_C(1) << k) - 1; x < (UINT64_C(1) << n);) {
    out[m++]   = x;
    uint64_t c = x & (~x + 1), r = x + c;
    x          = (((r ^ x) >> 2) / c) | r;
  }
}

PetscErrorCode SemecDrlhSpaceCreate(PetscInt nue, PetscInt chi_edge, PetscInt chi_cloud, SemecDrlhSpace *s)
{
  PetscFunctionBeginUser;
  PetscCheck(nue >= 1 && nue <= 62, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DRLH: %" PetscInt_FMT " UEs in a cell, allowed [1, 62]", nue);
  PetscCheck(chi_edge >= 0 && chi_edge <= nue, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DRLH: chi_max^E = %" PetscInt_FMT " is out of range: allowed [0, %" PetscInt_FMT "]", chi_edge, nue);
  PetscCheck(chi_cloud >= 0 && chi_cloud <= nue, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DRLH: chi_max^C = %" PetscInt_FMT " is out of range: allowed [0, %" PetscInt_FMT "]", chi_cloud, nue);
  double ne = Binomial(nue, chi_edge), nc = Binomial(nue, chi_cloud);
  PetscCheck(ne * nc <= DRLH_MAX_ACTIONS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "DRLH: C(%" PetscInt_FMT ", %" PetscInt_FMT ") x C(%" PetscInt_FMT ", %" PetscInt_FMT ") = %g actions, allowed at most %d", nue, chi_edge, nue,
             chi_cloud, ne * nc, DRLH_MAX_ACTIONS);
  s->nue       = nue;
  s->chi_edge  = chi_edge;
  s->chi_cloud = chi_cloud;
  s->nedge     = (PetscInt)ne;
  s->ncloud    = (PetscInt)nc;
  PetscCall(PetscMalloc2(s->nedge, &s->edge_sets, s->ncloud, &s->cloud_sets));
  Subsets(nue, chi_edge, s->edge_sets);
  Subsets(nue, chi_cloud, s->cloud_sets);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDrlhSpaceDestroy(SemecDrlhSpace *s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(s->edge_sets, s->cloud_sets));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt SemecDrlhSpaceSize(const SemecDrlhSpace *s) { return s->nedge * s->ncloud; }

SemecDrlhAction SemecDrlhSpaceAction(const SemecDrlhSpace *s, PetscInt a)
{
  SemecDrlhAction act = {s->edge_sets[a / s->ncloud], s->cloud_sets[a % s->ncloud]};
  return act;
}

double SemecDrlhCritic(const SemecP000Params *par, const SemecP000State *st, PetscInt nue, SemecDrlhAction act, SemecP000Decision *d)
{
  double J = 0.0;
  for (PetscInt i = 0; i < nue; i++) {
    SemecP000State    s = st[i];
    SemecP000Decision di;
    s.rho_edge  = (PetscBool)((act.edge >> i) & 1);
    s.rho_cloud = (PetscBool)((act.cloud >> i) & 1);
    SemecP000Solve(par, &s, &di); /* (P3.1)-(P3.4), Sec. IV-B */
    J += di.objective;            /* UE i's term of (22) */
    if (d) d[i] = di;
  }
  return J;
}

PetscErrorCode SemecDrlhExhaustive(const SemecDrlhSpace *s, const SemecP000Params *par, const SemecP000State *st, SemecDrlhAction *best, double *J)
{
  PetscFunctionBeginUser;
  *J = PETSC_INFINITY;
  for (PetscInt a = 0; a < SemecDrlhSpaceSize(s); a++) {
    SemecDrlhAction act = SemecDrlhSpaceAction(s, a);
    double          j   = SemecDrlhCritic(par, st, s->nue, act, NULL);
    if (j < *J) {
      *J    = j;
      *best = act;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  double   score;
  PetscInt index;
} Ranked;

/* descending score, then ascending index */
static int CompareRanked(const void *x, const void *y)
{
  const Ranked *a = (const Ranked *)x, *b = (const Ranked *)y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* The k best subsets by the sum of the log-odds of their members. */
static PetscErrorCode BestSubsets(const uint64_t *sets, PetscInt nsets, const double *logit, PetscInt nue, PetscInt k, Ranked *out)
{
  Ranked *all;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(nsets, &all));
  for (PetscInt j = 0; j < nsets; j++) {
    all[j].score = 0.0;
    all[j].index = j;
    for (PetscInt i = 0; i < nue; i++)
      if ((sets[j] >> i) & 1) all[j].score += logit[i];
  }
  qsort(all, (size_t)nsets, sizeof(Ranked), CompareRanked);
  for (PetscInt j = 0; j < k; j++) out[j] = all[j];
  PetscCall(PetscFree(all));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDrlhQuantize(const SemecDrlhSpace *s, const double *relaxed, PetscInt n_a, SemecDrlhAction *cand, PetscInt *na)
{
  PetscInt nue = s->nue, ke = PetscMin(n_a, s->nedge), kc = PetscMin(n_a, s->ncloud);
  double  *logit;
  Ranked  *be, *bc, *pairs;

  PetscFunctionBeginUser;
  PetscCheck(n_a >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DRLH: N_A = %" PetscInt_FMT " candidates, allowed >= 1", n_a);
  PetscCall(PetscMalloc4(2 * nue, &logit, ke, &be, kc, &bc, ke * kc, &pairs));
  for (PetscInt i = 0; i < 2 * nue; i++) {
    double p = PetscMin(PetscMax(relaxed[i], 1e-12), 1.0 - 1e-12);
    logit[i] = log(p) - log1p(-p); /* log p - log(1 - p): the likelihood gained by choosing i */
  }
  PetscCall(BestSubsets(s->edge_sets, s->nedge, logit, nue, ke, be));
  PetscCall(BestSubsets(s->cloud_sets, s->ncloud, logit + nue, nue, kc, bc));
  /* the n_a best pairs are among the first ke x kc: score separates */
  for (PetscInt x = 0; x < ke; x++)
    for (PetscInt y = 0; y < kc; y++) {
      pairs[x * kc + y].score = be[x].score + bc[y].score;
      pairs[x * kc + y].index = be[x].index * s->ncloud + bc[y].index; /* the action number */
    }
  qsort(pairs, (size_t)(ke * kc), sizeof(Ranked), CompareRanked);
  *na = PetscMin(n_a, SemecDrlhSpaceSize(s));
  for (PetscInt j = 0; j < *na; j++) cand[j] = SemecDrlhSpaceAction(s, pairs[j].index);
  PetscCall(PetscFree4(logit, be, bc, pairs));
  PetscFunctionReturn(PETSC_SUCCESS);
}
