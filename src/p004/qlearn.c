/* Paper 004's parametric online Q-learning (include/semec/p004/qlearn.h). */
#include <semec/p004/qlearn.h>
#include <semec/engine/rng.h>
#include <math.h>

PetscErrorCode SemecP004BasisCreate(uint64_t seed, uint64_t tag, PetscInt M, PetscInt d, SemecP004Basis *b)
{
  PetscFunctionBeginUser;
  PetscCheck(M >= 1 && M <= SEMEC_P004_MAX_FEATURES && d >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "feature basis of %" PetscInt_FMT " x %" PetscInt_FMT, M, d);
  b->M = M;
  b->d = d;
  PetscCall(PetscMalloc1(M * d, &b->mu));
  for (PetscInt i = 0; i < M; i++) {
    SemecRngKey k = {seed, SEMEC_STREAM_FEATURES, tag, (uint64_t)i, 0};
    for (PetscInt j = 0; j < d; j += 2) {
      double z[2];
      SemecRngNormal2(&k, (uint64_t)(j / 2), z);
      b->mu[i * d + j] = z[0] / sqrt((double)d);
      if (j + 1 < d) b->mu[i * d + j + 1] = z[1] / sqrt((double)d);
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP004BasisDestroy(SemecP004Basis *b)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(b->mu));
  b->M = b->d = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP004Features(const SemecP004Basis *b, const double *x, double *phi)
{
  for (PetscInt i = 0; i < b->M; i++) {
    const double *mu = b->mu + i * b->d;
    double        z  = 0.0;
    for (PetscInt j = 0; j < b->d; j++) z += mu[j] * x[j];
    phi[i] = 1.0 / (1.0 + exp(-z)); /* (23), (30) */
  }
}

double SemecP004Q(const SemecP004Basis *b, const double *theta, const double *x)
{
  double phi[SEMEC_P004_MAX_FEATURES], q = 0.0;

  SemecP004Features(b, x, phi);
  for (PetscInt i = 0; i < b->M; i++) q += theta[i] * phi[i];
  return q;
}

double SemecP004TDGradient(const SemecP004Basis *b, PetscInt na, const double *x, const double *x1, double r, const double *drda, double gamma, const double *theta,
                           int sign, double *grad_a, double *grad_theta)
{
  double phi0[SEMEC_P004_MAX_FEATURES], phi1[SEMEC_P004_MAX_FEATURES], q0 = 0.0, q1 = 0.0, delta;

  SemecP004Features(b, x, phi0);
  SemecP004Features(b, x1, phi1);
  for (PetscInt i = 0; i < b->M; i++) {
    q0 += theta[i] * phi0[i];
    q1 += theta[i] * phi1[i];
  }
  delta = r + gamma * q1 - q0; /* (24), (31) */
  for (PetscInt j = 0; j < na; j++) {
    double s = 0.0;
    for (PetscInt i = 0; i < b->M; i++) s += theta[i] * b->mu[i * b->d + j] * (gamma * phi1[i] * (1.0 - phi1[i]) - phi0[i] * (1.0 - phi0[i]));
    grad_a[j] = delta * (drda[j] + (double)sign * s); /* (26), (33); the printed sign is sign = -1 */
  }
  for (PetscInt i = 0; i < b->M; i++) grad_theta[i] = delta * (gamma * phi1[i] - phi0[i]); /* (27), (34) */
  return delta;
}

void SemecP004TDStep(const SemecP004Basis *b, PetscInt na, const double *x, const double *x1, double r, const double *drda, double gamma, double alpha, int sign,
                     double lo, double hi, double *theta, double *a, SemecP004Step *st)
{
  double ga[SEMEC_P004_MAX_FEATURES], gt[SEMEC_P004_MAX_FEATURES], norm = 0.0, dnorm = 0.0;

  st->delta = SemecP004TDGradient(b, na, x, x1, r, drda, gamma, theta, sign, ga, gt);
  for (PetscInt j = 0; j < na; j++) a[j] = PetscMin(hi, PetscMax(lo, a[j] - alpha * ga[j])); /* (28a), (35a) */
  for (PetscInt i = 0; i < b->M; i++) {
    norm += theta[i] * theta[i];
    dnorm += alpha * gt[i] * alpha * gt[i];
    theta[i] -= alpha * gt[i]; /* (28b), (35b) */
  }
  st->change = norm > 0.0 ? sqrt(dnorm / norm) : NAN;
}
