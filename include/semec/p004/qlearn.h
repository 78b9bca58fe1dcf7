/* Paper 004's parametric online Q-learning (Sec. V, Algorithms 1 and 2):
 * a linear Q-function over M sigmoid features of the action-state vector,
 * Qhat = theta^T phi(x), phi_i(x) = 1 / (1 + exp(-mu_i^T x)) (22)-(23),
 * (29)-(30), whose parameters theta AND action a are moved one gradient step
 * per block on the squared TD error
 *     delta = r + gamma theta^T phi(x') - theta^T phi(x)       (24), (31)
 * where x = [a, s_t] and x' = [a, s_{t+1}] carry the same action.  One
 * routine serves both algorithms: Alg. 1 has one action (the WD's power),
 * Alg. 2 has n (the server's per-slot rates).
 *
 * Inputs are normalised (every component O(1), docs/models.md) and the
 * action is handled in normalised units, so a caller passes dr/da in those
 * units.  Gradients drop the factor 2 of d delta^2 as the paper does:
 *     d/da_j    = delta [dr/da_j + sign sum_i theta_i mu_i[j] (gamma phi'_i(x') - phi'_i(x))]
 *     d/dtheta  = delta (gamma phi(x') - phi(x))                     (26)-(27), (33)-(34)
 * with sign = +1 the true derivative and sign = -1 the sign printed in (26)
 * and (33). */
#ifndef SEMEC_P004_QLEARN_H
#define SEMEC_P004_QLEARN_H
#include <semec/engine/compat.h>
#include <stdint.h>

#define SEMEC_P004_MAX_FEATURES 256

/* The feature weights mu_i (M rows of d inputs), i.i.d. N(0, 1/d). */
typedef struct {
  PetscInt M, d;
  double  *mu; /* [M d] */
} SemecP004Basis;

/* Draws the basis from the counter RNG keyed by (seed, tag, i, j): the same
 * basis on every rank and for every scheme with the same seed and tag. */
PetscErrorCode SemecP004BasisCreate(uint64_t seed, uint64_t tag, PetscInt M, PetscInt d, SemecP004Basis *b);
PetscErrorCode SemecP004BasisDestroy(SemecP004Basis *b);
/* phi[i] = sigmoid(mu_i^T x) (23), (30). */
void           SemecP004Features(const SemecP004Basis *b, const double *x, double *phi);
/* theta^T phi(x). */
double         SemecP004Q(const SemecP004Basis *b, const double *theta, const double *x);

/* The TD error and the gradients of delta^2 / 2 at (a, theta): x and x1 are
 * the action-state vectors of blocks t and t+1, whose first na components
 * (the action) are equal; drda[j] = dr/da_j. */
double SemecP004TDGradient(const SemecP004Basis *b, PetscInt na, const double *x, const double *x1, double r, const double *drda, double gamma, const double *theta,
                           int sign, double *grad_a, double *grad_theta);

/* Records of one step. */
typedef struct {
  double delta;  /* TD error (24) / (31) */
  double change; /* ||theta^{t+1} - theta^t|| / ||theta^t||, the stopping statistic of Algs. 1-2 (NaN while ||theta^t|| = 0) */
} SemecP004Step;

/* One step of (28) / (35): a <- clip(a - alpha grad_a, lo, hi) componentwise
 * (written into a, na values), theta <- theta - alpha grad_theta. */
void SemecP004TDStep(const SemecP004Basis *b, PetscInt na, const double *x, const double *x1, double r, const double *drda, double gamma, double alpha, int sign,
                     double lo, double hi, double *theta, double *a, SemecP004Step *st);

/* The step size of block t: alpha_0 / (1 + t / t_alpha), which meets (36):
 * sum alpha = infinity, sum alpha^2 < infinity. */
static inline double SemecP004StepSize(double alpha0, double t_alpha, PetscInt t) { return alpha0 / (1.0 + (double)t / t_alpha); }

#endif
