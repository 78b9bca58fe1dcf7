/* Small dense neural networks on BLAS (design and API in include/semec/learn/nn.h).
 *
 * Forward: layer l computes Y = X W^T + 1 b^T (one cblas_dgemm on the
 * row-major batch) and applies its activation in place; every layer's output
 * is kept, since the derivative of each activation is a function of its
 * output (relu: y > 0, tanh: 1 - y^2, sigmoid: y (1 - y)).
 * Backward: with D = dL/dZ of layer l,  dW += D^T X,  db += column sums of
 * D,  dL/dX = D W, then times the previous layer's activation derivative.
 * The column sums run over samples in order; BLAS sees the same shapes on
 * every rank, so identical inputs give identical bits. */
#include <semec/learn/nn.h>
#include <semec/engine/output.h>
#include <semec/engine/options.h>
#include <semec/engine/rng.h>
#include <cblas.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define H5CALL(call) \
  do { \
    if ((call) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "HDF5 call failed: %s", #call); \
  } while (0)

const char *const SemecActivationNames[] = {"identity", "relu", "tanh", "sigmoid", NULL};
const char *const SemecRLSyncNames[]     = {"none", "allreduce", NULL};

struct SemecNet_s {
  SemecNetSpec     spec;
  SemecAdamOptions opt;
  PetscInt         nparams, woff[SEMEC_NN_MAX_LAYERS], boff[SEMEC_NN_MAX_LAYERS], logstd_off, maxwidth;
  double          *params, *grad, *m, *v, *sync; /* sync: [nparams + 1] buffer of the gradient average */
  int64_t          step;
  PetscInt         batch, capacity;              /* samples of the last forward pass; workspace size */
  double          *out[SEMEC_NN_MAX_LAYERS + 1]; /* out[0]: input copy; out[l+1]: layer l's output */
  double          *d0, *d1;                      /* back-propagated derivatives [capacity, maxwidth] */
};

/* ------------------------------------------------------------------ options */

PetscErrorCode SemecAdamOptionsDefault(SemecAdamOptions *o)
{
  PetscFunctionBeginUser;
  o->learning_rate = 1e-3;
  o->beta1         = 0.9;
  o->beta2         = 0.999;
  o->epsilon       = 1e-8;
  o->max_grad_norm = 0.0;
  o->sync          = SEMEC_RL_SYNC_ALLREDUCE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckAdam(MPI_Comm comm, const SemecAdamOptions *o)
{
  PetscFunctionBeginUser;
  PetscCheck(isfinite(o->learning_rate) && o->learning_rate > 0 && o->learning_rate <= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -rl_learning_rate, %g, is out of range: allowed (0, 1]", o->learning_rate);
  PetscCheck(isfinite(o->beta1) && o->beta1 >= 0 && o->beta1 < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -rl_adam_beta1, %g, is out of range: allowed [0, 1)", o->beta1);
  PetscCheck(isfinite(o->beta2) && o->beta2 >= 0 && o->beta2 < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -rl_adam_beta2, %g, is out of range: allowed [0, 1)", o->beta2);
  PetscCheck(isfinite(o->epsilon) && o->epsilon > 0 && o->epsilon <= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -rl_adam_epsilon, %g, is out of range: allowed (0, 1]", o->epsilon);
  PetscCheck(isfinite(o->max_grad_norm) && o->max_grad_norm >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -rl_max_grad_norm, %g, is out of range: allowed [0, inf) (0: no clipping)", o->max_grad_norm);
  PetscCheck(o->sync == SEMEC_RL_SYNC_NONE || o->sync == SEMEC_RL_SYNC_ALLREDUCE, comm, PETSC_ERR_ARG_OUTOFRANGE, "Unknown -rl_sync mode %d",
             (int)o->sync);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecAdamOptionsRead(MPI_Comm comm, SemecAdamOptions *o)
{
  int choice = (int)o->sync;

  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, NULL, "Reinforcement learning (-rl_)", NULL);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-rl_sync",
                                  "Shared RL weights: allreduce (average the gradients over ranks, identical nets) or none (one net per rank)",
                                  SemecRLSyncNames, &choice));
  SEMEC_OPT_REAL("-rl_learning_rate", "Adam learning rate", o->learning_rate);
  SEMEC_OPT_REAL("-rl_adam_beta1", "Adam decay of the first moment", o->beta1);
  SEMEC_OPT_REAL("-rl_adam_beta2", "Adam decay of the second moment", o->beta2);
  SEMEC_OPT_REAL("-rl_adam_epsilon", "Adam epsilon", o->epsilon);
  SEMEC_OPT_REAL("-rl_max_grad_norm", "Clip the gradient to this 2-norm before the Adam step (0: off)", o->max_grad_norm);
  PetscOptionsEnd();
  o->sync = (SemecRLSync)choice;
  PetscCall(CheckAdam(comm, o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ network */

static double Sigmoid(double z)
{
  if (z >= 0) return 1.0 / (1.0 + exp(-z));
  double e = exp(z);
  return e / (1.0 + e);
}

PetscErrorCode SemecNetCreate(const SemecNetSpec *spec, const SemecAdamOptions *opt, SemecNet **pnet)
{
  SemecNet *net;
  PetscInt  L = spec->nlayers, off = 0;

  PetscFunctionBeginUser;
  openblas_set_num_threads(1); /* one rank per core: BLAS threads would oversubscribe it */
  PetscCheck(L >= 1 && L <= SEMEC_NN_MAX_LAYERS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "A net has 1 to %d layers, not %" PetscInt_FMT,
             SEMEC_NN_MAX_LAYERS, L);
  for (PetscInt l = 0; l <= L; l++)
    PetscCheck(spec->sizes[l] >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Layer width sizes[%" PetscInt_FMT "] = %" PetscInt_FMT " must be >= 1", l,
               spec->sizes[l]);
  for (PetscInt l = 0; l < L; l++)
    PetscCheck(spec->act[l] >= SEMEC_ACT_IDENTITY && spec->act[l] <= SEMEC_ACT_SIGMOID, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "Unknown activation %d of layer %" PetscInt_FMT, (int)spec->act[l], l);
  PetscCheck(spec->nlogstd >= 0 && spec->nlogstd <= spec->sizes[L], PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "A Gaussian head has one log-std per output it covers (the last nlogstd outputs): nlogstd %" PetscInt_FMT " must be in [0, %" PetscInt_FMT "]",
             spec->nlogstd, spec->sizes[L]);
  PetscCall(CheckAdam(PETSC_COMM_SELF, opt));

  PetscCall(PetscNew(&net));
  net->spec = *spec;
  net->opt  = *opt;
  for (PetscInt l = 0; l < L; l++) {
    net->woff[l] = off;
    off += spec->sizes[l + 1] * spec->sizes[l];
    net->boff[l] = off;
    off += spec->sizes[l + 1];
  }
  net->logstd_off = off;
  net->nparams    = off + spec->nlogstd;
  PetscCheck(net->nparams < (PetscInt)2147483647, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Net too large for BLAS and MPI counts");
  for (PetscInt l = 0; l <= L; l++) net->maxwidth = PetscMax(net->maxwidth, spec->sizes[l]);
  PetscCall(PetscCalloc5(net->nparams, &net->params, net->nparams, &net->grad, net->nparams, &net->m, net->nparams, &net->v, net->nparams + 1, &net->sync));

  /* deterministic initialisation: Glorot / He uniform from the counter RNG */
  for (PetscInt l = 0; l < L; l++) {
    PetscInt    nin = spec->sizes[l], nout = spec->sizes[l + 1], nw = nin * nout;
    double      a   = spec->act[l] == SEMEC_ACT_RELU ? sqrt(6.0 / (double)nin) : sqrt(6.0 / (double)(nin + nout));
    double     *W   = net->params + net->woff[l], u[4];
    SemecRngKey key = {spec->seed, SEMEC_STREAM_NN, spec->id, (uint64_t)l, 0};
    if (l == L - 1 && spec->out_scale != 0.0) a *= spec->out_scale;
    for (PetscInt k = 0; k < nw; k++) {
      if (k % 4 == 0) SemecRngUniform4(&key, (uint64_t)(k / 4), u);
      W[k] = a * (2.0 * u[k % 4] - 1.0);
    }
  }
  for (PetscInt j = 0; j < spec->nlogstd; j++) net->params[net->logstd_off + j] = spec->logstd_init;
  *pnet = net;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FreeWork(SemecNet *net)
{
  PetscFunctionBeginUser;
  for (PetscInt l = 0; l <= net->spec.nlayers; l++) PetscCall(PetscFree(net->out[l]));
  PetscCall(PetscFree2(net->d0, net->d1));
  net->capacity = 0;
  net->batch    = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetDestroy(SemecNet **pnet)
{
  PetscFunctionBeginUser;
  if (!*pnet) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(FreeWork(*pnet));
  PetscCall(PetscFree5((*pnet)->params, (*pnet)->grad, (*pnet)->m, (*pnet)->v, (*pnet)->sync));
  PetscCall(PetscFree(*pnet));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetDuplicate(const SemecNet *net, SemecNet **pcopy)
{
  SemecNet *c;
  size_t    bytes = (size_t)net->nparams * sizeof(double);

  PetscFunctionBeginUser;
  PetscCall(SemecNetCreate(&net->spec, &net->opt, &c));
  PetscCall(PetscMemcpy(c->params, net->params, bytes));
  PetscCall(PetscMemcpy(c->grad, net->grad, bytes));
  PetscCall(PetscMemcpy(c->m, net->m, bytes));
  PetscCall(PetscMemcpy(c->v, net->v, bytes));
  c->step = net->step;
  *pcopy  = c;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt            SemecNetNumParams(const SemecNet *net) { return net->nparams; }
PetscInt            SemecNetNumInputs(const SemecNet *net) { return net->spec.sizes[0]; }
PetscInt            SemecNetNumOutputs(const SemecNet *net) { return net->spec.sizes[net->spec.nlayers]; }
const SemecNetSpec *SemecNetGetSpec(const SemecNet *net) { return &net->spec; }
SemecAdamOptions   *SemecNetAdam(SemecNet *net) { return &net->opt; }
int64_t             SemecNetAdamSteps(const SemecNet *net) { return net->step; }
double             *SemecNetParams(SemecNet *net) { return net->params; }
double             *SemecNetGrad(SemecNet *net) { return net->grad; }

PetscErrorCode SemecNetLayer(SemecNet *net, PetscInt l, double **W, double **b)
{
  PetscFunctionBeginUser;
  PetscCheck(l >= 0 && l < net->spec.nlayers, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Layer %" PetscInt_FMT " of a %" PetscInt_FMT "-layer net", l,
             net->spec.nlayers);
  if (W) *W = net->params + net->woff[l];
  if (b) *b = net->params + net->boff[l];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetLogStd(SemecNet *net, double **logstd, double **dlogstd)
{
  PetscFunctionBeginUser;
  if (logstd) *logstd = net->spec.nlogstd ? net->params + net->logstd_off : NULL;
  if (dlogstd) *dlogstd = net->spec.nlogstd ? net->grad + net->logstd_off : NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Reserve(SemecNet *net, PetscInt batch)
{
  PetscInt cap;

  PetscFunctionBeginUser;
  if (batch <= net->capacity) PetscFunctionReturn(PETSC_SUCCESS);
  cap = PetscMax(batch, 2 * net->capacity);
  PetscCall(FreeWork(net));
  for (PetscInt l = 0; l <= net->spec.nlayers; l++) PetscCall(PetscMalloc1(cap * net->spec.sizes[l], &net->out[l]));
  PetscCall(PetscMalloc2(cap * net->maxwidth, &net->d0, cap * net->maxwidth, &net->d1));
  net->capacity = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void Activate(SemecActivation a, PetscInt count, double *y)
{
  switch (a) {
  case SEMEC_ACT_IDENTITY: break;
  case SEMEC_ACT_RELU:
    for (PetscInt i = 0; i < count; i++) y[i] = y[i] > 0 ? y[i] : 0.0;
    break;
  case SEMEC_ACT_TANH:
    for (PetscInt i = 0; i < count; i++) y[i] = tanh(y[i]);
    break;
  case SEMEC_ACT_SIGMOID:
    for (PetscInt i = 0; i < count; i++) y[i] = Sigmoid(y[i]);
    break;
  }
}

/* d *= act'(z), written as a function of the output y = act(z) */
static void ActivationBackward(SemecActivation a, PetscInt count, const double *y, double *d)
{
  switch (a) {
  case SEMEC_ACT_IDENTITY: break;
  case SEMEC_ACT_RELU:
    for (PetscInt i = 0; i < count; i++) d[i] = y[i] > 0 ? d[i] : 0.0;
    break;
  case SEMEC_ACT_TANH:
    for (PetscInt i = 0; i < count; i++) d[i] *= 1.0 - y[i] * y[i];
    break;
  case SEMEC_ACT_SIGMOID:
    for (PetscInt i = 0; i < count; i++) d[i] *= y[i] * (1.0 - y[i]);
    break;
  }
}

PetscErrorCode SemecNetForward(SemecNet *net, PetscInt batch, const double *x, const double **y)
{
  const SemecNetSpec *s = &net->spec;

  PetscFunctionBeginUser;
  PetscCheck(batch >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Forward pass of %" PetscInt_FMT " samples", batch);
  PetscCall(Reserve(net, batch));
  PetscCall(PetscMemcpy(net->out[0], x, (size_t)(batch * s->sizes[0]) * sizeof(double)));
  for (PetscInt l = 0; l < s->nlayers; l++) {
    PetscInt      nin = s->sizes[l], nout = s->sizes[l + 1];
    const double *W = net->params + net->woff[l], *b = net->params + net->boff[l];
    double       *Y = net->out[l + 1];
    for (PetscInt i = 0; i < batch; i++) PetscCall(PetscMemcpy(Y + i * nout, b, (size_t)nout * sizeof(double)));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)batch, (int)nout, (int)nin, 1.0, net->out[l], (int)nin, W, (int)nin, 1.0, Y, (int)nout);
    Activate(s->act[l], batch * nout, Y);
  }
  net->batch = batch;
  *y         = net->out[s->nlayers];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetBackward(SemecNet *net, const double *dy)
{
  const SemecNetSpec *s = &net->spec;
  PetscInt            B = net->batch, L = s->nlayers;
  double             *D = net->d0, *Dnext = net->d1;

  PetscFunctionBeginUser;
  PetscCheck(B > 0, PETSC_COMM_SELF, PETSC_ERR_ORDER, "SemecNetBackward needs a forward pass first");
  PetscCall(PetscMemcpy(D, dy, (size_t)(B * s->sizes[L]) * sizeof(double)));
  ActivationBackward(s->act[L - 1], B * s->sizes[L], net->out[L], D);
  for (PetscInt l = L - 1; l >= 0; l--) {
    PetscInt      nin = s->sizes[l], nout = s->sizes[l + 1];
    const double *W  = net->params + net->woff[l];
    double       *gW = net->grad + net->woff[l], *gb = net->grad + net->boff[l], *t;
    /* dW += D^T X */
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)nout, (int)nin, (int)B, 1.0, D, (int)nout, net->out[l], (int)nin, 1.0, gW, (int)nin);
    for (PetscInt i = 0; i < B; i++)
      for (PetscInt j = 0; j < nout; j++) gb[j] += D[i * nout + j];
    if (l == 0) break;
    /* dL/dX = D W, then through the activation of layer l-1 */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)nin, (int)nout, 1.0, D, (int)nout, W, (int)nin, 0.0, Dnext, (int)nin);
    ActivationBackward(s->act[l - 1], B * nin, net->out[l], Dnext);
    t     = D;
    D     = Dnext;
    Dnext = t;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetZeroGrad(SemecNet *net)
{
  PetscFunctionBeginUser;
  PetscCall(PetscArrayzero(net->grad, net->nparams));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetSyncGradients(SemecNet *net, SemecComm *comm, double weight, double *total)
{
  PetscInt P = net->nparams;
  double   W;

  PetscFunctionBeginUser;
  PetscCheck(isfinite(weight) && weight >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Gradient weight %g must be finite and >= 0", weight);
  if (net->opt.sync == SEMEC_RL_SYNC_NONE) {
    if (total) *total = weight;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt i = 0; i < P; i++) net->sync[i] = weight * net->grad[i];
  net->sync[P] = weight;
  PetscCall(SemecCommSumDoubleIdentical(comm, net->sync, (int)(P + 1)));
  W = net->sync[P];
  if (W > 0)
    for (PetscInt i = 0; i < P; i++) net->grad[i] = net->sync[i] / W;
  else PetscCall(PetscArrayzero(net->grad, P));
  if (total) *total = W;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetAdamStep(SemecNet *net)
{
  const SemecAdamOptions *o = &net->opt;
  PetscInt                P = net->nparams;
  double                  bc1, bc2, b1 = o->beta1, b2 = o->beta2;

  PetscFunctionBeginUser;
  if (o->max_grad_norm > 0) {
    double norm2 = 0;
    for (PetscInt i = 0; i < P; i++) norm2 += net->grad[i] * net->grad[i];
    if (norm2 > o->max_grad_norm * o->max_grad_norm) {
      double scale = o->max_grad_norm / sqrt(norm2);
      for (PetscInt i = 0; i < P; i++) net->grad[i] *= scale;
    }
  }
  net->step++;
  bc1 = 1.0 - pow(b1, (double)net->step);
  bc2 = 1.0 - pow(b2, (double)net->step);
  for (PetscInt i = 0; i < P; i++) {
    double g = net->grad[i];
    net->m[i] = b1 * net->m[i] + (1.0 - b1) * g;
    net->v[i] = b2 * net->v[i] + (1.0 - b2) * g * g;
    net->params[i] -= o->learning_rate * (net->m[i] / bc1) / (sqrt(net->v[i] / bc2) + o->epsilon);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------------- checkpoint */


/* Creates a dataset of shape [rows] (cols == 0) or [rows, cols] with its
 * 'units' and 'description' (collective on a parallel file). */
static PetscErrorCode CreateDataset(hid_t g, const char *name, hid_t type, hsize_t rows, hsize_t cols, const char *units, const char *description,
                                    hid_t *d)
{
  hsize_t dims[2] = {rows, cols};
  hid_t   s;

  PetscFunctionBeginUser;
  H5CALL(s = H5Screate_simple(cols ? 2 : 1, dims, NULL));
  H5CALL(*d = H5Dcreate2(g, name, type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5CALL(H5Sclose(s));
  PetscCall(SemecH5Describe(*d, units, description));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Writes (read == false) or reads row `row` (cols entries; cols == 0: one
 * entry of a 1-d dataset) with independent I/O. */
static PetscErrorCode RowIO(hid_t d, hid_t type, hsize_t row, hsize_t cols, void *data, PetscBool read)
{
  hsize_t start[2] = {row, 0}, count[2] = {1, cols}, n = cols ? cols : 1;
  hid_t   fs, ms;

  PetscFunctionBeginUser;
  H5CALL(fs = H5Dget_space(d));
  H5CALL(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL));
  H5CALL(ms = H5Screate_simple(1, &n, NULL));
  if (read) H5CALL(H5Dread(d, type, ms, fs, H5P_DEFAULT, data));
  else H5CALL(H5Dwrite(d, type, ms, fs, H5P_DEFAULT, data));
  H5CALL(H5Sclose(ms));
  H5CALL(H5Sclose(fs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The shape of a net as stored: [nlayers + 1 sizes, nlayers activations, nlogstd] */
static void Layout(const SemecNetSpec *s, int64_t *sizes, int64_t *acts, int64_t *nlogstd)
{
  for (PetscInt l = 0; l <= s->nlayers; l++) sizes[l] = s->sizes[l];
  for (PetscInt l = 0; l < s->nlayers; l++) acts[l] = (int64_t)s->act[l];
  *nlogstd = s->nlogstd;
}

PetscErrorCode SemecNetSave(const SemecNet *net, hid_t loc, const char *name, PetscInt row, PetscInt nrows)
{
  PetscFunctionBeginUser;
  PetscCall(SemecNetSaveRows(net, (const SemecNet *const *)&net, &row, row >= 0 ? 1 : 0, loc, name, nrows));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetSaveRows(const SemecNet *shape, const SemecNet *const *nets, const PetscInt *rows, PetscInt n, hid_t loc, const char *name, PetscInt nrows)
{
  const SemecNetSpec *s = &shape->spec;
  hid_t               g, dsizes, dacts, dlog, dp, dm, dv, dstep;
  hsize_t             L = (hsize_t)s->nlayers, P = (hsize_t)shape->nparams;
  int64_t             sizes[SEMEC_NN_MAX_LAYERS + 1], acts[SEMEC_NN_MAX_LAYERS], nlogstd;

  PetscFunctionBeginUser;
  PetscCheck(nrows >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Checkpoint of %" PetscInt_FMT " rows", nrows);
  for (PetscInt i = 0; i < n; i++) {
    PetscCheck(rows[i] >= 0 && rows[i] < nrows, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Checkpoint row %" PetscInt_FMT " of %" PetscInt_FMT, rows[i], nrows);
    PetscCheck(nets[i]->nparams == shape->nparams, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "Checkpoint row %" PetscInt_FMT ": the nets differ in shape", rows[i]);
  }
  H5CALL(g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(SemecH5StringAttr(g, "description", "dense neural network (src/learn/nn.c): parameters and Adam state, one row per independent copy"));
  PetscCall(CreateDataset(g, "layer_sizes", H5T_NATIVE_INT64, L + 1, 0, "1", "inputs, then the outputs of each dense layer", &dsizes));
  PetscCall(CreateDataset(g, "activations", H5T_NATIVE_INT64, L, 0, "1", "activation of each layer: 0 identity, 1 relu, 2 tanh, 3 sigmoid", &dacts));
  PetscCall(CreateDataset(g, "log_std_size", H5T_NATIVE_INT64, 1, 0, "1", "number of log-std parameters of a Gaussian head (0: none)", &dlog));
  PetscCall(CreateDataset(g, "params", H5T_NATIVE_DOUBLE, (hsize_t)nrows, P, "1",
                          "flat parameters: per layer W [out x in] row-major then b [out]; then the Gaussian log-std", &dp));
  PetscCall(CreateDataset(g, "adam_m", H5T_NATIVE_DOUBLE, (hsize_t)nrows, P, "1", "Adam first-moment estimate of each parameter", &dm));
  PetscCall(CreateDataset(g, "adam_v", H5T_NATIVE_DOUBLE, (hsize_t)nrows, P, "1", "Adam second-moment estimate of each parameter", &dv));
  PetscCall(CreateDataset(g, "adam_step", H5T_NATIVE_INT64, (hsize_t)nrows, 0, "1", "Adam steps taken", &dstep));
  for (PetscInt i = 0; i < n; i++) {
    const SemecNet *net  = nets[i];
    int64_t         step = net->step;
    if (rows[i] == 0) { /* the writer of row 0 writes the shape */
      Layout(s, sizes, acts, &nlogstd);
      H5CALL(H5Dwrite(dsizes, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, sizes));
      H5CALL(H5Dwrite(dacts, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, acts));
      H5CALL(H5Dwrite(dlog, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &nlogstd));
    }
    PetscCall(RowIO(dp, H5T_NATIVE_DOUBLE, (hsize_t)rows[i], P, net->params, PETSC_FALSE));
    PetscCall(RowIO(dm, H5T_NATIVE_DOUBLE, (hsize_t)rows[i], P, net->m, PETSC_FALSE));
    PetscCall(RowIO(dv, H5T_NATIVE_DOUBLE, (hsize_t)rows[i], P, net->v, PETSC_FALSE));
    PetscCall(RowIO(dstep, H5T_NATIVE_INT64, (hsize_t)rows[i], 0, &step, PETSC_FALSE));
  }
  H5CALL(H5Dclose(dsizes));
  H5CALL(H5Dclose(dacts));
  H5CALL(H5Dclose(dlog));
  H5CALL(H5Dclose(dp));
  H5CALL(H5Dclose(dm));
  H5CALL(H5Dclose(dv));
  H5CALL(H5Dclose(dstep));
  H5CALL(H5Gclose(g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads a whole small int64 dataset, checking its length. */
static PetscErrorCode ReadInts(hid_t g, const char *name, hsize_t n, int64_t *values)
{
  hid_t   d, s;
  hsize_t dims[2];
  int     rank;

  PetscFunctionBeginUser;
  H5CALL(d = H5Dopen2(g, name, H5P_DEFAULT));
  H5CALL(s = H5Dget_space(d));
  H5CALL(rank = H5Sget_simple_extent_dims(s, dims, NULL));
  PetscCheck(rank == 1 && dims[0] == n, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "Checkpoint dataset %s has the wrong shape for this net", name);
  H5CALL(H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values));
  H5CALL(H5Sclose(s));
  H5CALL(H5Dclose(d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNetLoad(SemecNet *net, hid_t loc, const char *name, PetscInt row)
{
  const SemecNetSpec *s = &net->spec;
  hid_t               g, d, sp;
  hsize_t             L = (hsize_t)s->nlayers, P = (hsize_t)net->nparams, dims[2];
  int64_t             sizes[SEMEC_NN_MAX_LAYERS + 1], acts[SEMEC_NN_MAX_LAYERS], nlogstd, want[SEMEC_NN_MAX_LAYERS + 1], wacts[SEMEC_NN_MAX_LAYERS], wlog,
    step;
  const char *names[3] = {"params", "adam_m", "adam_v"};
  double     *dest[3]  = {net->params, net->m, net->v};
  int         rank;

  PetscFunctionBeginUser;
  H5CALL(g = H5Gopen2(loc, name, H5P_DEFAULT));
  PetscCall(ReadInts(g, "layer_sizes", L + 1, sizes));
  PetscCall(ReadInts(g, "activations", L, acts));
  PetscCall(ReadInts(g, "log_std_size", 1, &nlogstd));
  Layout(s, want, wacts, &wlog);
  for (hsize_t l = 0; l <= L; l++)
    PetscCheck(sizes[l] == want[l], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "Checkpoint %s: layer width %d is %" PRId64 ", the net has %" PRId64, name,
               (int)l, sizes[l], want[l]);
  for (hsize_t l = 0; l < L; l++)
    PetscCheck(acts[l] == wacts[l], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "Checkpoint %s: activation of layer %d differs from the net's", name, (int)l);
  PetscCheck(nlogstd == wlog, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "Checkpoint %s: %" PRId64 " log-std parameters, the net has %" PRId64, name,
             nlogstd, wlog);
  for (int k = 0; k < 3; k++) {
    H5CALL(d = H5Dopen2(g, names[k], H5P_DEFAULT));
    H5CALL(sp = H5Dget_space(d));
    H5CALL(rank = H5Sget_simple_extent_dims(sp, dims, NULL));
    H5CALL(H5Sclose(sp));
    PetscCheck(rank == 2 && dims[1] == P && row >= 0 && (hsize_t)row < dims[0], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "Checkpoint %s/%s: no row %" PetscInt_FMT " of %" PetscInt_FMT " parameters", name, names[k], row, net->nparams);
    PetscCall(RowIO(d, H5T_NATIVE_DOUBLE, (hsize_t)row, P, dest[k], PETSC_TRUE));
    H5CALL(H5Dclose(d));
  }
  H5CALL(d = H5Dopen2(g, "adam_step", H5P_DEFAULT));
  PetscCall(RowIO(d, H5T_NATIVE_INT64, (hsize_t)row, 0, &step, PETSC_TRUE));
  H5CALL(H5Dclose(d));
  H5CALL(H5Gclose(g));
  net->step = step;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* -------------------------------------------------------- heads and losses */

PetscErrorCode SemecNNSigmoid(PetscInt count, const double *z, double *p)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < count; i++) p[i] = Sigmoid(z[i]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSigmoidBCE(PetscInt b, PetscInt n, const double *z, const double *y, double *loss, double *dz)
{
  double sum = 0;

  PetscFunctionBeginUser;
  /* paper 000 eq. (24) per element: -[y ln p + (1-y) ln(1-p)] = max(z,0) - z y + ln(1 + e^-|z|) */
  for (PetscInt i = 0; i < b * n; i++) {
    sum += (z[i] > 0 ? z[i] : 0.0) - z[i] * y[i] + log1p(exp(-fabs(z[i])));
    if (dz) dz[i] += (Sigmoid(z[i]) - y[i]) / (double)b;
  }
  *loss = sum / (double)b;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* max and ln sum exp of one row */
static double LogSumExp(PetscInt n, const double *z)
{
  double mx = z[0], s = 0;
  for (PetscInt j = 1; j < n; j++) mx = z[j] > mx ? z[j] : mx;
  for (PetscInt j = 0; j < n; j++) s += exp(z[j] - mx);
  return mx + log(s);
}

PetscErrorCode SemecNNSoftmax(PetscInt b, PetscInt n, const double *z, double *p)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lse = LogSumExp(n, z + s * n);
    for (PetscInt j = 0; j < n; j++) p[s * n + j] = exp(z[s * n + j] - lse);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSoftmaxLogProb(PetscInt b, PetscInt n, const double *z, const PetscInt *a, double *logp)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    PetscCheck(a[s] >= 0 && a[s] < n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Action %" PetscInt_FMT " of sample %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")",
               a[s], s, n);
    logp[s] = z[s * n + a[s]] - LogSumExp(n, z + s * n);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSoftmaxLogProbBackward(PetscInt b, PetscInt n, const double *z, const PetscInt *a, const double *dlogp, double *dz)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lse = LogSumExp(n, z + s * n);
    PetscCheck(a[s] >= 0 && a[s] < n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Action %" PetscInt_FMT " of sample %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")",
               a[s], s, n);
    for (PetscInt j = 0; j < n; j++) dz[s * n + j] += dlogp[s] * ((j == a[s] ? 1.0 : 0.0) - exp(z[s * n + j] - lse));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSoftmaxEntropy(PetscInt b, PetscInt n, const double *z, double *H)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lse = LogSumExp(n, z + s * n), h = 0;
    for (PetscInt j = 0; j < n; j++) {
      double lp = z[s * n + j] - lse;
      h -= exp(lp) * lp;
    }
    H[s] = h;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSoftmaxEntropyBackward(PetscInt b, PetscInt n, const double *z, const double *dH, double *dz)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lse = LogSumExp(n, z + s * n), h = 0;
    for (PetscInt j = 0; j < n; j++) {
      double lp = z[s * n + j] - lse;
      h -= exp(lp) * lp;
    }
    for (PetscInt j = 0; j < n; j++) {
      double lp = z[s * n + j] - lse;
      dz[s * n + j] += dH[s] * (-exp(lp) * (lp + h));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSoftmaxCrossEntropy(PetscInt b, PetscInt n, const double *z, const PetscInt *a, double *loss, double *dz)
{
  double sum = 0;

  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lp, coef = -1.0 / (double)b;
    PetscCall(SemecNNSoftmaxLogProb(1, n, z + s * n, a + s, &lp));
    sum -= lp;
    if (dz) PetscCall(SemecNNSoftmaxLogProbBackward(1, n, z + s * n, a + s, &coef, dz + s * n));
  }
  *loss = sum / (double)b;
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define HALF_LN_2PI 0.91893853320467274178 /* ln(2 pi) / 2 */

PetscErrorCode SemecNNGaussianLogProb(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *x, double *logp)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++) {
    double lp = 0;
    for (PetscInt j = 0; j < n; j++) {
      double u = (x[s * n + j] - mu[s * n + j]) * exp(-logstd[j]);
      lp += -0.5 * u * u - logstd[j] - HALF_LN_2PI;
    }
    logp[s] = lp;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNGaussianLogProbBackward(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *x, const double *dlogp,
                                              double *dmu, double *dlogstd)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++)
    for (PetscInt j = 0; j < n; j++) {
      double isig = exp(-logstd[j]), u = (x[s * n + j] - mu[s * n + j]) * isig;
      if (dmu) dmu[s * n + j] += dlogp[s] * u * isig;
      if (dlogstd) dlogstd[j] += dlogp[s] * (u * u - 1.0);
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNGaussianEntropy(PetscInt n, const double *logstd, double dH, double *H, double *dlogstd)
{
  double h = 0;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < n; j++) {
    h += logstd[j] + 0.5 + HALF_LN_2PI;
    if (dlogstd) dlogstd[j] += dH;
  }
  if (H) *H = h;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNGaussianSample(PetscInt b, PetscInt n, const double *mu, const double *logstd, const double *z, double *x)
{
  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < b; s++)
    for (PetscInt j = 0; j < n; j++) x[s * n + j] = mu[s * n + j] + exp(logstd[j]) * z[s * n + j];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNPPOClip(PetscInt b, const double *logp, const double *logp_old, const double *adv, double delta, double *loss, double *dlogp,
                              PetscInt *clipped)
{
  double   sum = 0;
  PetscInt nclip = 0;

  PetscFunctionBeginUser;
  PetscCheck(delta >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "PPO clip parameter %g must be >= 0", delta);
  for (PetscInt s = 0; s < b; s++) {
    double r = exp(logp[s] - logp_old[s]), A = adv[s];
    double unclipped = r * A, g = A >= 0 ? (1.0 + delta) * A : (1.0 - delta) * A; /* paper 001 eq. (25) */
    if (unclipped <= g) {                                                          /* eq. (24): the smaller term */
      sum += unclipped;
      if (dlogp) dlogp[s] += -unclipped / (double)b;                                /* d r / d logp = r */
    } else {
      sum += g;
      nclip++;
    }
  }
  *loss = -sum / (double)b;
  if (clipped) *clipped = nclip;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNSquaredError(PetscInt b, PetscInt n, const double *y, const double *t, double *loss, double *dy)
{
  double sum = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < b * n; i++) {
    double e = y[i] - t[i];
    sum += e * e; /* paper 001 eq. (26) */
    if (dy) dy[i] += 2.0 * e / (double)b;
  }
  *loss = sum / (double)b;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecNNHuber(PetscInt b, PetscInt n, const double *y, const double *t, double delta, double *loss, double *dy)
{
  double sum = 0;

  PetscFunctionBeginUser;
  PetscCheck(isfinite(delta) && delta > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Huber threshold %g must be > 0", delta);
  for (PetscInt i = 0; i < b * n; i++) {
    double e = y[i] - t[i], a = fabs(e);
    sum += a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
    if (dy) dy[i] += (a <= delta ? e : (e > 0 ? delta : -delta)) / (double)b;
  }
  *loss = sum / (double)b;
  PetscFunctionReturn(PETSC_SUCCESS);
}
