/* Small dense neural networks for the RL policies: layers on BLAS, heads and
 * losses, Adam, gradient averaging across ranks, HDF5 checkpoints.
 *
 * Network.  A SemecNet is a stack of dense layers; layer l maps
 * sizes[l] -> sizes[l+1] inputs as y = act_l(W_l x + b_l).  A batch is a
 * row-major [batch, width] array (one sample per row), and a layer is one
 * cblas_dgemm.  All parameters live in ONE flat vector, layer by layer:
 *     W_0 [sizes[1] x sizes[0]] row-major, b_0 [sizes[1]], W_1, b_1, ...,
 *     then the nlogstd log-standard-deviations of a Gaussian head,
 * and the gradient has the same layout, so one collective averages all of
 * it and Adam is one loop.
 *
 * Initial weights (deterministic, no generator state): Philox keyed by
 * (seed, SEMEC_STREAM_NN), counter (id, layer, 0, k / 4); weight k of a
 * layer is uniform in (-a, a) with a = sqrt(6 / fan_in) for relu layers
 * (He) and sqrt(6 / (fan_in + fan_out)) otherwise (Glorot), the last layer
 * scaled by out_scale; biases 0; log-std logstd_init.  The same spec gives
 * bit-identical nets on every rank and in every run.
 *
 * Training step:
 *     SemecNetZeroGrad(net);
 *     SemecNetForward(net, B, x, &y);         y: [B, outputs]
 *     head / loss on y -> dL/dy (functions below ADD into their gradient)
 *     SemecNetBackward(net, dy);              adds dL/dparams to the gradient
 *     SemecNetSyncGradients(net, comm, w, &W); average over ranks (-rl_sync)
 *     SemecNetAdamStep(net);
 * Losses are means over the batch, so gradients of batches of different
 * sizes are comparable; SemecNetSyncGradients weighs each rank by w (its
 * sample count gives the gradient over the union of the ranks' batches).
 *
 * Heads take the raw outputs of a net whose last layer is the identity
 * (logits, means): sigmoid + binary cross-entropy (paper 000 eq. (24)),
 * softmax log-probabilities / entropy / cross-entropy, Gaussian log-density
 * and entropy with state-independent log-std parameters, the PPO clipped
 * surrogate (paper 001 eqs. (24)-(25)), the squared error of a critic
 * (paper 001 eq. (26)) and the Huber loss (TD errors of Q-learning).
 *
 * Determinism: every loop runs in a fixed order and nothing depends on the
 * rank; BLAS (OpenBLAS, set to one thread when a net is created: one MPI
 * rank per core) is called with the same shapes on every rank.  With -rl_sync
 * allreduce the averaged gradient is bit-identical on every rank
 * (SemecCommSumDoubleIdentical), so every rank holds identical weights after
 * each step; the weights may depend on the rank count (the ranks see
 * different data and sum in a different order).
 *
 * Checkpoint (SemecNetSave): a group <name> holding layer_sizes,
 * activations, log_std_size and [rows, nparams] datasets params, adam_m,
 * adam_v plus adam_step [rows]; each dataset has 'units' and 'description'.
 * Creating it is collective on the file (parallel HDF5: every rank calls it
 * with the same rows); each rank then writes only its own row, with
 * independent I/O: with -rl_sync allreduce rank 0 writes row 0 of 1 and the
 * other ranks pass row -1 (nothing to write, the nets are identical); with
 * -rl_sync none rank r writes row r of size.  On a serial file, row 0 of 1. */
#ifndef SEMEC_NN_H
#define SEMEC_NN_H
#include <semec/engine/compat.h>
#include <semec/engine/comm.h>
#include <hdf5.h>
#include <stdint.h>

#define SEMEC_NN_MAX_LAYERS 8

typedef enum { SEMEC_ACT_IDENTITY, SEMEC_ACT_RELU, SEMEC_ACT_TANH, SEMEC_ACT_SIGMOID } SemecActivation;
extern const char *const SemecActivationNames[]; /* "identity", "relu", "tanh", "sigmoid", NULL */

/* What the policy asks for; zero-initialise, then fill. */
typedef struct {
  PetscInt        nlayers;                         /* dense layers, 1..SEMEC_NN_MAX_LAYERS */
  PetscInt        sizes[SEMEC_NN_MAX_LAYERS + 1];  /* inputs, then each layer's outputs */
  SemecActivation act[SEMEC_NN_MAX_LAYERS];        /* activation of each layer */
  PetscInt        nlogstd;                         /* 0..outputs: log-stds of a Gaussian head over the LAST nlogstd outputs
                                                      (the outputs before them may feed other heads, e.g. softmax logits) */
  double          logstd_init;                     /* their initial value */
  double          out_scale;                       /* scale of the last layer's initial weights; 0 means 1 */
  uint64_t        seed;                            /* -sim_seed */
  uint64_t        id;                              /* tells the nets of a run apart (actor, critic, ...) */
} SemecNetSpec;

