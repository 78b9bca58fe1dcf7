/* The computation-capacity subproblem, paper 003 eq. (26): see capacity.h.
 *
 * TAO route.  With x = f / F, l = lb / F, d = D / F and the room
 * r = 1 - sum_u l_u left once every kept deadline (9h) is met, every
 * feasible point is x = l + r p with p on the unit simplex.  TAO works on
 * y >= 0 (bounds only) with p = y / S, S = sum_u y:
 *
 *     min_{y >= 0}  phi(y) = sum_u ln(C_u + d_u / x_u(y)) + (w/2) (S - 1)^2,
 *     x_u(y) = l_u + r y_u / S.
 *
 * This is exactly (26): x(y) satisfies (9h) and (9i) with equality for every
 * y >= 0, y != 0 (so every iterate is feasible), and every point in the
 * feasible set is some x(y).  ln M_u is a constant and is left out.  The
 * reformulation is not convex, but its KKT points are those of (26): with
 * h_u = ln(C_u + d_u / x_u), grad phi_j = (r / S)(h'_j - a) + w (S - 1),
 * a = sum_u p_u h'_u; since sum_j y_j grad_j = w S (S - 1), a KKT point has
 * S = 1, h'_j = a where y_j > 0 and h'_j >= a where y_j = 0, which are the
 * KKT conditions of (26) with multiplier lambda = -a for (9i).  (26) is
 * convex (paper 003, after (26b)), so any KKT point is the optimum.  The
 * penalty term only removes the scale invariance of y.  Near the optimum
 * the Hessian is positive definite on the free variables, so Newton
 * methods converge quadratically.
 *
 * Method: TRON (Lin-More trust-region Newton with projected searches for
 * bound constraints) with the exact dense Hessian and unpreconditioned
 * Steihaug-Toint CG, which copes with the indefinite Hessian away from the
 * optimum.  Measured on n = 20: 4-5 iterations cold, 1-2 warm; BNTR, BNLS
 * and BNTL also meet 1e-6 (with 1.5-2x the iterations); the quasi-Newton
 * BLMVM/BQNLS stall short of it; TAOALMM on (26) in f with the equality
 * sum f = F converges (~20 outer iterations) but takes ~0.7 s per solve;
 * TAOPDIPM needs a DM/MUMPS KKT system for what is a 1-multiplier problem.
 *
 * The gradient is scaled by 1 / (r |a|) at the initial point, so that its
 * norm (-capacity_tao_gatol) is the relative violation of stationarity,
 * D/(f (C f + D)) = lambda; the relative error of f is about the same.
 *
 * KKT route (the cross-check).  Stationarity of (26) for a free terminal:
 * D / (f (C f + D)) = lambda, whose positive root is
 * f = 2 / (lambda (1 + sqrt(1 + 4 C / (D lambda)))) (1 / lambda for C = 0);
 * a terminal at its bound has D / (f (C f + D)) <= lambda.  So
 * f_u(lambda) = max(lb_u, root), and G(lambda) = sum_u f_u(lambda) - F is
 * convex and decreasing: Newton from the left of the root never overshoots. */
#include <semec/p003/capacity.h>
#include <math.h>

#define SEMEC_CAPACITY_DEFAULT_PREFIX "capacity_"
#define SEMEC_CAPACITY_TAO_TYPE       TAOTRON
#define SEMEC_CAPACITY_GATOL          1e-10 /* final: relative violation of stationarity */
#define SEMEC_CAPACITY_GATOL_LOOSE    1e-6  /* first solve */
#define SEMEC_CAPACITY_MAXIT          100

struct _n_SemecCapacity {
  char      *prefix;
  /* the TAO solver of the current size */
  PetscInt   ntao;
  Tao        tao;
  Vec        y, yl, yu;
  Mat        H;
  PetscReal  gatol; /* final tolerance (-capacity_tao_gatol) */
  /* work arrays, capacity nwork */
  PetscInt   nwork;
  PetscReal *l, *d, *c, *lb, *hp, *hpp, *p, *x, *yref, *xref, *tref, *fprev;
  PetscInt  *order;
  PetscBool *drop;
  /* the instance being solved */
  PetscInt   n;
  PetscReal  r, w, sigma, Sref;
  /* warm start */
  PetscInt   nprev; /* size of the previous solve, -1 = none */
};

/* ---------------------------------------------------------------- checks */

