/* The hybrid action distribution of the MAPPO learner (API in
 * include/semec/learn/mappo.h): categorical heads plus a diagonal Gaussian
 * over a box, read off one actor output row.
 *
 * Why a file of its own: papers 001 (rho + 3 Gaussian dimensions) and 002
 * (rho, x + 3 Gaussian dimensions) differ only in the shape of this
 * distribution, so it is one concept with its own tests.  It is a thin layer
 * over the heads of src/learn/nn.c: each categorical head is a softmax over
 * its slice of the row, the Gaussian is SemecNNGaussian* over the last nbox
 * outputs with the net's state-independent log-stds.  Joint log-prob and
 * entropy are sums over the heads (the heads are independent given the
 * observation).
 *
 * The box: the Gaussian is sampled unbounded and the log-prob is that of the
 * unbounded sample u; the environment gets clip(u, low, high).  This is the
 * usual PPO reading (spec A.2, B.2 [O]): the ratio of eq. (24) stays a ratio
 * of densities, and the clipped action puts probability mass on the bounds
 * (002 needs mu = 1 exactly, spec B.7 item 14).  The mode is the clipped
 * mean. */
#include <semec/learn/mappo.h>
#include <math.h>

PetscErrorCode SemecMAPPOActionSpaceCheck(const SemecMAPPOActionSpace *s, PetscInt *width)
{
  PetscInt w = 0;

  PetscFunctionBeginUser;
  PetscCheck(s->ncat >= 0 && s->ncat <= SEMEC_MAPPO_MAX_HEADS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MAPPO action space: %" PetscInt_FMT " categorical heads, allowed [0, %d]", s->ncat, SEMEC_MAPPO_MAX_HEADS);
  PetscCheck(s->nbox >= 0 && s->nbox <= SEMEC_MAPPO_MAX_BOX, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MAPPO action space: %" PetscInt_FMT " Gaussian dimensions, allowed [0, %d]", s->nbox, SEMEC_MAPPO_MAX_BOX);
  PetscCheck(s->ncat + s->nbox >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MAPPO action space: no head");
  for (PetscInt h = 0; h < s->ncat; h++) {
    PetscCheck(s->choices[h] >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "MAPPO action space: categorical head %" PetscInt_FMT " has %" PetscInt_FMT " choices, allowed >= 2", h, s->choices[h]);
    w += s->choices[h];
  }
  PetscCheck(w <= SEMEC_MAPPO_MAX_CHOICES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MAPPO action space: %" PetscInt_FMT " categorical choices in all, allowed at most %d", w, SEMEC_MAPPO_MAX_CHOICES);
  for (PetscInt j = 0; j < s->nbox; j++)
    PetscCheck(isfinite(s->low[j]) && isfinite(s->high[j]) && s->low[j] < s->high[j], PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "MAPPO action space: box dimension %" PetscInt_FMT " is [%g, %g], needs finite low < high", j, s->low[j], s->high[j]);
  if (width) *width = w + s->nbox;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Offset of the Gaussian means in a row = sum of choices. */
static PetscInt BoxOffset(const SemecMAPPOActionSpace *s)
{
  PetscInt off = 0;
  for (PetscInt h = 0; h < s->ncat; h++) off += s->choices[h];
  return off;
}

PetscErrorCode SemecMAPPOHeadsLogProb(const SemecMAPPOActionSpace *s, PetscInt b, const double *out, const double *logstd, const PetscInt *cat,
                                      const double *raw, double *logp)
{
  PetscInt W = BoxOffset(s) + s->nbox;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < b; i++) {
    const double *row = out + i * W;
    double        lp = 0, l;
    PetscInt      off = 0;
    for (PetscInt h = 0; h < s->ncat; h++) {
      PetscCall(SemecNNSoftmaxLogProb(1, s->choices[h], row + off, cat + i * s->ncat + h, &l));
      lp += l;
      off += s->choices[h];
    }
    if (s->nbox) {
      PetscCall(SemecNNGaussianLogProb(1, s->nbox, row + off, logstd, raw + i * s->nbox, &l));
      lp += l;
    }
    logp[i] = lp;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOHeadsEntropy(const SemecMAPPOActionSpace *s, PetscInt b, const double *out, const double *logstd, double *H)
{
  PetscInt W = BoxOffset(s) + s->nbox;
  double   hg = 0;

  PetscFunctionBeginUser;
  if (s->nbox) PetscCall(SemecNNGaussianEntropy(s->nbox, logstd, 0.0, &hg, NULL));
  for (PetscInt i = 0; i < b; i++) {
    double   h = hg, hc;
    PetscInt off = 0;
    for (PetscInt k = 0; k < s->ncat; k++) {
      PetscCall(SemecNNSoftmaxEntropy(1, s->choices[k], out + i * W + off, &hc));
      h += hc;
      off += s->choices[k];
    }
    H[i] = h;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOHeadsBackward(const SemecMAPPOActionSpace *s, PetscInt b, const double *out, const double *logstd, const PetscInt *cat,
                                       const double *raw, const double *dlogp, const double *dH, double *dout, double *dlogstd)
{
  PetscInt boff = BoxOffset(s), W = boff + s->nbox;
  double   dHsum = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < b; i++) {
    const double *row = out + i * W;
    double       *drow = dout + i * W;
    PetscInt      off  = 0;
    for (PetscInt h = 0; h < s->ncat; h++) {
      PetscCall(SemecNNSoftmaxLogProbBackward(1, s->choices[h], row + off, cat + i * s->ncat + h, dlogp + i, drow + off));
      PetscCall(SemecNNSoftmaxEntropyBackward(1, s->choices[h], row + off, dH + i, drow + off));
      off += s->choices[h];
    }
    if (s->nbox) PetscCall(SemecNNGaussianLogProbBackward(1, s->nbox, row + boff, logstd, raw + i * s->nbox, dlogp + i, drow + boff, dlogstd));
    dHsum += dH[i];
  }
  /* the Gaussian entropy depends on the log-stds only */
  if (s->nbox) PetscCall(SemecNNGaussianEntropy(s->nbox, logstd, dHsum, NULL, dlogstd));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOHeadsAct(const SemecMAPPOActionSpace *s, const double *out, const double *logstd, PetscBool sample, const SemecRngKey *key,
                                  SemecMAPPOAction *a)
{
  PetscInt off = 0;

  PetscFunctionBeginUser;
  for (PetscInt h = 0; h < s->ncat; h++) {
    PetscInt n = s->choices[h], pick = 0;
    double  *p = a->prob + off;
    PetscCall(SemecNNSoftmax(1, n, out + off, p));
    if (sample) { /* inverse CDF of one uniform (counter h); the last value takes any rounding remainder */
      double u = SemecRngUniform(key, (uint64_t)h), c = 0;
      pick     = n - 1;
      for (PetscInt j = 0; j < n - 1; j++) {
        c += p[j];
        if (u < c) {
          pick = j;
          break;
        }
      }
    } else
      for (PetscInt j = 1; j < n; j++)
        if (out[off + j] > out[off + pick]) pick = j;
    a->cat[h] = pick;
    off += n;
  }
  for (PetscInt j = 0; j < s->nbox; j += 2) { /* two normals per counter, counters from SEMEC_MAPPO_MAX_HEADS on */
    double z[2] = {0, 0};
    if (sample) SemecRngNormal2(key, (uint64_t)(SEMEC_MAPPO_MAX_HEADS + j / 2), z);
    for (PetscInt k = j; k < j + 2 && k < s->nbox; k++) {
      double u  = out[off + k] + exp(logstd[k]) * z[k - j];
      a->raw[k] = u;
      a->box[k] = u < s->low[k] ? s->low[k] : (u > s->high[k] ? s->high[k] : u);
    }
  }
  PetscCall(SemecMAPPOHeadsLogProb(s, 1, out, logstd, a->cat, a->raw, &a->logp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
