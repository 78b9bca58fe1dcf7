/* Paper 003's per-cell model and its subcarrier matching (Algorithm 2).
 *
 * Cost of a terminal: ln(M (A^alpha / r + A^beta / f + A^gamma)), the term
 * of (10a), (11) and (16), with A^alpha the bits sent (s or s/eps by the
 * semantic mode e), A^beta the cycles at the MEC server (c, or F_C + c) and
 * A^gamma the local extraction time F_E / f^L (e = 1 only): eqs. (3), (7).
 *
 * Subcarrier swap matching.  Inside a cell the subcarriers are orthogonal
 * and the interference from other cells is the measured one, so the rate
 * of terminal u on subcarrier n does not depend on the rest of the matching:
 * it is computed once per call (rate[u][n]).  A swap (20) of n (held by u)
 * and n' (held by u') is blocking when (21) neither terminal's cost rises
 * and neither subcarrier's rate (18) falls, and (22) at least one of the
 * four strictly improves.  A hole o is an unoccupied subcarrier: (u, o) is
 * blocking when u gains by taking it (its cost falls, the subcarrier's rate
 * rises from 0).  Comparisons use a relative tolerance of 1e-12 so that
 * rounding cannot create or hide a blocking pair; the stability checker
 * uses the same rule. */
#include <semec/p003/model.h>
#include <semec/engine/radio.h>
#include <math.h>

#define P003_TOL 1e-12

PetscErrorCode SemecP003CellResize(SemecP003Cell *pc, PetscInt nue, PetscInt nsub)
{
  PetscFunctionBeginUser;
  if (nue > pc->cap || nsub != pc->nsub) {
    PetscInt cap = PetscMax(nue, 2 * pc->cap);
    if (nsub != pc->nsub) cap = PetscMax(nue, 1);
    PetscCall(SemecP003CellDestroy(pc));
    PetscCall(PetscMalloc2(nsub, &pc->interference, nsub, &pc->owner));
    PetscCall(PetscMalloc1((size_t)cap * nsub, &pc->gain));
    PetscCall(PetscMalloc6(cap, &pc->bits_raw, cap, &pc->bits_sem, cap, &pc->mec_raw, cap, &pc->mec_sem, cap, &pc->local_sem, cap, &pc->f_local));
    PetscCall(PetscMalloc4(cap, &pc->priority, cap, &pc->deadline, cap, &pc->semantic, cap, &pc->f));
    pc->cap  = cap;
    pc->nsub = nsub;
  }
  pc->nue = nue;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP003CellDestroy(SemecP003Cell *pc)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(pc->interference, pc->owner));
  PetscCall(PetscFree(pc->gain));
  PetscCall(PetscFree6(pc->bits_raw, pc->bits_sem, pc->mec_raw, pc->mec_sem, pc->local_sem, pc->f_local));
  PetscCall(PetscFree4(pc->priority, pc->deadline, pc->semantic, pc->f));
  pc->cap = pc->nue = pc->nsub = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP003SetTask(SemecP003Cell *pc, PetscInt u, const SemecConfig *cfg, PetscInt type, PetscBool linear)
{
  pc->bits_raw[u]  = cfg->type_bits[type];
  pc->bits_sem[u]  = cfg->type_bits_sem[type];
  pc->mec_raw[u]   = linear ? cfg->type_cycles_linear[type] : cfg->type_cycles[type];
  pc->mec_sem[u]   = cfg->type_cycles_sem[type] - cfg->type_cycles[type] + pc->mec_raw[u]; /* F_C + c */
  pc->local_sem[u] = cfg->type_extract_cycles[type];
  pc->f_local[u]   = cfg->ue_cpu_hz;
  pc->priority[u]  = cfg->type_priority[type];
  pc->deadline[u]  = cfg->type_deadline[type] > 0.0 ? cfg->type_deadline[type] : PETSC_INFINITY;
}

double SemecP003SubRate(const SemecP003Cell *pc, PetscInt u, PetscInt n)
{
  double g = pc->gain[(size_t)u * pc->nsub + n];
  return SemecShannonRate(pc->bandwidth_hz, SemecSinr(pc->tx_power_w, g, pc->interference[n], pc->noise_w));
}