static PetscErrorCode CheckProblem(const SemecCapacityProblem *p)
{
  PetscFunctionBeginUser;
  PetscCheck(p->n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: n = %" PetscInt_FMT " terminals, must be >= 0", p->n);
  PetscCheck(p->F > 0 && PetscIsNormalReal(p->F), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: F = %g cycle/s, must be finite and > 0", (double)p->F);
  for (PetscInt u = 0; u < p->n; u++) {
    PetscCheck(p->C[u] >= 0 && !PetscIsInfOrNanReal(p->C[u]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: C[%" PetscInt_FMT "] = %g s, must be finite and >= 0", u, (double)p->C[u]);
    PetscCheck(p->D[u] > 0 && !PetscIsInfOrNanReal(p->D[u]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: D[%" PetscInt_FMT "] = %g cycles, must be finite and > 0", u, (double)p->D[u]);
    PetscCheck(!PetscIsNanReal(p->tau[u]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: tau[%" PetscInt_FMT "] is NaN", u);
    if (p->M) PetscCheck(p->M[u] > 0 && !PetscIsInfOrNanReal(p->M[u]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "capacity problem: M[%" PetscInt_FMT "] = %g, must be finite and > 0", u, (double)p->M[u]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The deadline bounds (9h): lb_u = D_u / (tau_u - C_u) (0 without a
 * deadline).  Drops the deadlines that cannot be met (rule in capacity.h):
 * drop[u] = PETSC_TRUE and lb_u = 0 for them.  *room = F - sum of the kept
 * lb_u (> 0 whenever something is dropped).  order[n] is work space. */
static PetscErrorCode DeadlineBounds(const SemecCapacityProblem *p, PetscReal lb[], PetscBool drop[], PetscInt order[], PetscInt *ndrop, PetscReal *room)
{
  PetscInt  nfin = 0, nimp = 0, keep;
  PetscReal cum  = 0, total = 0;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < p->n; u++) {
    drop[u] = PETSC_FALSE;
    if (p->tau[u] > p->C[u]) {
      lb[u] = PetscIsInfReal(p->tau[u]) ? 0.0 : p->D[u] / (p->tau[u] - p->C[u]);
      if (PetscIsInfReal(lb[u])) { /* tau - C underflows */
        drop[u] = PETSC_TRUE;
        lb[u]   = 0;
        nimp++;
        continue;
      }
      /* insertion into order[] by (lb, index) ascending */
      PetscInt k = nfin++;
      while (k > 0 && lb[order[k - 1]] > lb[u]) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = u;
    } else { /* (9h) cannot hold for any f_u */
      drop[u] = PETSC_TRUE;
      lb[u]   = 0;
      nimp++;
    }
  }
  for (PetscInt k = 0; k < nfin; k++) total += lb[order[k]];
  if (!nimp && total <= p->F) keep = nfin;
  else {
    for (keep = 0; keep < nfin && cum + lb[order[keep]] < p->F; keep++) cum += lb[order[keep]];
    total = cum;
  }
  for (PetscInt k = keep; k < nfin; k++) {
    drop[order[k]] = PETSC_TRUE;
    lb[order[k]]   = 0;
  }
  *ndrop = nimp + (nfin - keep);
  *room  = p->F - total;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscReal SemecCapacityObjective(const SemecCapacityProblem *p, const PetscReal f[])
{
  PetscReal v = 0;

  for (PetscInt u = 0; u < p->n; u++) {
    if (!(f[u] > 0)) return PETSC_INFINITY;
    v += PetscLogReal((p->M ? p->M[u] : 1.0) * (p->C[u] + p->D[u] / f[u])); /* paper 003 eq. (26a) */
  }
  return v;
}

/* Solutions that need no optimisation: n <= 1, or no room left (f = lb). */
static PetscBool Trivial(const SemecCapacityProblem *p, const PetscReal lb[], PetscReal room, PetscReal f[])
{
  if (p->n == 0) return PETSC_TRUE;
  if (p->n == 1) {
    f[0] = p->F;
    return PETSC_TRUE;
  }
  if (room <= 0) {
    for (PetscInt u = 0; u < p->n; u++) f[u] = lb[u];
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

static void FillInfo(const SemecCapacityProblem *p, const PetscReal f[], PetscInt ndrop, PetscReal lambda, PetscInt its, PetscBool converged, TaoConvergedReason reason, PetscBool warm, SemecCapacityInfo *info)
{
  if (!info) return;
  info->status     = ndrop ? SEMEC_CAPACITY_INFEASIBLE : SEMEC_CAPACITY_FEASIBLE;
  info->nunmet     = ndrop;
  info->objective  = SemecCapacityObjective(p, f);
  info->lambda     = lambda;
  info->iterations = its;
  info->converged  = converged;
  info->reason     = reason;
  info->warm       = warm;
}

/* ------------------------------------------------------------- KKT route */

/* Positive root of D / (f (C f + D)) = lambda, the stationarity condition
 * of (26a) for a free terminal; written without cancellation. */
static PetscReal StationaryCapacity(PetscReal C, PetscReal D, PetscReal lambda)
{
  return 2.0 / (lambda * (1.0 + PetscSqrtReal(1.0 + 4.0 * C / (D * lambda))));
}

/* G(lambda) = sum_u f_u(lambda) - F and its derivative (the one-sided one
 * of the terminals above their bound: a subgradient of the convex G). */
static void KKTResidual(const SemecCapacityProblem *p, const PetscReal lb[], PetscReal lambda, PetscReal *G, PetscReal *dG)
{
  PetscReal s = 0, ds = 0;

  for (PetscInt u = 0; u < p->n; u++) {
    PetscReal fu = StationaryCapacity(p->C[u], p->D[u], lambda);
    if (fu > lb[u]) {
      s += fu;
      ds -= p->D[u] / (lambda * lambda * (2.0 * p->C[u] * fu + p->D[u]));
    } else s += lb[u];
  }
  *G  = s - p->F;
  *dG = ds;
}

PetscErrorCode SemecCapacitySolveKKT(const SemecCapacityProblem *p, PetscReal f[], PetscBool unmet[], SemecCapacityInfo *info)
{
  PetscReal *lb, room, lambda = 0, hi, G, dG;
  PetscBool *drop;
  PetscInt  *order, ndrop, its = 0;

  PetscFunctionBeginUser;
  PetscCall(CheckProblem(p));
  PetscCall(PetscMalloc3(p->n, &lb, p->n, &drop, p->n, &order));
  PetscCall(DeadlineBounds(p, lb, drop, order, &ndrop, &room));
  if (!Trivial(p, lb, room, f)) {
    /* sum_u f_u(lambda) <= sum_u (lb_u + 1/lambda): G(n / room) <= 0 */
    hi     = (PetscReal)p->n / room;
    lambda = hi;
    KKTResidual(p, lb, lambda, &G, &dG);
    while (G < 0 && its < 2000) { /* step left of the root */
      lambda *= 0.25;
      its++;
      KKTResidual(p, lb, lambda, &G, &dG);
    }
    PetscCheck(G >= 0, PETSC_COMM_SELF, PETSC_ERR_CONV_FAILED, "capacity KKT: no bracket for the multiplier of (9i)");
    /* G convex decreasing, G(lambda) >= 0: Newton steps stay left of the
     * root and converge monotonically; bisection guards against rounding. */
    for (PetscInt k = 0; k < 200 && G > 0; k++, its++) {
      PetscReal next = (dG < 0) ? lambda - G / dG : 0.5 * (lambda + hi), Gn, dGn;
      if (!(next > lambda && next < hi)) next = 0.5 * (lambda + hi);
      if (next <= lambda) break; /* no representable progress */
      KKTResidual(p, lb, next, &Gn, &dGn);
      if (Gn < 0) { /* rounding put us past the root */
        hi = next;
        if ((hi - lambda) <= 4 * PETSC_MACHINE_EPSILON * hi) break;
        continue;
      }
      if (next - lambda <= 2 * PETSC_MACHINE_EPSILON * next) {
        lambda = next;
        G      = Gn;
        break;
      }
      lambda = next;
      G      = Gn;
      dG     = dGn;
    }
    for (PetscInt u = 0; u < p->n; u++) f[u] = PetscMax(lb[u], StationaryCapacity(p->C[u], p->D[u], lambda));
  }
  if (unmet)
    for (PetscInt u = 0; u < p->n; u++) unmet[u] = drop[u];
  FillInfo(p, f, ndrop, lambda, its, PETSC_TRUE, TAO_CONVERGED_USER, PETSC_FALSE, info);
  PetscCall(PetscFree3(lb, drop, order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- TAO route */

/* p = y / S, x_u = l_u + r p_u, h'_u and h''_u of h_u = ln(C_u + d_u / x_u);
 * returns S.  *ok = PETSC_FALSE outside the domain (S = 0 or some x_u = 0). */
static PetscReal Derivatives(SemecCapacity cap, const PetscScalar *y, PetscBool *ok)
{
  PetscReal S = 0;

  *ok = PETSC_TRUE;
  for (PetscInt u = 0; u < cap->n; u++) S += y[u];
  if (!(S > 0)) {
    *ok = PETSC_FALSE;
    return S;
  }
  for (PetscInt u = 0; u < cap->n; u++) {
    PetscReal pu = y[u] / S, x = cap->l[u] + cap->r * pu, q;
    if (!(x > 0)) {
      *ok = PETSC_FALSE;
      return S;
    }
    q           = x * (cap->c[u] * x + cap->d[u]); /* x (C x + d) */
    cap->p[u]   = pu;
    cap->x[u]   = x;
    cap->hp[u]  = -cap->d[u] / q;
    cap->hpp[u] = cap->d[u] * (2.0 * cap->c[u] * x + cap->d[u]) / (q * q);
  }
  return S;
}

/* The objective is evaluated relative to a reference point y_ref,
 * sum_u ln(t_u / t_u^ref) with t = C + d / x, each term by log1p of a
 * difference computed from y - y_ref.  It differs from phi by a constant,
 * but its rounding error is proportional to the distance from y_ref rather
 * than to |phi|, so that the line search can still certify the small
 * decreases of the last Newton steps once y_ref is near the optimum. */
static PetscErrorCode SetReference(SemecCapacity cap, Vec Y)
{
  const PetscScalar *y;
  PetscBool          ok;

  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(Y, &y));
  cap->Sref = Derivatives(cap, y, &ok);
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_PLIB, "capacity: reference point outside the domain");
  for (PetscInt u = 0; u < cap->n; u++) {
    cap->yref[u] = y[u];
    cap->xref[u] = cap->x[u];
    cap->tref[u] = cap->c[u] + cap->d[u] / cap->x[u];
  }
  PetscCall(VecRestoreArrayRead(Y, &y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FormObjectiveGradient(Tao tao, Vec Y, PetscReal *obj, Vec G, void *ctx)
{
  SemecCapacity      cap = (SemecCapacity)ctx;
  const PetscScalar *y;
  PetscScalar       *g;
  PetscReal          S, a = 0, v = 0, dS = 0, Sr = cap->Sref;
  PetscBool          ok;

  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(Y, &y));
  PetscCall(VecGetArray(G, &g));
  S = Derivatives(cap, y, &ok);
  if (!ok) { /* outside the domain (some x_u = 0): ln(C + d/0) = +inf */
    *obj = PETSC_INFINITY;
    for (PetscInt u = 0; u < cap->n; u++) g[u] = 0;
  } else {
    for (PetscInt u = 0; u < cap->n; u++) dS += y[u] - cap->yref[u];
    for (PetscInt u = 0; u < cap->n; u++) {
      PetscReal dx = cap->r * ((y[u] - cap->yref[u]) * Sr - cap->yref[u] * dS) / (S * Sr); /* x - x_ref */
      v += log1p(-cap->d[u] * dx / (cap->x[u] * cap->xref[u] * cap->tref[u])); /* paper 003 eq. (26a), ln(t / t_ref) */
      a += cap->p[u] * cap->hp[u];
    }
    *obj = (v + 0.5 * cap->w * dS * (S + Sr - 2.0)) / cap->sigma;
    for (PetscInt j = 0; j < cap->n; j++) g[j] = ((cap->r / S) * (cap->hp[j] - a) + cap->w * (S - 1)) / cap->sigma;
  }
  PetscCall(VecRestoreArray(G, &g));
  PetscCall(VecRestoreArrayRead(Y, &y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Hessian of phi: with q = h' - a and J = I - p 1',
 * H = (r/S^2) [ -(q 1' + 1 q') + r J' diag(h'') J ] + w 1 1', entrywise
 * H_jk = (r/S^2) [ -q_j - q_k + r (h''_j delta_jk - h''_j p_j - h''_k p_k + sum_u p_u^2 h''_u) ] + w. */
static PetscErrorCode FormHessian(Tao tao, Vec Y, Mat H, Mat Hpre, void *ctx)
{
  SemecCapacity      cap = (SemecCapacity)ctx;
  const PetscScalar *y;
  PetscScalar       *h;
  PetscReal          S, a = 0, cc = 0, s;
  PetscInt           n = cap->n, lda;
  PetscBool          ok;

  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(Y, &y));
  S = Derivatives(cap, y, &ok);
  PetscCall(VecRestoreArrayRead(Y, &y));
  PetscCall(MatDenseGetLDA(H, &lda));
  PetscCall(MatDenseGetArrayWrite(H, &h));
  if (!ok) { /* outside the domain: a scaled identity */
    for (PetscInt k = 0; k < n; k++)
      for (PetscInt j = 0; j < n; j++) h[j + k * lda] = (j == k) ? 1.0 : 0.0;
  } else {
    for (PetscInt u = 0; u < n; u++) {
      a += cap->p[u] * cap->hp[u];
      cc += cap->p[u] * cap->p[u] * cap->hpp[u];
    }
    s = cap->r / (S * S);
    for (PetscInt k = 0; k < n; k++) {
      PetscReal qk = cap->hp[k] - a, vk = cap->hpp[k] * cap->p[k];
      for (PetscInt j = 0; j < n; j++) {
        PetscReal qj = cap->hp[j] - a, vj = cap->hpp[j] * cap->p[j];
        h[j + k * lda] = (s * (-qj - qk + cap->r * ((j == k ? cap->hpp[j] : 0.0) - vj - vk + cc)) + cap->w) / cap->sigma;
      }
    }
  }
  PetscCall(MatDenseRestoreArrayWrite(H, &h));
  PetscCall(MatAssemblyBegin(H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(H, MAT_FINAL_ASSEMBLY));
  if (Hpre != H) {
    PetscCall(MatAssemblyBegin(Hpre, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(Hpre, MAT_FINAL_ASSEMBLY));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DestroyTao(SemecCapacity cap)
{
  PetscFunctionBeginUser;
  PetscCall(TaoDestroy(&cap->tao));
  PetscCall(VecDestroy(&cap->y));
  PetscCall(VecDestroy(&cap->yl));
  PetscCall(VecDestroy(&cap->yu));
  PetscCall(MatDestroy(&cap->H));
  cap->ntao = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A TAO solver (and its vectors) for n variables; TAO's work vectors are
 * sized at set-up, so a new size needs a new solver. */
static PetscErrorCode SetUpTao(SemecCapacity cap, PetscInt n)
{
  KSP       ksp;
  PC        pc;
  PetscReal grtol, gttol;

  PetscFunctionBeginUser;
  if (cap->ntao == n) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(DestroyTao(cap));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, n, &cap->y));
  PetscCall(VecDuplicate(cap->y, &cap->yl));
  PetscCall(VecDuplicate(cap->y, &cap->yu));
  PetscCall(VecSet(cap->yl, 0.0));
  PetscCall(VecSet(cap->yu, PETSC_INFINITY));
  PetscCall(MatCreateSeqDense(PETSC_COMM_SELF, n, n, NULL, &cap->H));
  PetscCall(MatSetOption(cap->H, MAT_SYMMETRIC, PETSC_TRUE));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &cap->tao));
  PetscCall(TaoSetOptionsPrefix(cap->tao, cap->prefix));
  PetscCall(TaoSetType(cap->tao, SEMEC_CAPACITY_TAO_TYPE));
  PetscCall(TaoSetSolution(cap->tao, cap->y));
  PetscCall(TaoSetVariableBounds(cap->tao, cap->yl, cap->yu));
  PetscCall(TaoSetObjectiveAndGradient(cap->tao, NULL, FormObjectiveGradient, cap));
  PetscCall(TaoSetHessian(cap->tao, cap->H, cap->H, FormHessian, cap));
  PetscCall(TaoSetTolerances(cap->tao, SEMEC_CAPACITY_GATOL, 0.0, 0.0));
  PetscCall(TaoSetMaximumIterations(cap->tao, SEMEC_CAPACITY_MAXIT));
  PetscCall(TaoSetFromOptions(cap->tao));
  /* n <= a few tens: Steihaug-Toint CG on the dense Hessian (which may be
   * indefinite away from the optimum, see above) without preconditioner,
   * unless the options choose one: TRON's ILU(0) of a dense matrix is a
   * full LU, BNK's LMVM costs more than it saves at this size */
  PetscCall(TaoGetKSP(cap->tao, &ksp));
  if (ksp) {
    const char *kprefix;
    PetscBool   set;
    PetscCall(KSPGetOptionsPrefix(ksp, &kprefix));
    PetscCall(PetscOptionsHasName(NULL, kprefix, "-pc_type", &set));
    if (!set) {
      PetscCall(KSPGetPC(ksp, &pc));
      PetscCall(PCSetType(pc, PCNONE));
    }
  }
  PetscCall(TaoGetTolerances(cap->tao, &cap->gatol, &grtol, &gttol));
  cap->ntao = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FreeWork(SemecCapacity cap)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(cap->order, cap->drop));
  PetscCall(PetscFree4(cap->l, cap->d, cap->c, cap->lb));
  PetscCall(PetscFree4(cap->hp, cap->hpp, cap->p, cap->x));
  PetscCall(PetscFree4(cap->yref, cap->xref, cap->tref, cap->fprev));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode EnsureWork(SemecCapacity cap, PetscInt n)
{
  PetscFunctionBeginUser;
  if (n <= cap->nwork) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(FreeWork(cap));
  PetscCall(PetscMalloc4(n, &cap->l, n, &cap->d, n, &cap->c, n, &cap->lb));
  PetscCall(PetscMalloc4(n, &cap->hp, n, &cap->hpp, n, &cap->p, n, &cap->x));
  PetscCall(PetscMalloc4(n, &cap->yref, n, &cap->xref, n, &cap->tref, n, &cap->fprev));
  PetscCall(PetscMalloc2(n, &cap->order, n, &cap->drop));
  cap->nwork = n;
  cap->nprev = -1; /* fprev was lost */
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCapacityCreate(const char prefix[], SemecCapacity *cap)
{
  SemecCapacity c;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&c));
  PetscCall(PetscStrallocpy(prefix ? prefix : SEMEC_CAPACITY_DEFAULT_PREFIX, &c->prefix));
  c->nprev = -1;
  *cap     = c;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCapacityDestroy(SemecCapacity *cap)
{
  SemecCapacity c = *cap;

  PetscFunctionBeginUser;
  if (!c) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(DestroyTao(c));
  PetscCall(FreeWork(c));
  PetscCall(PetscFree(c->prefix));
  PetscCall(PetscFree(c));
  *cap = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCapacityResetWarmStart(SemecCapacity cap)
{
  PetscFunctionBeginUser;
  cap->nprev = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Initial point: the previous solution's share of the room if the size is
 * unchanged, else an equal share. */
static PetscErrorCode InitialPoint(SemecCapacity cap, PetscReal F, PetscBool *warm)
{
  PetscScalar *y;
  PetscReal    S = 0;
  PetscInt     n = cap->n;

  PetscFunctionBeginUser;
  *warm = PETSC_FALSE;
  PetscCall(VecGetArray(cap->y, &y));
  if (cap->nprev == n) {
    for (PetscInt u = 0; u < n; u++) {
      y[u] = PetscMax(cap->fprev[u] / F - cap->l[u], 0.0) / cap->r;
      S += y[u];
    }
    if (S > 0) {
      *warm = PETSC_TRUE;
      for (PetscInt u = 0; u < n; u++) y[u] /= S;
    }
  }
  if (!*warm)
    for (PetscInt u = 0; u < n; u++) y[u] = 1.0 / n;
  PetscCall(VecRestoreArray(cap->y, &y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Two TAO solves: to a loose tolerance with the objective relative to the
 * initial point, then to the final tolerance relative to that result (see
 * SetReference).  A warm start from the same instance takes 0 iterations. */
static PetscErrorCode SolveTao(SemecCapacity cap, PetscInt *its, TaoConvergedReason *reason)
{
  const PetscReal loose = PetscMax(cap->gatol, SEMEC_CAPACITY_GATOL_LOOSE);
  PetscReal       a = 0, gnorm;
  PetscInt        k;

  PetscFunctionBeginUser;
  PetscCall(SetReference(cap, cap->y)); /* also p, h', h'' at the initial point */
  /* scale: |grad| is then the relative violation of the stationarity of (26) */
  for (PetscInt u = 0; u < cap->n; u++) a += cap->p[u] * cap->hp[u];
  cap->sigma = cap->r * PetscAbsReal(a);
  cap->w     = 0;
  for (PetscInt u = 0; u < cap->n; u++) cap->w += cap->p[u] * cap->p[u] * cap->hpp[u];
  cap->w *= cap->r * cap->r; /* curvature of the log terms along p */
  *its = 0;
  PetscCall(TaoSetTolerances(cap->tao, loose, 0.0, 0.0));
  PetscCall(TaoSolve(cap->tao));
  PetscCall(TaoGetIterationNumber(cap->tao, &k));
  PetscCall(TaoGetSolutionStatus(cap->tao, NULL, NULL, &gnorm, NULL, NULL, reason));
  *its += k;
  if (gnorm > cap->gatol) {
    PetscCall(SetReference(cap, cap->y));
    PetscCall(TaoSetTolerances(cap->tao, cap->gatol, 0.0, 0.0));
    PetscCall(TaoSolve(cap->tao));
    PetscCall(TaoGetIterationNumber(cap->tao, &k));
    PetscCall(TaoGetConvergedReason(cap->tao, reason));
    *its += k;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCapacitySolve(SemecCapacity cap, const SemecCapacityProblem *p, PetscReal f[], PetscBool unmet[], SemecCapacityInfo *info)
{
  PetscInt           n = p->n, ndrop, its = 0;
  PetscReal          room, lambda = 0;
  PetscBool          warm = PETSC_FALSE;
  TaoConvergedReason reason = TAO_CONVERGED_USER;

  PetscFunctionBeginUser;
  PetscCall(CheckProblem(p));
  PetscCall(EnsureWork(cap, n));
  PetscCall(DeadlineBounds(p, cap->lb, cap->drop, cap->order, &ndrop, &room));
  if (!Trivial(p, cap->lb, room, f)) {
    const PetscScalar *y;
    PetscReal          S = 0, floor_sum = 0;

    cap->n = n;
    /* A terminal without a bound (its deadline dropped, or none) gets the
     * bound f_u >= phi_u(n / room) / 2, which the optimum meets strictly:
     * some terminal v has f_v - lb_v >= room / n, so lambda = D_v/(f_v
     * (C_v f_v + D_v)) <= 1 / f_v <= n / room, and f_u = phi_u(lambda) >=
     * phi_u(n / room).  The floors sum to at most room / 2 (phi <= 1 /
     * lambda).  They keep every x_u > 0, the domain of ln(C + d / x). */
    for (PetscInt u = 0; u < n; u++) {
      PetscReal lbu = cap->lb[u];
      if (lbu == 0) {
        lbu = 0.5 * StationaryCapacity(p->C[u], p->D[u], (PetscReal)n / room);
        floor_sum += lbu;
      }
      cap->l[u] = lbu / p->F;
      cap->d[u] = p->D[u] / p->F;
      cap->c[u] = p->C[u];
    }
    cap->r = (room - floor_sum) / p->F;
    PetscCall(SetUpTao(cap, n));
    PetscCall(InitialPoint(cap, p->F, &warm));
    PetscCall(SolveTao(cap, &its, &reason));
    /* f = F (l + r y / S): (9h) and (9i) hold by construction */
    PetscCall(VecGetArrayRead(cap->y, &y));
    for (PetscInt u = 0; u < n; u++) S += y[u];
    PetscCheck(S > 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "capacity: TAO returned y = 0");
    for (PetscInt u = 0; u < n; u++) {
      PetscReal pu = y[u] / S;
      f[u] = p->F * (cap->l[u] + cap->r * pu);
      /* multiplier of (9i): -a / F, the weighted mean of D/(f (C f + D)) over the free terminals */
      lambda += pu * p->D[u] / (f[u] * (p->C[u] * f[u] + p->D[u]));
    }
    PetscCall(VecRestoreArrayRead(cap->y, &y));
  }
  for (PetscInt u = 0; u < n; u++) cap->fprev[u] = f[u];
  cap->nprev = n;
  if (unmet)
    for (PetscInt u = 0; u < n; u++) unmet[u] = cap->drop[u];
  FillInfo(p, f, ndrop, lambda, its, reason > 0 ? PETSC_TRUE : PETSC_FALSE, reason, warm, info);
  PetscFunctionReturn(PETSC_SUCCESS);
}