typedef enum { SEMEC_RL_SYNC_NONE, SEMEC_RL_SYNC_ALLREDUCE } SemecRLSync;
extern const char *const SemecRLSyncNames[]; /* "none", "allreduce", NULL */

/* Optimiser settings (Kingma & Ba's Adam, bias-corrected). */
typedef struct {
  double      learning_rate;
  double      beta1, beta2, epsilon;
  double      max_grad_norm; /* > 0: scale the (averaged) gradient to at most this 2-norm; 0: off */
  SemecRLSync sync;          /* -rl_sync: none keeps one net per rank, allreduce averages gradients */
} SemecAdamOptions;

/* Defaults: learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8, no
 * clipping, sync allreduce. */
PetscErrorCode SemecAdamOptionsDefault(SemecAdamOptions *opt);
/* Reads -rl_sync, -rl_learning_rate, -rl_adam_beta1, -rl_adam_beta2,
 * -rl_adam_epsilon, -rl_max_grad_norm; opt holds the policy's defaults on
 * entry.  Collective on comm; every value is range-checked. */
PetscErrorCode SemecAdamOptionsRead(MPI_Comm comm, SemecAdamOptions *opt);

typedef struct SemecNet_s SemecNet;

PetscErrorCode SemecNetCreate(const SemecNetSpec *spec, const SemecAdamOptions *opt, SemecNet **net);
/* A copy with the same parameters, gradient and Adam state. */
PetscErrorCode SemecNetDuplicate(const SemecNet *net, SemecNet **copy);
PetscErrorCode SemecNetDestroy(SemecNet **net);

PetscInt                SemecNetNumParams(const SemecNet *net);
PetscInt                SemecNetNumInputs(const SemecNet *net);
PetscInt                SemecNetNumOutputs(const SemecNet *net);
const SemecNetSpec     *SemecNetGetSpec(const SemecNet *net);
SemecAdamOptions       *SemecNetAdam(SemecNet *net);   /* settings, may be changed between steps */
int64_t                 SemecNetAdamSteps(const SemecNet *net);
/* The flat parameter and gradient vectors (SemecNetNumParams entries). */
double                 *SemecNetParams(SemecNet *net);
double                 *SemecNetGrad(SemecNet *net);
/* Pointers into the flat vectors: layer l's W (row-major [out x in]) and b,
 * and the Gaussian log-std parameters and their gradient (NULL if none). */
PetscErrorCode SemecNetLayer(SemecNet *net, PetscInt l, double **W, double **b);
PetscErrorCode SemecNetLogStd(SemecNet *net, double **logstd, double **dlogstd);

/* Forward pass of batch samples x [batch, inputs]; *y [batch, outputs] is
 * the net's buffer, valid until the next forward.  Keeps the activations
 * for SemecNetBackward. */
PetscErrorCode SemecNetForward(SemecNet *net, PetscInt batch, const double *x, const double **y);
/* Back-propagates dL/dy [batch, outputs] of the last forward pass and ADDS
 * dL/dparams to the gradient (the log-std entries are left to the head). */
PetscErrorCode SemecNetBackward(SemecNet *net, const double *dy);
PetscErrorCode SemecNetZeroGrad(SemecNet *net);
/* With -rl_sync allreduce: replaces the gradient by the weighted mean over
 * ranks, sum_r w_r g_r / sum_r w_r (bit-identical on every rank), and
 * returns *total = sum_r w_r (when 0 the gradient is zeroed: skip the step).
 * With none: *total = weight, the gradient is untouched.  Collective when
 * sync is allreduce.  total may be NULL. */
PetscErrorCode SemecNetSyncGradients(SemecNet *net, SemecComm *comm, double weight, double *total);
/* One Adam step on the gradient (clipped first if max_grad_norm > 0). */
PetscErrorCode SemecNetAdamStep(SemecNet *net);

/* Checkpoint group name under loc (see the top of this file for who writes). */
PetscErrorCode SemecNetSave(const SemecNet *net, hid_t loc, const char *name, PetscInt row, PetscInt nrows);
/* The same for n independent nets of one shape held by this rank (for
 * example one per cell): nets[i] goes to row rows[i] of nrows.  Collective
 * on the file; every rank passes a net of the shape (its rows may be none). */
PetscErrorCode SemecNetSaveRows(const SemecNet *shape, const SemecNet *const *nets, const PetscInt *rows, PetscInt n, hid_t loc, const char *name,
                                PetscInt nrows);
/* Reads row of the group written by SemecNetSave into net, whose shape must
 * match; parameters and Adam state are replaced. */