double SemecP003Rate(const SemecP003Cell *pc, PetscInt u)
{
  double r = 0.0;
  for (PetscInt n = 0; n < pc->nsub; n++)
    if (pc->owner[n] == u) r += SemecP003SubRate(pc, u, n);
  return r;
}

double SemecP003ServerCycles(const SemecP003Cell *pc, PetscInt u)
{
  return pc->semantic[u] ? pc->mec_sem[u] : pc->mec_raw[u]; /* A^beta, eq. (7) first term */
}

double SemecP003FixedDelay(const SemecP003Cell *pc, PetscInt u, double rate)
{
  PetscBool e      = (PetscBool)(pc->semantic[u] != 0);
  double    alpha  = e ? pc->bits_sem[u] : pc->bits_raw[u];       /* A^alpha, eq. (3) numerator */
  double    gamma  = e ? pc->local_sem[u] / pc->f_local[u] : 0.0; /* A^gamma, eq. (7) second term */
  double    t_comm = rate > 0.0 ? alpha / rate : INFINITY;       /* paper 003 eq. (3) */
  return t_comm + gamma;
}

double SemecP003Delay(const SemecP003Cell *pc, PetscInt u, double rate)
{
  double beta = SemecP003ServerCycles(pc, u);
  return SemecP003FixedDelay(pc, u, rate) + (pc->f[u] > 0.0 ? beta / pc->f[u] : INFINITY); /* paper 003 eqs. (3) + (7) */
}

double SemecP003Cost(const SemecP003Cell *pc, PetscInt u, double rate)
{
  return log(pc->priority[u] * SemecP003Delay(pc, u, rate)); /* (10a) term */
}

double SemecP003CellCost(const SemecP003Cell *pc)
{
  double sum = 0.0;
  for (PetscInt u = 0; u < pc->nue; u++) sum += SemecP003Cost(pc, u, SemecP003Rate(pc, u));
  return sum;
}

double SemecP003Reward(const SemecP003Cell *pc, PetscInt u, double c1, double c2)
{
  return c1 * log(1.0 / (pc->priority[u] * SemecP003Delay(pc, u, SemecP003Rate(pc, u)))) + c2; /* paper 003 eq. (8) */
}

PetscInt SemecP003ChooseSemantic(SemecP003Cell *pc)
{
  PetscInt changed = 0;
  for (PetscInt u = 0; u < pc->nue; u++) {
    double   r = SemecP003Rate(pc, u), cost[2];
    PetscInt old = pc->semantic[u];
    for (PetscInt e = 0; e < 2; e++) {
      pc->semantic[u] = e;
      cost[e]         = SemecP003Cost(pc, u, r);
    }
    pc->semantic[u] = cost[1] < cost[0] ? 1 : 0; /* paper 003 eq. (25) */
    changed += pc->semantic[u] != old;
  }
  return changed;
}

/* a <= b and a < b, up to the relative tolerance (costs may be +inf) */
static PetscBool NotAbove(double a, double b) { return (PetscBool)(a <= b || (isfinite(b) && a - b <= P003_TOL * fabs(b))); }
static PetscBool Below(double a, double b) { return (PetscBool)(a < b && !(isfinite(b) && b - a <= P003_TOL * fabs(b))); }

/* Tests a swap of n (held by u) with n' (held by v >= 0, or a hole v < 0). */
static PetscBool Blocking(const SemecP003Cell *pc, const double *rate, const double *r, PetscInt u, PetscInt n, PetscInt v, PetscInt np)
{
  const PetscInt N = pc->nsub;
  if (v < 0) { /* (u, o): u takes the hole np */
    double gain = rate[u * N + np];
    return (PetscBool)(gain > 0.0 && Below(SemecP003Cost(pc, u, r[u] + gain), SemecP003Cost(pc, u, r[u])));
  }
  double cu = SemecP003Cost(pc, u, r[u]), cv = SemecP003Cost(pc, v, r[v]);
  double cu2 = SemecP003Cost(pc, u, r[u] - rate[u * N + n] + rate[u * N + np]);
  double cv2 = SemecP003Cost(pc, v, r[v] - rate[v * N + np] + rate[v * N + n]);
  double phin = rate[u * N + n], phin2 = rate[v * N + n];    /* (18) for n: before (u), after (v) */
  double phinp = rate[v * N + np], phinp2 = rate[u * N + np]; /* (18) for n': before (v), after (u) */
  /* (21): nothing gets worse */
  if (!NotAbove(cu2, cu) || !NotAbove(cv2, cv) || !NotAbove(phin, phin2) || !NotAbove(phinp, phinp2)) return PETSC_FALSE;
  /* (22): something gets strictly better */
  return (PetscBool)(Below(cu2, cu) || Below(cv2, cv) || Below(phin, phin2) || Below(phinp, phinp2));
}

