/* Unit tests of the computation-capacity subproblem, paper 003 eq. (26)
 * (src/p003/capacity.c): the TAO route against the analytic KKT solution on
 * random instances, the KKT conditions on the result, warm starts,
 * infeasibility and hand-solved instances.  Prints (does not assert) the
 * time per solve for 20 terminals. */
#include <semec/p003/capacity.h>
#include <semec/engine/rng.h>
#include <petsctime.h>
#include "check.h"

#define NMAX       30
#define NINSTANCES 300
#define RTOL_F     1e-6 /* TAO vs KKT, per f_u and objective */

typedef struct {
  PetscInt  n;
  PetscReal C[NMAX], D[NMAX], tau[NMAX], M[NMAX], F;
} Instance;

static SemecCapacityProblem AsProblem(const Instance *in)
{
  SemecCapacityProblem p = {in->n, in->C, in->D, in->tau, in->M, in->F};
  return p;
}

/* lb_u of (9h), computed here independently of the module */
static PetscReal LowerBound(const Instance *in, PetscInt u)
{
  return in->tau[u] > in->C[u] ? in->D[u] / (in->tau[u] - in->C[u]) : PETSC_INFINITY;
}

static double U(SemecRngKey *key, uint64_t *idx)
{
  return SemecRngUniform(key, (*idx)++);
}

/* A random instance in the ranges of the brief: n in 1..30, C in [0, 0.5)
 * s (a fifth of the terminals, and every terminal of one instance in four,
 * with C = 0), D in 1e9..1e12 cycles (log-uniform), F in 1e12..2e13
 * cycle/s (log-uniform), tau in [0.5, 1] s, M in [1, 10].  With tight,
 * F is raised to (1 + delta) sum lb (delta in [0.02, 0.5]) when the draw
 * is infeasible, which leaves little room and so makes deadlines active. */
static void Draw(PetscInt i, PetscInt attempt, PetscBool tight, PetscInt nforce, Instance *in)
{
  SemecRngKey key = {20240601ULL, 77ULL, (uint64_t)i, (uint64_t)attempt, 0};
  uint64_t    idx = 0;
  PetscBool   zeroC = (i % 4 == 0) ? PETSC_TRUE : PETSC_FALSE;
  PetscReal   suml = 0;

  in->n = 1 + (PetscInt)(U(&key, &idx) * NMAX);
  if (in->n > NMAX) in->n = NMAX;
  if (nforce) in->n = nforce;
  in->F = PetscPowReal(10.0, 12.0 + PetscLog10Real(20.0) * U(&key, &idx));
  for (PetscInt u = 0; u < in->n; u++) {
    double z = U(&key, &idx);
    in->C[u]   = (zeroC || z < 0.2) ? 0.0 : 0.5 * U(&key, &idx);
    in->D[u]   = PetscPowReal(10.0, 9.0 + 3.0 * U(&key, &idx));
    in->tau[u] = 0.5 + 0.5 * U(&key, &idx);
    in->M[u]   = 1.0 + 9.0 * U(&key, &idx);
    suml += LowerBound(in, u);
  }
  if (tight && suml > in->F) in->F = suml * (1.02 + 0.48 * U(&key, &idx));
}

static PetscBool Feasible(const Instance *in)
{
  PetscReal s = 0;
  for (PetscInt u = 0; u < in->n; u++) s += LowerBound(in, u);
  return s <= in->F ? PETSC_TRUE : PETSC_FALSE;
}

/* Some deadline binds: lb_u above the optimum without deadlines. */
static PetscErrorCode HasActiveDeadline(const Instance *in, PetscBool *active)
{
  Instance             nodl = *in;
  SemecCapacityProblem p;
  PetscReal            f0[NMAX];

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < in->n; u++) nodl.tau[u] = PETSC_INFINITY;
  p = AsProblem(&nodl);
  PetscCall(SemecCapacitySolveKKT(&p, f0, NULL, NULL));
  *active = PETSC_FALSE;
  for (PetscInt u = 0; u < in->n; u++)
    if (LowerBound(in, u) > f0[u]) *active = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* KKT conditions of (26) at f, with the deadlines of unmet[] dropped:
 * primal feasibility, capacity (9i) binding to 1e-9, one multiplier lambda
 * for the free terminals (stationarity to stat_tol), dual feasibility and
 * complementary slackness at the bounds.  Returns lambda. */
