/* Paper 004's per-block equations (include/semec/p004/block.h). */
#include <semec/p004/block.h>
#include <math.h>

#define LN2 0.69314718055994530942

/* tau B log2(1 + x): the bits (3) carries in one slot at h p / Gamma = x
 * (log1p keeps the back-ends of tiny powers exact). */
static double SlotBits(const SemecP004Params *par, double x) { return par->tau * par->B * log1p(x) / LN2; }

int64_t SemecP004LocalCapacity(const SemecP004Params *par) { return (int64_t)floor((double)par->n * par->tau * par->f_wd_max); }

int64_t SemecP004OffloadCapacity(const SemecP004Params *par, double h, double p)
{
  double bits, cycles;

  if (!(h > 0.0) || !(p > 0.0)) return 0;
  bits   = SlotBits(par, h * p / par->gap); /* (3) over one slot */
  cycles = floor(bits / par->zeta * (1.0 + 1e-12)); /* SemecP004Delivers's allowance: p carries every rho it delivers (log2 8 is 3 - 4e-16) */
  return cycles >= (double)par->W ? par->W : (int64_t)cycles;
}

double SemecP004Power(const SemecP004Params *par, double h, int64_t rho)
{
  if (rho <= 0) return 0.0;
  return par->gap / h * expm1(LN2 * par->zeta * (double)rho / (par->tau * par->B)); /* (4) */
}

PetscBool SemecP004Delivers(const SemecP004Params *par, double h, double p, int64_t rho)
{
  double need = par->zeta * (double)rho;

  if (rho <= 0) return PETSC_TRUE;
  return (PetscBool)(SlotBits(par, h * p / par->gap) >= need * (1.0 - 1e-12));
}

void SemecP004SplitBlock(const SemecP004Params *par, SemecP004Queue q, int64_t cap, PetscBool whole_only, SemecP004Split *s)
{
  const int64_t W = par->W, cmax = SemecP004LocalCapacity(par);
  int64_t       L = (q.r > 0 ? 1 : 0) + q.N; /* tasks in the FIFO */
  int64_t       w1, o1, ow, L1, L2, j;

  s->local = s->rho = s->done = 0;
  s->spans = PETSC_FALSE;
  s->after = q;
  if (L == 0) return;
  if (cap < 0) cap = 0;
  /* offload o_j of task j of size w_j: min(cap, w_j); binary: W or nothing */
  w1 = q.r > 0 ? q.r : W;
  o1 = whole_only ? (w1 == W && cap >= W ? W : 0) : (cap < w1 ? cap : w1);
  ow = whole_only ? (cap >= W ? W : 0) : (cap < W ? cap : W);
  /* L_j = sum_{i<j} w_i + w_j - o_j, the local work if task j is the split
   * one; L_1 = w1 - o1, and L_{j+1} - L_j = W for j >= 2 */
  L1 = w1 - o1;
  if (L1 > cmax) { /* the head's front-end does not fit: computed for C_max, it stays */
    s->local   = cmax;
    s->spans   = PETSC_TRUE;
    if (cmax == 0) return; /* n tau f_max^wd < 1 cycle: the head is untouched (a whole task stays whole) */
    s->after.r = w1 - cmax;
    s->after.N = q.r > 0 ? q.N : q.N - 1;
    return;
  }
  L2 = w1 + W - ow;
  if (L < 2 || L2 > cmax) j = 1;
  else {
    j = 2 + (cmax - L2) / W;
    if (j > L) j = L;
  }
  s->rho     = j == 1 ? o1 : ow;
  s->local   = j == 1 ? L1 : L2 + (j - 2) * W;
  s->done    = j - 1 + (s->rho == 0 ? 1 : 0);
  s->after.r = 0;
  s->after.N = L - j;
}

double SemecP004LocalRate(const SemecP004Params *par, int64_t local) { return (double)local / ((double)par->n * par->tau); }

double SemecP004LocalEnergy(const SemecP004Params *par, int64_t local)
{
  double f = SemecP004LocalRate(par, local);
  return (double)par->n * par->tau * par->xi_wd * f * f * f; /* (2), n equal slots */
}

double SemecP004ServerEnergy(const SemecP004Params *par, const double *f)
{
  double e = 0.0;
  for (PetscInt i = 0; i < par->n; i++) e += par->tau * par->xi_ser * f[i] * f[i] * f[i]; /* (7) */
  return e;
}

int64_t SemecP004ServerSlotCycles(const SemecP004Params *par, double f) { return (int64_t)floor(par->tau * f); }