PetscErrorCode SemecNetLoad(SemecNet *net, hid_t loc, const char *name, PetscInt row);

/* ---- heads and losses; b: batch, n: width; functions ADD into gradients ---- */

/* p = 1 / (1 + exp(-z)) elementwise (count values), stable for any z. */
PetscErrorCode SemecNNSigmoid(PetscInt count, const double *z, double *p);
/* Paper 000 eq. (24): L = -(1/b) sum_s sum_j [y ln p + (1 - y) ln(1 - p)],
 * p = sigmoid(z), computed from the logits z (stable when p saturates);
 * dz += (p - y) / b.  dz may be NULL. */
PetscErrorCode SemecNNSigmoidBCE(PetscInt b, PetscInt n, const double *z, const double *y, double *loss, double *dz);

/* Row-wise softmax probabilities p [b, n] of logits z. */
PetscErrorCode SemecNNSoftmax(PetscInt b, PetscInt n, const double *z, double *p);
/* logp[s] = ln softmax(z_s)[a[s]]. */
PetscErrorCode SemecNNSoftmaxLogProb(PetscInt b, PetscInt n, const double *z, const PetscInt *a, double *logp);
/* dz_s += dlogp[s] (onehot(a[s]) - softmax(z_s)). */
PetscErrorCode SemecNNSoftmaxLogProbBackward(PetscInt b, PetscInt n, const double *z, const PetscInt *a, const double *dlogp, double *dz);
/* H[s] = -sum_j p_j ln p_j. */
PetscErrorCode SemecNNSoftmaxEntropy(PetscInt b, PetscInt n, const double *z, double *H);
/* dz_sj += dH[s] (-p_j (ln p_j + H[s])). */
PetscErrorCode SemecNNSoftmaxEntropyBackward(PetscInt b, PetscInt n, const double *z, const double *dH, double *dz);
/* L = -(1/b) sum_s ln softmax(z_s)[a[s]]; dz += its gradient (dz may be NULL). */
PetscErrorCode SemecNNSoftmaxCrossEntropy(PetscInt b, PetscInt n, const double *z, const PetscInt *a, double *loss, double *dz);

/* Diagonal Gaussian with means mu [b, n] and log-std logstd [n]:
 * logp[s] = sum_j -((x - mu) / sigma)^2 / 2 - ln sigma - ln(2 pi) / 2. */
PetscErrorCode SemecNNGaussianLogProb(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *x, double *logp);
/* dmu += dlogp[s] (x - mu) / sigma^2; dlogstd += dlogp[s] (((x - mu) / sigma)^2 - 1).
 * Either output may be NULL. */
PetscErrorCode SemecNNGaussianLogProbBackward(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *x, const double *dlogp,
                                              double *dmu, double *dlogstd);
/* Entropy of one sample, H = sum_j ln sigma_j + (1 + ln(2 pi)) / 2 (the same
 * for every sample); dlogstd_j += dH (pass the summed dL/dH; dlogstd may be NULL). */
PetscErrorCode SemecNNGaussianEntropy(PetscInt n, const double *logstd, double dH, double *H, double *dlogstd);
/* x = mu + sigma z for standard normals z [b, n] (the caller draws them). */
PetscErrorCode SemecNNGaussianSample(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *z, double *x);

/* Paper 001 eqs. (24)-(25), as a loss to minimise:
 * L = -(1/b) sum_s min(r_s A_s, g(delta, A_s)), r_s = exp(logp - logp_old),
 * g = (1 + delta) A for A >= 0, (1 - delta) A otherwise;
 * dlogp[s] += -(1/b) r_s A_s where the unclipped term is the smaller, else
 * nothing.  *clipped (may be NULL) counts the clipped samples. */
PetscErrorCode SemecNNPPOClip(PetscInt b, const double *logp, const double *logp_old, const double *adv, double delta, double *loss, double *dlogp,
                              PetscInt *clipped);
/* Squared error of a critic, paper 001 eq. (26) averaged over the batch:
 * L = (1/b) sum_s ||y_s - t_s||^2; dy += 2 (y - t) / b (dy may be NULL). */
PetscErrorCode SemecNNSquaredError(PetscInt b, PetscInt n, const double *y, const double *t, double *loss, double *dy);
/* Huber loss with threshold delta > 0, averaged over the batch (the TD loss
 * of DQN learners): L = (1/b) sum_s sum_j h(y_sj - t_sj), h(e) = e^2 / 2
 * for |e| <= delta, delta (|e| - delta / 2) otherwise;
 * dy += clamp(y - t, -delta, delta) / b (dy may be NULL). */
PetscErrorCode SemecNNHuber(PetscInt b, PetscInt n, const double *y, const double *t, double delta, double *loss, double *dy);

#endif
