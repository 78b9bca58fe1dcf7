/* Unit tests of the neural-network module (src/learn/nn.c): a forward pass by
 * hand, finite-difference gradients of every parameter through every head
 * and loss, Adam by hand, two toy tasks, determinism, gradient averaging
 * across ranks (-rl_sync allreduce; run with 1 and 4 ranks) and the HDF5
 * checkpoint. */
#include <semec/learn/nn.h>
#include <semec/engine/rng.h>
#include <string.h>
#include <stdio.h>
#include "check.h"
#include "comm_check.h"

/* uniforms in (lo, hi), keyed by id (test data; not a model stream) */
static void Fill(double *x, PetscInt n, double lo, double hi, uint64_t id)
{
  SemecRngKey key = {12345, SEMEC_STREAM_POLICY, 999, id, 0};
  for (PetscInt i = 0; i < n; i++) x[i] = lo + (hi - lo) * SemecRngUniform(&key, (uint64_t)i);
}

static void Spec(SemecNetSpec *s, PetscInt nlayers, const PetscInt *sizes, const SemecActivation *act, uint64_t seed, uint64_t id)
{
  memset(s, 0, sizeof(*s));
  s->nlayers = nlayers;
  for (PetscInt l = 0; l <= nlayers; l++) s->sizes[l] = sizes[l];
  for (PetscInt l = 0; l < nlayers; l++) s->act[l] = act[l];
  s->seed = seed;
  s->id   = id;
}

static PetscBool SameBits(const double *a, const double *b, PetscInt n) { return memcmp(a, b, (size_t)n * sizeof(double)) ? PETSC_FALSE : PETSC_TRUE; }

/* ---------------------------------------------------------------- forward */

/* 2 -> 2 (relu) -> 2 (identity), W1 = [[0.5, -1], [1.5, 0.25]], b1 = [0.1, -0.2],
 * W2 = [[1, -2], [0.5, 0.5]], b2 = [0.3, -1].
 * x = (1, -2):  z1 = (0.5 + 2 + 0.1, 1.5 - 0.5 - 0.2) = (2.6, 0.8), relu the same;
 *               y = (2.6 - 1.6 + 0.3, 1.3 + 0.4 - 1) = (1.3, 0.7).
 * x = (-1, 1):  z1 = (-0.5 - 1 + 0.1, -1.5 + 0.25 - 0.2) = (-1.4, -1.45) -> relu (0, 0);
 *               y = b2 = (0.3, -1).
 * With a sigmoid output layer: sigmoid(1.3) = 0.78583498304255, sigmoid(0.7) =
 * 0.66818777216816, sigmoid(0.3) = 0.57444251681165, sigmoid(-1) = 0.26894142136999. */