static PetscReal kkt_worst_stat = 0, kkt_worst_sum = 0; /* largest violations seen, TAO results */

static PetscReal CheckKKT(const Instance *in, const PetscReal f[], const PetscBool unmet[], PetscReal stat_tol, PetscInt *nactive)
{
  PetscReal sum = 0, lambda = 0, lb[NMAX], g[NMAX];
  PetscInt  nfree = 0, fails = semec_test_failures;

  *nactive = 0;
  for (PetscInt u = 0; u < in->n; u++) {
    lb[u] = (unmet && unmet[u]) ? 0.0 : LowerBound(in, u);
    CHECK(f[u] > 0);
    CHECK(f[u] >= lb[u] * (1 - 1e-12)); /* (9h), kept deadlines */
    sum += f[u];
    g[u] = in->D[u] / (f[u] * (in->C[u] * f[u] + in->D[u])); /* -d/df ln(C + D/f) */
  }
  CHECK_CLOSE(sum, in->F, 1e-9); /* (9i) binds */
  if (stat_tol > 1e-9) kkt_worst_sum = PetscMax(kkt_worst_sum, PetscAbsReal(sum - in->F) / in->F);
  for (PetscInt u = 0; u < in->n; u++)
    if (f[u] > lb[u] * (1 + 1e-9)) {
      lambda += g[u];
      nfree++;
    }
  CHECK(nfree > 0 || in->n == 0);
  if (nfree) lambda /= nfree;
  for (PetscInt u = 0; u < in->n; u++) {
    if (f[u] > lb[u] * (1 + 1e-9)) {
      CHECK_CLOSE(g[u], lambda, stat_tol); /* stationarity, mu_u = 0 */
      if (stat_tol > 1e-9) kkt_worst_stat = PetscMax(kkt_worst_stat, PetscAbsReal(g[u] - lambda) / lambda);
    } else {
      /* at the bound: mu_u = lambda - g_u >= 0 (complementary slackness
       * holds since f_u = lb_u) */
      CHECK(lambda - g[u] >= -stat_tol * lambda);
      (*nactive)++;
    }
  }
  if (semec_test_failures != fails) fprintf(stderr, "  (KKT check, n = %d, F = %.6g)\n", (int)in->n, (double)in->F);
  return lambda;
}

static PetscReal MaxRelDiff(PetscInt n, const PetscReal a[], const PetscReal b[])
{
  PetscReal m = 0;
  for (PetscInt u = 0; u < n; u++) m = PetscMax(m, PetscAbsReal(a[u] - b[u]) / PetscAbsReal(b[u]));
  return m;
}

/* TAO vs KKT on one instance; both results checked against the KKT
 * conditions.  Returns the largest relative difference in f. */
static PetscReal worst_obj = 0; /* largest |objective_tao - objective_kkt| / max(1, |objective_kkt|) */