static PetscErrorCode RateTable(const SemecP003Cell *pc, double **rate, double **r)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2((size_t)PetscMax(pc->nue, 1) * pc->nsub, rate, PetscMax(pc->nue, 1), r));
  for (PetscInt u = 0; u < pc->nue; u++) {
    (*r)[u] = 0.0;
    for (PetscInt n = 0; n < pc->nsub; n++) (*rate)[u * pc->nsub + n] = SemecP003SubRate(pc, u, n);
  }
  for (PetscInt n = 0; n < pc->nsub; n++)
    if (pc->owner[n] >= 0) (*r)[pc->owner[n]] += (*rate)[pc->owner[n] * pc->nsub + n];
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Sum of the terminal's rates in subcarrier order (not incrementally), so
 * that the rates after a swap do not depend on the history of swaps. */
static void Resum(const SemecP003Cell *pc, const double *rate, double *r, PetscInt u)
{
  r[u] = 0.0;
  for (PetscInt n = 0; n < pc->nsub; n++)
    if (pc->owner[n] == u) r[u] += rate[u * pc->nsub + n];
}

PetscErrorCode SemecP003MatchSubcarriers(SemecP003Cell *pc, PetscInt max_rounds, PetscInt *swaps, PetscBool *stable)
{
  double  *rate, *r;
  PetscInt N = pc->nsub;

  PetscFunctionBeginUser;
  *swaps  = 0;
  *stable = PETSC_FALSE;
  PetscCall(RateTable(pc, &rate, &r));
  for (PetscInt round = 0; round < max_rounds; round++) {
    PetscInt before = *swaps;
    for (PetscInt n = 0; n < N; n++) {
      PetscInt u = pc->owner[n];
      if (u < 0) continue;
      for (PetscInt np = 0; np < N; np++) {
        PetscInt v = pc->owner[np];
        if (np == n || v == u) continue;
        if (!Blocking(pc, rate, r, u, n, v, np)) continue;
        if (v >= 0) pc->owner[n] = v; /* swap (20) */
        pc->owner[np] = u;            /* with a hole, u just takes np (and keeps n) */
        Resum(pc, rate, r, u);
        if (v >= 0) Resum(pc, rate, r, v);
        (*swaps)++;
        u = pc->owner[n];
        if (u < 0) break;
      }
    }
    /* holes and the terminals holding nothing yet */
    for (PetscInt np = 0; np < N; np++) {
      if (pc->owner[np] >= 0) continue;
      for (PetscInt u = 0; u < pc->nue; u++) {
        if (!Blocking(pc, rate, r, u, -1, -1, np)) continue;
        pc->owner[np] = u;
        Resum(pc, rate, r, u);
        (*swaps)++;
        break;
      }
    }
    if (*swaps == before) {
      *stable = PETSC_TRUE;
      break;
    }
  }
  PetscCall(PetscFree2(rate, r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool SemecP003SubcarriersStable(const SemecP003Cell *pc)
{
  double   *rate, *r;
  PetscBool stable = PETSC_TRUE;

  if (RateTable(pc, &rate, &r)) return PETSC_FALSE;
  for (PetscInt n = 0; n < pc->nsub && stable; n++) {
    PetscInt u = pc->owner[n];
    if (u < 0) continue;
    for (PetscInt np = 0; np < pc->nsub && stable; np++) {
      PetscInt v = pc->owner[np];
      if (np != n && v != u && Blocking(pc, rate, r, u, n, v, np)) stable = PETSC_FALSE;
    }
  }
  /* a terminal without subcarriers can only take a hole */
  for (PetscInt u = 0; u < pc->nue && stable; u++)
    for (PetscInt np = 0; np < pc->nsub && stable; np++)
      if (pc->owner[np] < 0 && Blocking(pc, rate, r, u, -1, -1, np)) stable = PETSC_FALSE;
  (void)PetscFree2(rate, r);
  return stable;
}