static PetscErrorCode TestForwardByHand(void)
{
  PetscInt          sizes[] = {2, 2, 2};
  SemecActivation   act[]   = {SEMEC_ACT_RELU, SEMEC_ACT_IDENTITY};
  SemecNetSpec      spec;
  SemecAdamOptions  opt;
  SemecNet         *net;
  double           *W, *b;
  const double      x[]  = {1, -2, -1, 1};
  const double     *y;
  const double      W1[] = {0.5, -1, 1.5, 0.25}, b1[] = {0.1, -0.2}, W2[] = {1, -2, 0.5, 0.5}, b2[] = {0.3, -1};

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt));
  Spec(&spec, 2, sizes, act, 1, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  CHECK_EQ_INT(SemecNetNumParams(net), 12);
  PetscCall(SemecNetLayer(net, 0, &W, &b));
  memcpy(W, W1, sizeof(W1));
  memcpy(b, b1, sizeof(b1));
  PetscCall(SemecNetLayer(net, 1, &W, &b));
  memcpy(W, W2, sizeof(W2));
  memcpy(b, b2, sizeof(b2));
  CHECK(SemecNetParams(net)[4] == 0.1 && SemecNetParams(net)[6] == 1.0); /* the flat layout: W1, b1, W2, b2 */
  PetscCall(SemecNetForward(net, 2, x, &y));
  CHECK_CLOSE(y[0], 1.3, 1e-15);
  CHECK_CLOSE(y[1], 0.7, 1e-15);
  CHECK_CLOSE(y[2], 0.3, 1e-15);
  CHECK_CLOSE(y[3], -1.0, 1e-15);
  PetscCall(SemecNetDestroy(&net));

  act[1] = SEMEC_ACT_SIGMOID;
  Spec(&spec, 2, sizes, act, 1, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  memcpy(SemecNetParams(net), W1, sizeof(W1));
  memcpy(SemecNetParams(net) + 4, b1, sizeof(b1));
  memcpy(SemecNetParams(net) + 6, W2, sizeof(W2));
  memcpy(SemecNetParams(net) + 10, b2, sizeof(b2));
  PetscCall(SemecNetForward(net, 2, x, &y));
  CHECK_CLOSE(y[0], 0.78583498304255, 1e-12);
  CHECK_CLOSE(y[1], 0.66818777216816, 1e-12);
  CHECK_CLOSE(y[2], 0.57444251681165, 1e-12);
  CHECK_CLOSE(y[3], 0.26894142136999, 1e-12);
  PetscCall(SemecNetDestroy(&net));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------ gradient checks */

typedef enum { HEAD_BCE, HEAD_SOFTMAX, HEAD_GAUSSIAN, HEAD_MSE, HEAD_HUBER } Head;

typedef struct {
  Head      head;
  PetscInt  B, nin, nout;
  double   *x, *target, *adv, *logp_old;
  PetscInt *actions;
  double    delta, c_entropy;
} Problem;

/* The loss of the problem at the net's parameters; with grad, the gradient
 * is added to the net's gradient. */
static PetscErrorCode Loss(SemecNet *net, Problem *p, PetscBool grad, double *loss)
{
  const double *y;
  double       *dy, *logp, *dlogp, *H, *dH, *logstd, *dlogstd, l;
  PetscInt      B = p->B, n = p->nout;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc6(B * n, &dy, B, &logp, B, &dlogp, B, &H, B, &dH, 1, &logstd));
  PetscCall(SemecNetForward(net, B, p->x, &y));
  switch (p->head) {
  case HEAD_BCE: /* paper 000's actor */
    PetscCall(SemecNNSigmoidBCE(B, n, y, p->target, loss, dy));
    break;
  case HEAD_SOFTMAX: /* cross-entropy + PPO clipped surrogate - c H */
    PetscCall(SemecNNSoftmaxCrossEntropy(B, n, y, p->actions, loss, dy));
    PetscCall(SemecNNSoftmaxLogProb(B, n, y, p->actions, logp));
    PetscCall(SemecNNPPOClip(B, logp, p->logp_old, p->adv, p->delta, &l, dlogp, NULL));
    *loss += l;
    PetscCall(SemecNNSoftmaxLogProbBackward(B, n, y, p->actions, dlogp, dy));
    PetscCall(SemecNNSoftmaxEntropy(B, n, y, H));
    for (PetscInt s = 0; s < B; s++) {
      *loss -= p->c_entropy * H[s] / (double)B;
      dH[s] = -p->c_entropy / (double)B;
    }
    PetscCall(SemecNNSoftmaxEntropyBackward(B, n, y, dH, dy));
    break;
  case HEAD_GAUSSIAN: /* PPO clipped surrogate on Gaussian actions - c H */
    PetscCall(SemecNetLogStd(net, &logstd, &dlogstd));
    PetscCall(SemecNNGaussianLogProb(B, n, y, logstd, p->target, logp));
    PetscCall(SemecNNPPOClip(B, logp, p->logp_old, p->adv, p->delta, loss, dlogp, NULL));
    PetscCall(SemecNNGaussianLogProbBackward(B, n, y, logstd, p->target, dlogp, dy, grad ? dlogstd : NULL));
    PetscCall(SemecNNGaussianEntropy(n, logstd, -p->c_entropy, &H[0], grad ? dlogstd : NULL));
    *loss -= p->c_entropy * H[0];
    break;
  case HEAD_MSE: /* critic */
    PetscCall(SemecNNSquaredError(B, n, y, p->target, loss, dy));
    break;
  case HEAD_HUBER: /* TD loss of a DQN; delta 0.3 puts some errors on each branch */
    PetscCall(SemecNNHuber(B, n, y, p->target, 0.3, loss, dy));
    break;
  }
  if (grad) PetscCall(SemecNetBackward(net, dy));
  PetscCall(PetscFree6(dy, logp, dlogp, H, dH, logstd));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Central differences on every parameter; returns the largest relative error
 * |g - fd| / max(|g|, |fd|, 1e-7) */
static PetscErrorCode GradCheck(SemecNet *net, Problem *p, double *maxrel)
{
  PetscInt P = SemecNetNumParams(net);
  double  *theta = SemecNetParams(net), *g, lp, lm, l0;
  const double h = 1e-5;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(P, &g));
  PetscCall(SemecNetZeroGrad(net));
  PetscCall(Loss(net, p, PETSC_TRUE, &l0));
  PetscCall(PetscArraycpy(g, SemecNetGrad(net), P));
  *maxrel = 0;
  for (PetscInt i = 0; i < P; i++) {
    double keep = theta[i], fd, rel;
    theta[i] = keep + h;
    PetscCall(Loss(net, p, PETSC_FALSE, &lp));
    theta[i] = keep - h;
    PetscCall(Loss(net, p, PETSC_FALSE, &lm));
    theta[i] = keep;
    fd       = (lp - lm) / (2 * h);
    rel      = fabs(g[i] - fd) / PetscMax(PetscMax(fabs(g[i]), fabs(fd)), 1e-7);
    *maxrel  = PetscMax(*maxrel, rel);
  }
  PetscCall(PetscFree(g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestGradients(void)
{
  SemecAdamOptions opt;
  const char      *names[] = {"sigmoid+BCE", "softmax CE+PPO+entropy", "Gaussian PPO+entropy", "squared error", "Huber"};

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt));
  for (int h = HEAD_BCE; h <= HEAD_HUBER; h++) {
    /* each head behind a different pair of hidden activations */
    const SemecActivation hid[5][2] = {
      {SEMEC_ACT_TANH,    SEMEC_ACT_RELU   },
      {SEMEC_ACT_RELU,    SEMEC_ACT_SIGMOID},
      {SEMEC_ACT_SIGMOID, SEMEC_ACT_TANH   },
      {SEMEC_ACT_RELU,    SEMEC_ACT_TANH   },
      {SEMEC_ACT_TANH,    SEMEC_ACT_TANH   }
    };
    PetscInt        nout = h == HEAD_MSE ? 1 : 3, sizes[] = {4, 6, 5, nout}, B = 7, clipped = 0;
    SemecActivation act[] = {hid[h][0], hid[h][1], SEMEC_ACT_IDENTITY};
    SemecNetSpec    spec;
    SemecNet       *net;
    Problem         p = {(Head)h, B, 4, nout, NULL, NULL, NULL, NULL, NULL, 0.2, 0.05};
    double          maxrel = 0, l;
    const double   *y;

    Spec(&spec, 3, sizes, act, 7, (uint64_t)h);
    if (h == HEAD_GAUSSIAN) {
      spec.nlogstd     = nout;
      spec.logstd_init = -0.3;
    }
    PetscCall(SemecNetCreate(&spec, &opt, &net));
    PetscCall(PetscMalloc5(B * 4, &p.x, B * nout, &p.target, B, &p.adv, B, &p.logp_old, B, &p.actions));
    Fill(p.x, B * 4, -1.5, 1.5, 10 + (uint64_t)h);
    { /* advantages of both signs, so that with the shifts below some ratios clip (A > 0, r > 1.2; A < 0, r < 0.8) and some do not */
      const double adv[] = {1.5, 0.8, -1.2, 0.6, -0.7, 1.1, -0.4};
      memcpy(p.adv, adv, sizeof(adv));
    }
    Fill(p.target, B * nout, 0, 1, 30);
    for (PetscInt s = 0; s < B; s++) p.actions[s] = s % nout;
    if (h == HEAD_BCE)
      for (PetscInt i = 0; i < B * nout; i++) p.target[i] = p.target[i] > 0.5 ? 1.0 : 0.0;
    if (h == HEAD_GAUSSIAN) Fill(p.target, B * nout, -2, 2, 31);
    if (h == HEAD_SOFTMAX || h == HEAD_GAUSSIAN) { /* old log-probs: current ones shifted so that some ratios leave [1 - delta, 1 + delta] */
      const double shift[] = {0.5, -0.5, 0.05, -0.05, 0.4, -0.35, 0.1};
      double      *logstd;
      PetscCall(SemecNetForward(net, B, p.x, &y));
      PetscCall(SemecNetLogStd(net, &logstd, NULL));
      if (h == HEAD_SOFTMAX) PetscCall(SemecNNSoftmaxLogProb(B, nout, y, p.actions, p.logp_old));
      else PetscCall(SemecNNGaussianLogProb(B, nout, y, logstd, p.target, p.logp_old));
      for (PetscInt s = 0; s < B; s++) p.logp_old[s] += shift[s];
      PetscCall(SemecNNPPOClip(B, p.logp_old, p.logp_old, p.adv, p.delta, &l, NULL, &clipped));
      CHECK_EQ_INT(clipped, 0); /* ratio 1 never clips */
      {
        double *logp;
        PetscCall(PetscMalloc1(B, &logp));
        for (PetscInt s = 0; s < B; s++) logp[s] = p.logp_old[s] - shift[s];
        PetscCall(SemecNNPPOClip(B, logp, p.logp_old, p.adv, p.delta, &l, NULL, &clipped));
        PetscCall(PetscFree(logp));
      }
      CHECK(clipped > 0 && clipped < B); /* both branches of the min are exercised */
    }
    PetscCall(GradCheck(net, &p, &maxrel));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  gradient check %-24s %3" PetscInt_FMT " parameters, max relative error %.2e\n", names[h],
                          SemecNetNumParams(net), maxrel));
    CHECK(maxrel < 1e-6);
    PetscCall(PetscFree5(p.x, p.target, p.adv, p.logp_old, p.actions));
    PetscCall(SemecNetDestroy(&net));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Heads against closed forms. */
static PetscErrorCode TestHeadValues(void)
{
  const double z[]  = {0.0, 2.0, -1.0}, y[] = {1.0, 0.0, 1.0};
  PetscInt     a[]  = {1};
  double       loss, p[3], logp, H, dz[3] = {0, 0, 0}, ls[] = {log(2.0)}, x[] = {1.0}, mu[] = {0.0};

  PetscFunctionBeginUser;
  /* BCE of one sample: ln 2 + ln(1 + e^2) + ln(1 + e^1) = 0.693147 + 2.126928 + 1.313262 */
  PetscCall(SemecNNSigmoidBCE(1, 3, z, y, &loss, dz));
  CHECK_CLOSE(loss, log(2.0) + log(1 + exp(2.0)) + log(1 + exp(1.0)), 1e-14);
  CHECK_CLOSE(dz[1], 1 / (1 + exp(-2.0)), 1e-14); /* p - y */
  /* saturated logits stay finite: z = 800, y = 0 costs 800 */
  {
    const double zbig = 800, y0 = 0;
    PetscCall(SemecNNSigmoidBCE(1, 1, &zbig, &y0, &loss, NULL));
    CHECK_CLOSE(loss, 800.0, 1e-15);
  }
  /* softmax of (0, 2, -1): p = e^z / (1 + e^2 + e^-1) */
  PetscCall(SemecNNSoftmax(1, 3, z, p));
  CHECK_CLOSE(p[1], exp(2.0) / (1 + exp(2.0) + exp(-1.0)), 1e-14);
  PetscCall(SemecNNSoftmaxLogProb(1, 3, z, a, &logp));
  CHECK_CLOSE(logp, log(p[1]), 1e-14);
  PetscCall(SemecNNSoftmaxEntropy(1, 3, z, &H));
  CHECK_CLOSE(H, -(p[0] * log(p[0]) + p[1] * log(p[1]) + p[2] * log(p[2])), 1e-14);
  /* N(0, 2^2) at x = 1: ln p = -1/8 - ln 2 - ln(2 pi)/2; entropy ln 2 + (1 + ln 2 pi)/2 */
  PetscCall(SemecNNGaussianLogProb(1, 1, mu, ls, x, &logp));
  CHECK_CLOSE(logp, -0.125 - log(2.0) - 0.5 * log(2 * PETSC_PI), 1e-14);
  PetscCall(SemecNNGaussianEntropy(1, ls, 0, &H, NULL));
  CHECK_CLOSE(H, log(2.0) + 0.5 * (1 + log(2 * PETSC_PI)), 1e-14);
  /* PPO: r = e^0.5 = 1.6487, A = 2 -> clipped at 1.2 * 2; r = e^-0.5, A = -1 -> clipped at -0.8 */
  {
    const double lp[] = {0.5, -0.5, 0.1}, lo[] = {0, 0, 0}, A[] = {2, -1, 1};
    PetscInt     nclip;
    double       dl[3] = {0, 0, 0};
    PetscCall(SemecNNPPOClip(3, lp, lo, A, 0.2, &loss, dl, &nclip));
    CHECK_EQ_INT(nclip, 2);
    CHECK_CLOSE(loss, -(2.4 + -0.8 + exp(0.1)) / 3, 1e-14);
    CHECK(dl[0] == 0 && dl[1] == 0);
    CHECK_CLOSE(dl[2], -exp(0.1) / 3, 1e-14);
  }
  /* squared error: ((1 - 3)^2 + (2 - 2)^2) / 1 = 4 */
  {
    const double yy[] = {1, 2}, tt[] = {3, 2};
    double       dy[2] = {0, 0};
    PetscCall(SemecNNSquaredError(1, 2, yy, tt, &loss, dy));
    CHECK_CLOSE(loss, 4.0, 0);
    CHECK_CLOSE(dy[0], -4.0, 0);
  }
  /* Huber, delta 1, batch 2: errors -2 (linear: 1 (2 - 1/2) = 1.5) and 0.5
   * (quadratic: 0.125); loss (1.5 + 0.125) / 2; dy = clamp(e, -1, 1) / 2 */
  {
    const double yy[] = {1, 2.5}, tt[] = {3, 2};
    double       dy[2] = {0, 0};
    PetscCall(SemecNNHuber(2, 1, yy, tt, 1.0, &loss, dy));
    CHECK_CLOSE(loss, 0.8125, 1e-15);
    CHECK_CLOSE(dy[0], -0.5, 0);
    CHECK_CLOSE(dy[1], 0.25, 0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------- Adam */

/* A 1 -> 1 identity net, parameters (w, b) = (1, -0.5), lr 0.1, beta1 0.9,
 * beta2 0.999, eps 1e-8, gradients g1 = (0.5, -2) then g2 = (0.25, 1).
 * Step 1: m = 0.1 g1, v = 0.001 g1^2, mhat = g1, vhat = g1^2, so
 *   w = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.900000002,
 *   b = -0.5 + 0.1 * 2 / (2 + 1e-8) = -0.4000000005.
 * Step 2: m_w = 0.9 * 0.05 + 0.1 * 0.25 = 0.07, v_w = 0.999 * 0.00025 + 0.001 * 0.0625 = 3.1225e-4,
 *   mhat = 0.07 / 0.19 = 0.36842105, vhat = 3.1225e-4 / 1.999e-3 = 0.15620310,
 *   w = 0.900000002 - 0.1 * 0.36842105 / (0.39522538 + 1e-8) = 0.80678204047746;
 *   m_b = -0.18 + 0.1 = -0.08, v_b = 0.003996 + 0.001 = 4.996e-3,
 *   b = -0.4000000005 + 0.1 * 0.42105263 / (1.58088583 + 1e-8) = -0.37336629670243. */
static PetscErrorCode TestAdamByHand(void)
{
  PetscInt         sizes[] = {1, 1};
  SemecActivation  act[]   = {SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  SemecNet        *net;
  double          *th, *g;

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt));
  opt.learning_rate = 0.1;
  Spec(&spec, 1, sizes, act, 1, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  th    = SemecNetParams(net);
  g     = SemecNetGrad(net);
  th[0] = 1.0;
  th[1] = -0.5;
  g[0]  = 0.5;
  g[1]  = -2.0;
  PetscCall(SemecNetAdamStep(net));
  CHECK_CLOSE(th[0], 0.900000002, 1e-15);
  CHECK_CLOSE(th[1], -0.4000000005, 1e-15);
  g[0] = 0.25;
  g[1] = 1.0;
  PetscCall(SemecNetAdamStep(net));
  CHECK_CLOSE(th[0], 0.80678204047746, 1e-13);
  CHECK_CLOSE(th[1], -0.37336629670243, 1e-13);
  CHECK_EQ_INT(SemecNetAdamSteps(net), 2);
  /* clipping: g = (3, 4) has norm 5; max norm 1 scales it to (0.6, 0.8) */
  SemecNetAdam(net)->max_grad_norm = 1.0;
  g[0]                             = 3;
  g[1]                             = 4;
  PetscCall(SemecNetAdamStep(net));
  CHECK_CLOSE(g[0], 0.6, 1e-15);
  CHECK_CLOSE(g[1], 0.8, 1e-15);
  PetscCall(SemecNetDestroy(&net));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ----------------------------------------------------------- toy tasks */

/* One full training step on batch (x, y) with sigmoid + BCE; returns the loss before the step. */
static PetscErrorCode TrainBCE(SemecNet *net, PetscInt B, const double *x, const double *t, double *loss)
{
  const double *y;
  double       *dy;
  PetscInt      n = SemecNetNumOutputs(net);

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc1(B * n, &dy));
  PetscCall(SemecNetZeroGrad(net));
  PetscCall(SemecNetForward(net, B, x, &y));
  PetscCall(SemecNNSigmoidBCE(B, n, y, t, loss, dy));
  PetscCall(SemecNetBackward(net, dy));
  PetscCall(SemecNetAdamStep(net));
  PetscCall(PetscFree(dy));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode EvalBCE(SemecNet *net, PetscInt B, const double *x, const double *t, double *loss)
{
  const double *y;

  PetscFunctionBeginUser;
  PetscCall(SemecNetForward(net, B, x, &y));
  PetscCall(SemecNNSigmoidBCE(B, SemecNetNumOutputs(net), y, t, loss, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* XOR: 2 -> 8 tanh -> 1, full batch, Adam lr 0.01: BCE (nats per sample)
 * below 0.01 after 1500 steps (from ~0.7 at the start). */
static PetscErrorCode TestXor(void)
{
  PetscInt         sizes[] = {2, 8, 1};
  SemecActivation  act[]   = {SEMEC_ACT_TANH, SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  SemecNet        *net;
  const double     x[] = {0, 0, 0, 1, 1, 0, 1, 1}, t[] = {0, 1, 1, 0};
  double           loss0, loss, p[4];
  const double    *y;

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt));
  opt.learning_rate = 0.01;
  Spec(&spec, 2, sizes, act, 3, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  PetscCall(EvalBCE(net, 4, x, t, &loss0));
  for (int it = 0; it < 1500; it++) PetscCall(TrainBCE(net, 4, x, t, &loss));
  PetscCall(EvalBCE(net, 4, x, t, &loss));
  PetscCall(SemecNetForward(net, 4, x, &y));
  PetscCall(SemecNNSigmoid(4, y, p));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  XOR: BCE %.4f -> %.2e after 1500 steps; p = %.3f %.3f %.3f %.3f\n", loss0, loss, p[0], p[1], p[2], p[3]));
  CHECK(loss0 > 0.5);
  CHECK(loss < 0.01);
  CHECK(p[0] < 0.05 && p[1] > 0.95 && p[2] > 0.95 && p[3] < 0.05);
  PetscCall(SemecNetDestroy(&net));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A fixed binary target map, as paper 000's actor learns (multi-label
 * sigmoid outputs, BCE (24), Adam lr 1e-3): x in (0,1)^6, target
 * y_j = [x_j > x_{(j+1) mod 6}].  6 -> 32 relu -> 6, minibatches of 32 fresh
 * samples; on 256 held-out samples the BCE drops from ~4.2 (6 ln 2) to below
 * 0.6 after 3000 steps, and at least 95% of the labels are right. */
static PetscErrorCode TestTargetMap(void)
{
  PetscInt         sizes[] = {6, 32, 6}, B = 32, T = 256, nright = 0;
  SemecActivation  act[]   = {SEMEC_ACT_RELU, SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  SemecNet        *net;
  double          *x, *t, *xt, *tt, loss0, loss;
  const double    *y;

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt)); /* lr 1e-3 as in paper 000 */
  Spec(&spec, 2, sizes, act, 5, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  PetscCall(PetscMalloc4(B * 6, &x, B * 6, &t, T * 6, &xt, T * 6, &tt));
  Fill(xt, T * 6, 0, 1, 777);
  for (PetscInt s = 0; s < T; s++)
    for (PetscInt j = 0; j < 6; j++) tt[s * 6 + j] = xt[s * 6 + j] > xt[s * 6 + (j + 1) % 6] ? 1.0 : 0.0;
  PetscCall(EvalBCE(net, T, xt, tt, &loss0));
  for (int it = 0; it < 3000; it++) {
    Fill(x, B * 6, 0, 1, 1000 + (uint64_t)it);
    for (PetscInt s = 0; s < B; s++)
      for (PetscInt j = 0; j < 6; j++) t[s * 6 + j] = x[s * 6 + j] > x[s * 6 + (j + 1) % 6] ? 1.0 : 0.0;
    PetscCall(TrainBCE(net, B, x, t, &loss));
  }
  PetscCall(EvalBCE(net, T, xt, tt, &loss));
  PetscCall(SemecNetForward(net, T, xt, &y));
  for (PetscInt i = 0; i < T * 6; i++) nright += (y[i] > 0) == (tt[i] > 0.5);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  target map: held-out BCE %.3f -> %.3f after 3000 steps, %.1f%% labels right\n", loss0, loss,
                        100.0 * (double)nright / (double)(T * 6)));
  CHECK(loss0 > 3.5);
  CHECK(loss < 0.6);
  CHECK(nright >= 0.95 * T * 6);
  PetscCall(PetscFree4(x, t, xt, tt));
  PetscCall(SemecNetDestroy(&net));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ----------------------------------------------------------- determinism */

static PetscErrorCode TestDeterminism(void)
{
  PetscInt         sizes[] = {5, 16, 16, 4};
  SemecActivation  act[]   = {SEMEC_ACT_RELU, SEMEC_ACT_TANH, SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  SemecNet        *a, *b, *c, *d;
  double           x[40 * 5], t[40 * 4], loss;
  PetscInt         P;

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&opt));
  Spec(&spec, 3, sizes, act, 42, 1);
  PetscCall(SemecNetCreate(&spec, &opt, &a));
  PetscCall(SemecNetCreate(&spec, &opt, &b));
  P = SemecNetNumParams(a);
  CHECK(SameBits(SemecNetParams(a), SemecNetParams(b), P));
  spec.id = 2; /* another net of the same run */
  PetscCall(SemecNetCreate(&spec, &opt, &c));
  CHECK(!SameBits(SemecNetParams(a), SemecNetParams(c), P));
  spec.id   = 1;
  spec.seed = 43; /* another seed */
  PetscCall(SemecNetCreate(&spec, &opt, &d));
  CHECK(!SameBits(SemecNetParams(a), SemecNetParams(d), P));
  /* the He bound for the first (relu) layer: |w| < sqrt(6/5); biases 0 */
  for (PetscInt k = 0; k < 16 * 5; k++) CHECK(fabs(SemecNetParams(a)[k]) < sqrt(6.0 / 5.0) && SemecNetParams(a)[k] != 0);
  for (PetscInt k = 80; k < 96; k++) CHECK(SemecNetParams(a)[k] == 0);
  for (int it = 0; it < 50; it++) {
    Fill(x, 40 * 5, -1, 1, 50 + (uint64_t)it);
    Fill(t, 40 * 4, 0, 1, 150 + (uint64_t)it);
    for (PetscInt i = 0; i < 40 * 4; i++) t[i] = t[i] > 0.5;
    PetscCall(TrainBCE(a, 40, x, t, &loss));
    PetscCall(TrainBCE(b, 40, x, t, &loss));
  }
  CHECK(SameBits(SemecNetParams(a), SemecNetParams(b), P));
  CHECK(SameBits(SemecNetGrad(a), SemecNetGrad(b), P));
  CHECK(!SameBits(SemecNetParams(a), SemecNetParams(c), P));
  PetscCall(SemecNetDestroy(&a));
  PetscCall(SemecNetDestroy(&b));
  PetscCall(SemecNetDestroy(&c));
  PetscCall(SemecNetDestroy(&d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ----------------------------------------------------------------- MPI */

/* Rank r's data: 3 + r samples of a 5 -> 7 tanh -> 3 BCE problem. */
#define NIN  5
#define NOUT 3
static PetscInt RankBatch(PetscInt r) { return 3 + r; }
static void     RankData(PetscInt r, double *x, double *t)
{
  Fill(x, RankBatch(r) * NIN, -1, 1, 500 + (uint64_t)r);
  Fill(t, RankBatch(r) * NOUT, 0, 1, 600 + (uint64_t)r);
  for (PetscInt i = 0; i < RankBatch(r) * NOUT; i++) t[i] = t[i] > 0.5;
}

/* Adds the BCE gradient of batch (x, t) to the net's gradient. */
static PetscErrorCode AddGrad(SemecNet *net, PetscInt B, const double *x, const double *t)
{
  const double *y;
  double       *dy, loss;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc1(B * NOUT, &dy));
  PetscCall(SemecNetForward(net, B, x, &y));
  PetscCall(SemecNNSigmoidBCE(B, NOUT, y, t, &loss, dy));
  PetscCall(SemecNetBackward(net, dy));
  PetscCall(PetscFree(dy));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestSync(void)
{
  PetscInt         sizes[] = {NIN, 7, NOUT}, P, total_batch = 0, off = 0;
  SemecActivation  act[]   = {SEMEC_ACT_TANH, SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  SemecNet        *net, *ref, *solo;
  SemecComm       *comm;
  PetscMPIInt      size, rank;
  double           x[64 * NIN], t[64 * NOUT], ux[256 * NIN], ut[256 * NOUT], *acc, W;
  PetscBool        same;

  PetscFunctionBeginUser;
  PetscCall(MakeComm(&comm, &size));
  rank = SemecCommRank(comm);
  PetscCall(SemecAdamOptionsDefault(&opt));
  opt.sync = SEMEC_RL_SYNC_NONE;
  PetscCall(PetscOptionsSetValue(NULL, "-rl_sync", "allreduce"));
  PetscCall(PetscOptionsSetValue(NULL, "-rl_learning_rate", "0.01"));
  PetscCall(SemecAdamOptionsRead(PETSC_COMM_WORLD, &opt));
  CHECK(opt.sync == SEMEC_RL_SYNC_ALLREDUCE);
  CHECK(opt.learning_rate == 0.01);
  Spec(&spec, 2, sizes, act, 9, 0);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  PetscCall(SemecNetCreate(&spec, &opt, &ref));
  P = SemecNetNumParams(net);
  PetscCall(PetscCalloc1(P, &acc));

  /* step 1, weight 1 per rank: the plain average of the ranks' gradients */
  RankData(rank, x, t);
  PetscCall(SemecNetZeroGrad(net));
  PetscCall(AddGrad(net, RankBatch(rank), x, t));
  PetscCall(SemecNetSyncGradients(net, comm, 1.0, &W));
  CHECK(W == (double)size);
  PetscCall(SemecNetAdamStep(net));
  /* the same on one "rank": every rank's gradient, averaged here */
  for (PetscInt r = 0; r < size; r++) {
    RankData(r, x, t);
    PetscCall(SemecNetZeroGrad(ref));
    PetscCall(AddGrad(ref, RankBatch(r), x, t));
    for (PetscInt i = 0; i < P; i++) acc[i] += SemecNetGrad(ref)[i];
  }
  for (PetscInt i = 0; i < P; i++) SemecNetGrad(ref)[i] = acc[i] / (double)size;
  PetscCall(SemecNetAdamStep(ref));
  PetscCall(AllRanksEqual(comm, SemecNetParams(net), P, &same));
  CHECK(same);
  for (PetscInt i = 0; i < P; i++) CHECK_CLOSE(SemecNetParams(net)[i], SemecNetParams(ref)[i], 1e-12);

  /* step 2, weight = batch size: the gradient over the union of the batches */
  RankData(rank, x, t);
  PetscCall(SemecNetZeroGrad(net));
  PetscCall(AddGrad(net, RankBatch(rank), x, t));
  PetscCall(SemecNetSyncGradients(net, comm, (double)RankBatch(rank), &W));
  PetscCall(SemecNetAdamStep(net));
  for (PetscInt r = 0; r < size; r++) {
    RankData(r, ux + off * NIN, ut + off * NOUT);
    off += RankBatch(r);
    total_batch += RankBatch(r);
  }
  CHECK(W == (double)total_batch);
  PetscCall(SemecNetZeroGrad(ref));
  PetscCall(AddGrad(ref, total_batch, ux, ut));
  PetscCall(SemecNetAdamStep(ref));
  PetscCall(AllRanksEqual(comm, SemecNetParams(net), P, &same));
  CHECK(same);
  for (PetscInt i = 0; i < P; i++) CHECK_CLOSE(SemecNetParams(net)[i], SemecNetParams(ref)[i], 1e-12);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  -rl_sync allreduce on %d ranks: parameters bit-identical across ranks, equal to the one-rank step\n", size));

  /* a rank without data (weight 0) does not dilute the average */
  PetscCall(SemecNetZeroGrad(net));
  if (rank == 0) PetscCall(AddGrad(net, RankBatch(0), x, t));
  PetscCall(SemecNetDuplicate(net, &solo));
  PetscCall(SemecNetSyncGradients(net, comm, rank == 0 ? 1.0 : 0.0, &W));
  CHECK(W == 1.0);
  PetscCall(AllRanksEqual(comm, SemecNetGrad(net), P, &same));
  CHECK(same);
  if (rank == 0) CHECK(SameBits(SemecNetGrad(net), SemecNetGrad(solo), P));
  PetscCall(SemecNetDestroy(&solo));
  PetscCall(SemecNetDestroy(&net));
  PetscCall(SemecNetDestroy(&ref));

  /* -rl_sync none: one net per rank, its own gradient, nothing exchanged */
  PetscCall(PetscOptionsSetValue(NULL, "-rl_sync", "none"));
  PetscCall(SemecAdamOptionsRead(PETSC_COMM_WORLD, &opt));
  CHECK(opt.sync == SEMEC_RL_SYNC_NONE);
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  PetscCall(SemecNetCreate(&spec, &opt, &ref));
  RankData(rank, x, t);
  PetscCall(SemecNetZeroGrad(net));
  PetscCall(AddGrad(net, RankBatch(rank), x, t));
  PetscCall(SemecNetSyncGradients(net, comm, 2.0, &W));
  CHECK(W == 2.0);
  PetscCall(SemecNetAdamStep(net));
  PetscCall(SemecNetZeroGrad(ref));
  PetscCall(AddGrad(ref, RankBatch(rank), x, t));
  PetscCall(SemecNetAdamStep(ref));
  CHECK(SameBits(SemecNetParams(net), SemecNetParams(ref), P));
  PetscCall(AllRanksEqual(comm, SemecNetParams(net), P, &same));
  CHECK(size == 1 ? same : !same);
  PetscCall(SemecNetDestroy(&net));
  PetscCall(SemecNetDestroy(&ref));

  /* a bad value is rejected with the option's name */
  PetscCall(PetscOptionsSetValue(NULL, "-rl_sync", "sometimes"));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  CHECK(SemecAdamOptionsRead(PETSC_COMM_WORLD, &opt) != PETSC_SUCCESS);
  PetscCall(PetscOptionsSetValue(NULL, "-rl_sync", "none"));
  PetscCall(PetscOptionsSetValue(NULL, "-rl_learning_rate", "0"));
  CHECK(SemecAdamOptionsRead(PETSC_COMM_WORLD, &opt) != PETSC_SUCCESS);
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscOptionsClearValue(NULL, "-rl_sync"));
  PetscCall(PetscOptionsClearValue(NULL, "-rl_learning_rate"));

  PetscCall(PetscFree(acc));
  PetscCall(SemecCommDestroy(&comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------------- HDF5 */

/* Each rank trains its own Gaussian-head net (-rl_sync none), all save to
 * one parallel file (rank r writes row r), plus one shared net written by
 * rank 0 only; fresh nets with another seed load them and must agree bit
 * for bit: outputs, Adam state, and the next training step. */
static PetscErrorCode TestCheckpoint(void)
{
  PetscInt         sizes[] = {4, 8, 2}, P;
  SemecActivation  act[]   = {SEMEC_ACT_TANH, SEMEC_ACT_IDENTITY};
  SemecNetSpec     spec, other;
  SemecAdamOptions opt;
  SemecNet        *net, *shared, *fresh, *fresh2;
  SemecComm       *comm;
  PetscMPIInt      size, rank;
  char             fname[64];
  hid_t            fapl, file, g;
  double           x[10 * 4], t[10 * 2], y1[10 * 2], loss;
  const double    *y;
  const char      *dsets[] = {"layer_sizes", "activations", "log_std_size", "params", "adam_m", "adam_v", "adam_step"};

  PetscFunctionBeginUser;
  PetscCall(MakeComm(&comm, &size));
  rank = SemecCommRank(comm);
  PetscCall(PetscSNPrintf(fname, sizeof(fname), "unit_nn_%d.h5", size));
  PetscCall(SemecAdamOptionsDefault(&opt));
  opt.sync = SEMEC_RL_SYNC_NONE;
  Spec(&spec, 2, sizes, act, 11, 0);
  spec.nlogstd     = 2;
  spec.logstd_init = -0.5;
  spec.out_scale   = 0.01;
  PetscCall(SemecNetCreate(&spec, &opt, &net));
  PetscCall(SemecNetCreate(&spec, &opt, &shared));
  P = SemecNetNumParams(net);
  for (int it = 0; it < 5; it++) { /* rank-specific training, log-std included */
    double *logstd, *dlogstd, dy[20] = {0};
    Fill(x, 40, -1, 1, 900 + 10 * (uint64_t)rank + (uint64_t)it);
    Fill(t, 20, 0, 1, 950 + 10 * (uint64_t)rank + (uint64_t)it);
    PetscCall(SemecNetLogStd(net, &logstd, &dlogstd));
    PetscCall(SemecNetZeroGrad(net));
    PetscCall(SemecNetForward(net, 10, x, &y));
    PetscCall(SemecNNGaussianLogProb(10, 2, y, logstd, t, y1)); /* y1: log-probs */
    for (PetscInt s = 0; s < 10; s++) y1[s] = -0.1;                /* dL/dlogp: maximise the mean log-likelihood */
    PetscCall(SemecNNGaussianLogProbBackward(10, 2, y, logstd, t, y1, dy, dlogstd));
    PetscCall(SemecNetBackward(net, dy));
    PetscCall(SemecNetAdamStep(net));
  }
  CHECK(SemecNetParams(net)[P - 1] != -0.5); /* the log-std moved */

  PetscCheck((fapl = H5Pcreate(H5P_FILE_ACCESS)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pcreate");
  PetscCheck(H5Pset_fapl_mpio(fapl, PETSC_COMM_WORLD, MPI_INFO_NULL) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pset_fapl_mpio");
  PetscCheck((file = H5Fcreate(fname, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", fname);
  PetscCheck((g = H5Gcreate2(file, "policy", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gcreate2");
  PetscCall(SemecNetSave(net, g, "actor", rank, size));                 /* -rl_sync none: one row per rank */
  PetscCall(SemecNetSave(shared, g, "critic", rank == 0 ? 0 : -1, 1)); /* -rl_sync allreduce: rank 0 writes */
  PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");

  PetscCheck((file = H5Fopen(fname, H5F_ACC_RDONLY, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", fname);
  PetscCheck((g = H5Gopen2(file, "policy", H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gopen2");
  for (int k = 0; k < 7; k++) { /* every dataset is described */
    char path[64];
    PetscCall(PetscSNPrintf(path, sizeof(path), "actor/%s", dsets[k]));
    CHECK(H5Aexists_by_name(g, path, "units", H5P_DEFAULT) > 0);
    CHECK(H5Aexists_by_name(g, path, "description", H5P_DEFAULT) > 0);
  }
  other      = spec;
  other.seed = 999; /* different initial weights, overwritten by the load */
  PetscCall(SemecNetCreate(&other, &opt, &fresh));
  PetscCall(SemecNetCreate(&other, &opt, &fresh2));
  CHECK(!SameBits(SemecNetParams(fresh), SemecNetParams(net), P));
  PetscCall(SemecNetLoad(fresh, g, "actor", rank));
  PetscCall(SemecNetLoad(fresh2, g, "critic", 0));
  PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0 && H5Pclose(fapl) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");

  Fill(x, 40, -2, 2, 4242);
  PetscCall(SemecNetForward(net, 10, x, &y));
  memcpy(y1, y, sizeof(y1));
  PetscCall(SemecNetForward(fresh, 10, x, &y));
  CHECK(SameBits(y, y1, 20));
  CHECK(SameBits(SemecNetParams(fresh), SemecNetParams(net), P));
  CHECK_EQ_INT(SemecNetAdamSteps(fresh), 5);
  PetscCall(SemecNetForward(shared, 10, x, &y));
  memcpy(y1, y, sizeof(y1));
  PetscCall(SemecNetForward(fresh2, 10, x, &y));
  CHECK(SameBits(y, y1, 20));
  /* the Adam state came back too: the next step is the same */
  Fill(t, 20, 0, 1, 4343);
  PetscCall(TrainBCE(net, 10, x, t, &loss));
  PetscCall(TrainBCE(fresh, 10, x, t, &loss));
  CHECK(SameBits(SemecNetParams(fresh), SemecNetParams(net), P));
  if (rank == 0) remove(fname);
  PetscCall(SemecNetDestroy(&net));
  PetscCall(SemecNetDestroy(&shared));
  PetscCall(SemecNetDestroy(&fresh));
  PetscCall(SemecNetDestroy(&fresh2));
  PetscCall(SemecCommDestroy(&comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestForwardByHand());
  PetscCall(TestHeadValues());
  PetscCall(TestGradients());
  PetscCall(TestAdamByHand());
  PetscCall(TestXor());
  PetscCall(TestTargetMap());
  PetscCall(TestDeterminism());
  PetscCall(TestSync());
  PetscCall(TestCheckpoint());
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