static PetscErrorCode Compare(SemecCapacity cap, const Instance *in, PetscReal *maxdiff, PetscInt *nactive, PetscInt *its)
{
  SemecCapacityProblem p = AsProblem(in);
  SemecCapacityInfo    it, ik;
  PetscReal            ft[NMAX], fk[NMAX], lt, lk, d;
  PetscBool            ut[NMAX], uk[NMAX];
  PetscInt             na;

  PetscFunctionBeginUser;
  PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
  PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
  CHECK_EQ_INT(it.status, ik.status);
  CHECK_EQ_INT(it.nunmet, ik.nunmet);
  for (PetscInt u = 0; u < in->n; u++) CHECK_EQ_INT(ut[u], uk[u]);
  CHECK(it.converged);
  d = MaxRelDiff(in->n, ft, fk);
  CHECK(d <= RTOL_F);
  if (d > RTOL_F) fprintf(stderr, "  n = %d: max |f_tao - f_kkt| / f_kkt = %.3g, TAO reason %s, %d its\n", (int)in->n, (double)d, TaoConvergedReasons[it.reason], (int)it.iterations);
  CHECK(PetscAbsReal(it.objective - ik.objective) <= RTOL_F * PetscMax(1.0, PetscAbsReal(ik.objective)));
  worst_obj = PetscMax(worst_obj, PetscAbsReal(it.objective - ik.objective) / PetscMax(1.0, PetscAbsReal(ik.objective)));
  lk = CheckKKT(in, fk, uk, 1e-10, &na);
  lt = CheckKKT(in, ft, ut, 1e-6, nactive);
  CHECK_EQ_INT(*nactive, na);
  if (in->n > 1) {
    CHECK_CLOSE(ik.lambda, lk, 1e-10);
    CHECK_CLOSE(it.lambda, lt, 1e-6);
    CHECK_CLOSE(it.lambda, ik.lambda, 1e-6);
  }
  *maxdiff = d;
  *its     = it.iterations;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* >= 200 random feasible instances; sizes vary from call to call on one
 * solver object. */
static PetscErrorCode TestRandom(SemecCapacity cap)
{
  PetscInt  nact = 0, nzero = 0, nbig = 0, ndone = 0, its_total = 0, its_max = 0;
  PetscReal worst = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < NINSTANCES; i++) {
    Instance  in;
    PetscBool active = PETSC_FALSE;
    PetscReal d      = 0;
    PetscInt  na = 0, its = 0, attempt = 0;

    do Draw(i, attempt++, (i % 2 == 0) ? PETSC_TRUE : PETSC_FALSE, 0, &in);
    while ((!Feasible(&in) || in.F > 2e13) && attempt < 1000);
    CHECK(Feasible(&in));
    if (!Feasible(&in)) continue;
    PetscCall(HasActiveDeadline(&in, &active));
    PetscCall(Compare(cap, &in, &d, &na, &its));
    CHECK(active == (na > 0)); /* active deadlines are exactly those at their bound */
    nact += active;
    nzero += (i % 4 == 0);
    nbig += (in.n >= 20);
    worst = PetscMax(worst, d);
    its_total += its;
    its_max = PetscMax(its_max, its);
    ndone++;
  }
  printf("random: %d instances, %d with active deadlines, %d with C = 0, %d with n >= 20; TAO iterations mean %.1f max %d\n", (int)ndone, (int)nact, (int)nzero, (int)nbig, (double)its_total / ndone, (int)its_max);
  printf("random: TAO vs KKT, max rel difference in f %.2e, in the objective %.2e; on the TAO results max rel stationarity violation %.2e, max |sum f - F| / F %.2e\n", (double)worst, (double)worst_obj, (double)kkt_worst_stat, (double)kkt_worst_sum);
  CHECK(ndone >= 200);
  CHECK(nact >= ndone / 4);
  CHECK(ndone - nact >= ndone / 10);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Hand-solved instance, G = 1e9:
 *   u = 0: C = 0,   D = 2G, M = 2;   u = 1: C = 1 s, D = 2G, M = 3;   F = 6G.
 * Stationarity: D/(f (C f + D)) = lambda.  u = 0: 1/f0; u = 1:
 * 2G / (f1 (f1 + 2G)).  Equal: f1 (f1 + 2G) = 2G f0, and f0 + f1 = 6G
 * gives f1^2 + 4G f1 - 12G^2 = 0, f1 = 2G, f0 = 4G, lambda = 1/(4G);
 * objective ln(2 (0 + 2/4)) + ln(3 (1 + 2/2)) = ln 1 + ln 6 = ln 6.
 * With deadlines tau = (1.25, 1.5) s: lb0 = 2G/1.25 = 1.6G, lb1 = 2G/(1.5 - 1)
 * = 4G > 2G, active (1.6G + 4G <= F): f = (2G, 4G), lambda = 1/f0 =
 * 1/(2G), mu1 = 1/(2G) - 2G/(4G (4G + 2G)) = 1/(2G) - 1/(12G) > 0;
 * objective ln(2 (2/2)) + ln(3 (1 + 2/4)) = ln 2 + ln 4.5 = ln 9.
 * With tau1 = 1.2 s, lb1 = 2G/0.2 = 10G > F: u = 1's deadline is dropped,
 * the solution is the unconstrained one (4G, 2G) (lb0 = 1.6G inactive).
 * With tau1 = 0.9 s < C1 the same. */
static PetscErrorCode TestHand(SemecCapacity cap)
{
  const PetscReal      G = 1e9;
  Instance             in = {2, {0, 1}, {2 * G, 2 * G}, {PETSC_INFINITY, PETSC_INFINITY}, {2, 3}, 6 * G};
  SemecCapacityProblem p;
  SemecCapacityInfo    it, ik;
  PetscReal            ft[2], fk[2];
  PetscBool            ut[2], uk[2];
  const PetscReal      tau1[4] = {PETSC_INFINITY, 1.5, 1.2, 0.9};
  const PetscReal      f0[4] = {4 * G, 2 * G, 4 * G, 4 * G}, lam[4] = {1 / (4 * G), 1 / (2 * G), 1 / (4 * G), 1 / (4 * G)};
  const PetscReal      obj[4] = {PetscLogReal(6.0), PetscLogReal(9.0), PetscLogReal(6.0), PetscLogReal(6.0)};

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < 4; k++) {
    in.tau[0] = (k == 0) ? PETSC_INFINITY : 1.25;
    in.tau[1] = tau1[k];
    p         = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
    CHECK_CLOSE(fk[0], f0[k], 1e-13);
    CHECK_CLOSE(fk[1], 6 * G - f0[k], 1e-13);
    CHECK_CLOSE(ik.lambda, lam[k], 1e-12);
    CHECK_CLOSE(ik.objective, obj[k], 1e-13);
    CHECK_CLOSE(ft[0], f0[k], 1e-8);
    CHECK_CLOSE(ft[1], 6 * G - f0[k], 1e-8);
    CHECK_CLOSE(it.lambda, lam[k], 1e-8);
    CHECK_CLOSE(it.objective, obj[k], 1e-10);
    CHECK(it.converged);
    CHECK_EQ_INT(it.status, k >= 2 ? SEMEC_CAPACITY_INFEASIBLE : SEMEC_CAPACITY_FEASIBLE);
    CHECK_EQ_INT(ik.status, k >= 2 ? SEMEC_CAPACITY_INFEASIBLE : SEMEC_CAPACITY_FEASIBLE);
    CHECK_EQ_INT(it.nunmet, k >= 2);
    CHECK(!ut[0] && !uk[0]);
    CHECK(ut[1] == (k >= 2) && uk[1] == (k >= 2));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Infeasible instances: which deadlines are dropped, and the solution
 * with them dropped. */
static PetscErrorCode TestInfeasible(SemecCapacity cap)
{
  const PetscReal      G = 1e9;
  SemecCapacityProblem p;
  SemecCapacityInfo    it, ik;
  PetscReal            ft[NMAX], fk[NMAX];
  PetscBool            ut[NMAX], uk[NMAX];
  PetscInt             na, nrand = 0;

  PetscFunctionBeginUser;
  {
    /* C = 0, tau = 1 s: lb = D = (3, 1, 2)G, F = 4.5G < 6G.  Sorted 1, 2, 3:
     * 1 + 2 = 3 < 4.5 fits, + 3 does not: u = 0 is dropped.  Without
     * deadlines f = 1.5G each; u = 2 needs 2G, so f2 = 2G and u = 0, 1
     * share 2.5G equally (C = 0: f = 1/lambda): f = (1.25, 1.25, 2)G. */
    Instance in = {3, {0, 0, 0}, {3 * G, 1 * G, 2 * G}, {1, 1, 1}, {1, 1, 1}, 4.5 * G};
    p           = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
    CHECK_EQ_INT(it.status, SEMEC_CAPACITY_INFEASIBLE);
    CHECK_EQ_INT(it.nunmet, 1);
    CHECK_EQ_INT(ik.nunmet, 1);
    CHECK(ut[0] && !ut[1] && !ut[2]);
    CHECK(uk[0] && !uk[1] && !uk[2]);
    CHECK_CLOSE(fk[0], 1.25 * G, 1e-13);
    CHECK_CLOSE(fk[1], 1.25 * G, 1e-13);
    CHECK_CLOSE(fk[2], 2 * G, 1e-13);
    CHECK(MaxRelDiff(3, ft, fk) <= 1e-8);
    CheckKKT(&in, ft, ut, 1e-6, &na);
    CHECK_EQ_INT(na, 1);
  }
  {
    /* tau = C exactly (u = 1) and tau < C (u = 3): both dropped whatever F */
    Instance in = {4, {0.1, 0.3, 0, 0.6}, {G, G, G, G}, {1, 0.3, 1, 0.5}, {1, 1, 1, 1}, 100 * G};
    p           = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
    CHECK_EQ_INT(it.status, SEMEC_CAPACITY_INFEASIBLE);
    CHECK_EQ_INT(it.nunmet, 2);
    CHECK(!ut[0] && ut[1] && !ut[2] && ut[3]);
    CHECK(!uk[0] && uk[1] && !uk[2] && uk[3]);
    CHECK(MaxRelDiff(4, ft, fk) <= 1e-6);
    CheckKKT(&in, ft, ut, 1e-6, &na);
  }
  {
    /* exactly full: lb = (1, 2)G, F = 3G: feasible, f = lb */
    Instance in = {2, {0, 0}, {G, 2 * G}, {1, 1}, {1, 1}, 3 * G};
    p           = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    CHECK_EQ_INT(it.status, SEMEC_CAPACITY_FEASIBLE);
    CHECK_CLOSE(ft[0], G, 1e-15);
    CHECK_CLOSE(ft[1], 2 * G, 1e-15);
    /* and with u = 2 added (tau < C): u = 2 is dropped and the kept bounds
     * must leave room, so the largest kept one (u = 1) goes as well */
    in.n = 3; in.C[2] = 1; in.D[2] = G; in.tau[2] = 0.5; in.M[2] = 1;
    p = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
    CHECK_EQ_INT(it.nunmet, 2);
    CHECK(!ut[0] && ut[1] && ut[2]);
    CHECK(MaxRelDiff(3, ft, fk) <= 1e-6);
    CHECK(ft[2] > 0 && PetscIsNormalReal(it.objective));
  }
  /* random infeasible draws: the dropped set is the fewest, largest lb */
  for (PetscInt i = 0; i < 100; i++) {
    Instance  in;
    PetscInt  attempt = 0;
    PetscReal kept = 0, min_dropped = PETSC_INFINITY, max_kept = 0;

    do Draw(1000 + i, attempt++, PETSC_FALSE, 0, &in);
    while (Feasible(&in) && attempt < 1000);
    if (Feasible(&in)) continue;
    nrand++;
    p = AsProblem(&in);
    PetscCall(SemecCapacitySolve(cap, &p, ft, ut, &it));
    PetscCall(SemecCapacitySolveKKT(&p, fk, uk, &ik));
    CHECK_EQ_INT(it.status, SEMEC_CAPACITY_INFEASIBLE);
    CHECK(it.nunmet > 0);
    CHECK(it.converged);
    for (PetscInt u = 0; u < in.n; u++) {
      CHECK(ut[u] == uk[u]);
      if (ut[u]) min_dropped = PetscMin(min_dropped, LowerBound(&in, u));
      else {
        kept += LowerBound(&in, u);
        max_kept = PetscMax(max_kept, LowerBound(&in, u));
      }
    }
    CHECK(kept < in.F);                /* the kept deadlines fit, with room */
    CHECK(kept + min_dropped >= in.F); /* no dropped one could be kept instead: fewest dropped */
    CHECK(max_kept <= min_dropped);    /* the most demanding ones are dropped */
    CHECK(MaxRelDiff(in.n, ft, fk) <= RTOL_F);
    CheckKKT(&in, fk, uk, 1e-10, &na);
    CheckKKT(&in, ft, ut, 1e-6, &na);
  }
  printf("infeasible: %d random instances checked\n", (int)nrand);
  CHECK(nrand >= 50);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Sizes 0 and 1 need no optimisation. */
static PetscErrorCode TestSmall(SemecCapacity cap)
{
  Instance             in = {1, {0.2}, {1e10}, {0.7}, {1}, 1e12};
  SemecCapacityProblem p  = AsProblem(&in);
  SemecCapacityInfo    info;
  PetscReal            f[1];
  PetscBool            un[1];

  PetscFunctionBeginUser;
  PetscCall(SemecCapacitySolve(cap, &p, f, un, &info));
  CHECK_CLOSE(f[0], 1e12, 0);
  CHECK(!un[0]);
  CHECK_CLOSE(info.objective, PetscLogReal(0.2 + 1e-2), 1e-14);
  in.n = 0;
  p    = AsProblem(&in);
  PetscCall(SemecCapacitySolve(cap, &p, f, un, &info));
  CHECK_EQ_INT(info.status, SEMEC_CAPACITY_FEASIBLE);
  CHECK_CLOSE(info.objective, 0, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Warm start: the same instance twice gives the same result (with no TAO
 * iteration the second time); a perturbed instance (D within +-5%, same
 * n) started from the previous solution.  Iteration counts are printed. */
static PetscErrorCode TestWarm(SemecCapacity cap)
{
  PetscInt cold = 0, warm = 0, again = 0, count = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < 40; i++) {
    Instance             in, pert;
    SemecCapacityProblem p;
    SemecCapacityInfo    info;
    PetscReal            f1[NMAX], f2[NMAX], fk[NMAX];
    PetscInt             attempt = 0;
    SemecRngKey          key = {7ULL, 78ULL, (uint64_t)i, 0, 0};

    do Draw(2000 + i, attempt++, PETSC_TRUE, 0, &in);
    while ((!Feasible(&in) || in.F > 2e13 || in.n < 2) && attempt < 1000);
    if (!Feasible(&in) || in.n < 2) continue;
    p = AsProblem(&in);
    PetscCall(SemecCapacityResetWarmStart(cap));
    PetscCall(SemecCapacitySolve(cap, &p, f1, NULL, &info));
    CHECK(!info.warm);
    PetscCall(SemecCapacitySolve(cap, &p, f2, NULL, &info));
    CHECK(info.warm);
    CHECK(MaxRelDiff(in.n, f2, f1) <= 1e-12); /* at the default -capacity_tao_gatol */
    again += info.iterations;
    pert = in;
    for (PetscInt u = 0; u < in.n; u++) pert.D[u] *= 1.0 + 0.1 * (SemecRngUniform(&key, (uint64_t)u) - 0.5);
    if (!Feasible(&pert)) continue;
    p = AsProblem(&pert);
    PetscCall(SemecCapacitySolve(cap, &p, f2, NULL, &info));
    CHECK(info.warm && info.converged);
    warm += info.iterations;
    PetscCall(SemecCapacitySolveKKT(&p, fk, NULL, NULL));
    CHECK(MaxRelDiff(in.n, f2, fk) <= RTOL_F);
    PetscCall(SemecCapacityResetWarmStart(cap));
    PetscCall(SemecCapacitySolve(cap, &p, f1, NULL, &info));
    CHECK(!info.warm && info.converged);
    cold += info.iterations;
    CHECK(MaxRelDiff(in.n, f1, fk) <= RTOL_F);
    count++;
  }
  printf("warm start: %d instances; TAO iterations per solve: same instance again %.2f, perturbed warm %.2f, perturbed cold %.2f\n", (int)count, (double)again / count, (double)warm / count, (double)cold / count);
  CHECK(count >= 30);
  CHECK(again == 0);
  CHECK(warm < cold);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Time per solve for 20 terminals (printed, not asserted): the best of
 * three rounds over the same 200 instances, for a cold start, a warm start
 * after a 1% change of C (as between BCD iterations), the same instance
 * again, and the KKT route. */
static PetscErrorCode Timing(SemecCapacity cap)
{
  enum { NT = 200, NROUND = 3 };
  Instance            *set;
  PetscReal            f[NMAX];
  PetscInt             nset = 0, its[3] = {0, 0, 0};
  PetscLogDouble       best[4] = {1e30, 1e30, 1e30, 1e30};
  SemecCapacityProblem p;
  SemecCapacityInfo    info;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(NT, &set));
  for (PetscInt i = 0; nset < NT && i < 50 * NT; i++) {
    Draw(5000 + i, 0, (i % 2 == 0) ? PETSC_TRUE : PETSC_FALSE, 20, &set[nset]);
    if (Feasible(&set[nset]) && set[nset].F <= 2e13) nset++;
  }
  for (PetscInt round = 0; round < NROUND; round++) {
    PetscLogDouble t[4] = {0, 0, 0, 0}, t0, t1;
    for (PetscInt k = 0; k < 3; k++) its[k] = 0;
    for (PetscInt i = 0; i < nset; i++) {
      Instance pert = set[i];
      for (PetscInt u = 0; u < pert.n; u++) pert.C[u] *= 1.01;
      p = AsProblem(&set[i]);
      PetscCall(SemecCapacityResetWarmStart(cap));
      PetscCall(PetscTime(&t0));
      PetscCall(SemecCapacitySolve(cap, &p, f, NULL, &info)); /* cold */
      PetscCall(PetscTime(&t1));
      t[0] += t1 - t0;
      its[0] += info.iterations;
      p = AsProblem(&pert);
      PetscCall(PetscTime(&t0));
      PetscCall(SemecCapacitySolve(cap, &p, f, NULL, &info)); /* warm, perturbed */
      PetscCall(PetscTime(&t1));
      t[1] += t1 - t0;
      its[1] += info.iterations;
      PetscCall(PetscTime(&t0));
      PetscCall(SemecCapacitySolve(cap, &p, f, NULL, &info)); /* warm, same */
      PetscCall(PetscTime(&t1));
      t[2] += t1 - t0;
      its[2] += info.iterations;
      PetscCall(PetscTime(&t0));
      PetscCall(SemecCapacitySolveKKT(&p, f, NULL, &info));
      PetscCall(PetscTime(&t1));
      t[3] += t1 - t0;
    }
    for (PetscInt k = 0; k < 4; k++) best[k] = PetscMin(best[k], t[k]);
  }
  {
    /* sizes 20 and 19 alternating: a new TAO solver every call */
    PetscLogDouble t0, t1;
    Instance       cut;
    PetscCall(PetscTime(&t0));
    for (PetscInt i = 0; i < nset; i++) {
      cut   = set[i];
      cut.n = 20 - (i % 2);
      if (!Feasible(&cut)) cut.n = 20;
      p = AsProblem(&cut);
      PetscCall(SemecCapacitySolve(cap, &p, f, NULL, &info));
    }
    PetscCall(PetscTime(&t1));
    printf("timing, n = 20 or 19 alternating (solver re-created, cold): %.1f us per solve\n", 1e6 * (t1 - t0) / nset);
  }
  printf("timing, n = 20, us per solve (best of %d rounds of %d): TAO cold %.1f (%.1f iterations), warm after a 1%% change %.1f (%.1f), warm same instance %.1f (%.1f), KKT %.1f\n", NROUND, (int)nset, 1e6 * best[0] / nset, (double)its[0] / nset,
         1e6 * best[1] / nset, (double)its[1] / nset, 1e6 * best[2] / nset, (double)its[2] / nset, 1e6 * best[3] / nset);
  PetscCall(PetscFree(set));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  SemecCapacity cap;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(SemecCapacityCreate(NULL, &cap));
  PetscCall(TestHand(cap));
  PetscCall(TestSmall(cap));
  PetscCall(TestInfeasible(cap));
  PetscCall(TestRandom(cap));
  PetscCall(TestWarm(cap));
  PetscCall(Timing(cap));
  PetscCall(SemecCapacityDestroy(&cap));
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
