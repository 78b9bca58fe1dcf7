/* Paper 003's computation model: FLOP counts of the semantic extraction
 * (eq. (5)), reconstruction (eq. (6)) and early-exit recognition (eq. (4))
 * networks, cycles = FLOP / Psi, the Linear comparison model (Sec. IV-C)
 * and the task types of Table IV.  The networks are read from the -eeoi_
 * options (inputs/eeoi-networks.opts holds the defaults below); the
 * readings of the paper taken here are in docs/models.md. */
#include <semec/p003/eeoi.h>
#include <semec/engine/options.h>
#include <semec/engine/rng.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_INT  SEMEC_CHECK_INT
#define CHECK_REAL SEMEC_CHECK_REAL

#define EEOI_MAX_FILTERS 100000
#define EEOI_MAX_KERNEL  1000
#define EEOI_MAX_FCDIM   1000000000
#define EEOI_MAX_SIZE    100000

static const char *const channel_rules[] = {"chained", "image", NULL};
static const char *const recon_inputs[]  = {"compressed", "extracted", NULL};

/* ------------------------------------------------------------------ */
/* FLOP counts                                                         */

double SemecEeoiElements(SemecEeoiShape s) { return s.A * s.W * s.H * s.C; }

double SemecEeoiNetFlops(const SemecEeoi *e, const SemecEeoiNet *net, SemecEeoiShape in, SemecEeoiShape *out)
{
  double W = in.W, H = in.H, C = in.C, flop = 0.0, k_in;

  if (!(in.A > 0.0 && C > 0.0 && W >= 1.0 && H >= 1.0)) return NAN;
  for (PetscInt d = 0; d < net->nconv; d++) {
    double L   = (double)net->filters[d], kw = (double)net->kw[d], kh = (double)net->kh[d];
    double wo  = W - kw + 1.0, ho = H - kh + 1.0;          /* stride 1, no padding (Sec. II.C) */
    double cin = e->channels == SEMEC_EEOI_CHANNELS_CHAINED ? C : in.C;
    if (!(wo >= 1.0 && ho >= 1.0)) return NAN;
    flop += 2.0 * in.A * L * wo * ho * cin * kw * kh;      /* paper 003 eqs. (4)-(6): 2 A L^d W_out H_out C k_w^d k_h^d */
    W = wo;                                                /* W_{d+1} = W_d - k_w^d + 1, below eq. (4) */
    H = ho;
    C = e->channels == SEMEC_EEOI_CHANNELS_CHAINED ? L : in.C;
  }
  if (out) {
    out->A = in.A; out->W = W; out->H = H; out->C = C;
  }
  k_in = C * W * H;                                        /* first FC: the flattened last map, A C W H k (eqs. (4), (6)) */
  for (PetscInt f = 0; f < net->nfc; f++) {
    flop += e->fc_flop_per_mac * in.A * k_in * (double)net->fc[f]; /* FC: input x output (Sec. II.C, [5]) */
    k_in = (double)net->fc[f];
  }
  return flop;
}

double SemecEeoiFlopsRecognition(const SemecEeoi *e, SemecEeoiShape image, PetscInt exit)
{
  if (exit < 0 || exit >= e->nexits) return NAN;
  return SemecEeoiNetFlops(e, &e->exit[exit], image, NULL); /* paper 003 eq. (4), s^R = s */
}

double SemecEeoiFlopsExtraction(const SemecEeoi *e, SemecEeoiShape image)
{
  return SemecEeoiNetFlops(e, &e->ext, image, NULL); /* paper 003 eq. (5) */
}

SemecEeoiShape SemecEeoiReconInputShape(const SemecEeoi *e, SemecEeoiShape image, double eps)
{
  SemecEeoiShape s = image;
  if (e->recon_input == SEMEC_EEOI_RECON_COMPRESSED) {
    /* s^C = s / eps (what eq. (3) transmits): the spatial sides shrink by sqrt(eps) */
    double f = eps >= 1.0 ? 1.0 / sqrt(eps) : NAN;
    s.W *= f;
    s.H *= f;
  } else if (!isfinite(SemecEeoiNetFlops(e, &e->ext, image, &s))) {
    s.W = s.H = NAN;
  }
  return s;
}

double SemecEeoiFlopsReconstruction(const SemecEeoi *e, SemecEeoiShape recon_in)
{
  return SemecEeoiNetFlops(e, &e->recon, recon_in, NULL); /* paper 003 eq. (6) */
}

double SemecEeoiCycles(const SemecEeoi *e, double flop) { return flop / e->flop_per_cycle; } /* Psi = FLOP/cycle, eq. (7) */

/* ------------------------------------------------------------------ */
/* Task types                                                          */

PetscErrorCode SemecEeoiTypeEvaluate(const SemecEeoi *e, SemecEeoiType *t)
{
  SemecEeoiShape img = {(double)t->A, (double)t->W, (double)t->H, (double)t->C}, rin;

  PetscFunctionBeginUser;
  PetscCheck(t->exit >= 0 && t->exit < e->nexits, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Task type exit point %" PetscInt_FMT " is out of range: allowed [0, %" PetscInt_FMT "]", t->exit, e->nexits - 1);
  PetscCheck(isfinite(t->eps) && t->eps >= 1.0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Task type compression ratio %g is out of range: allowed >= 1", t->eps);
  rin              = SemecEeoiReconInputShape(e, img, t->eps);
  t->bits          = SemecEeoiElements(img) * e->bits_per_element; /* s_i = A W H C */
  t->bits_semantic = t->bits / t->eps;                             /* paper 003 eq. (3): s_i / eps_i */
  t->bits_recon    = SemecEeoiElements(rin) * e->bits_per_element; /* s_i^C */
  t->flop_recog    = SemecEeoiFlopsRecognition(e, img, t->exit);   /* eq. (4) */
  t->flop_ext      = SemecEeoiFlopsExtraction(e, img);             /* eq. (5) */
  t->flop_recon    = SemecEeoiFlopsReconstruction(e, rin);         /* eq. (6) */
  PetscCheck(isfinite(t->flop_recog) && isfinite(t->flop_ext) && isfinite(t->flop_recon), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Task type of %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT
             " (eps %g): a feature map of the %s network shrinks below 1 x 1",
             t->A, t->W, t->H, t->C, t->eps, !isfinite(t->flop_ext) ? "extraction" : !isfinite(t->flop_recon) ? "reconstruction" : "recognition");
  t->cycles_recog  = SemecEeoiCycles(e, t->flop_recog); /* c_i = F_R(s^R, m_i) / Psi */
  t->cycles_ext    = SemecEeoiCycles(e, t->flop_ext);
  t->cycles_recon  = SemecEeoiCycles(e, t->flop_recon);
  t->cycles_linear = 0.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEeoiLinearFit(PetscInt n, SemecEeoiType type[], PetscInt nexits, double theta[], PetscInt count[])
{
  PetscFunctionBeginUser;
  PetscCheck(nexits >= 1 && nexits <= SEMEC_EEOI_MAX_EXITS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Linear model: %" PetscInt_FMT " exits, allowed [1, %d]", nexits, SEMEC_EEOI_MAX_EXITS);
  for (PetscInt m = 0; m < nexits; m++) {
    theta[m] = 0.0;
    count[m] = 0;
  }
  for (PetscInt i = 0; i < n; i++) {
    PetscCheck(type[i].exit >= 0 && type[i].exit < nexits, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "Linear model: type %" PetscInt_FMT " has exit %" PetscInt_FMT ", allowed [0, %" PetscInt_FMT "]", i, type[i].exit, nexits - 1);
    PetscCheck(type[i].bits > 0.0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Linear model: type %" PetscInt_FMT " has no data (s = %g bit)", i, type[i].bits);
    theta[type[i].exit] += type[i].cycles_recog / type[i].bits; /* paper 003 Sec. IV-C: sum of c_i / s_i over M^S_m */
    count[type[i].exit]++;
  }
  for (PetscInt m = 0; m < nexits; m++)
    if (count[m]) theta[m] /= (double)count[m];                 /* theta_m = (sum c_i/s_i) / |M^S_m| */
  for (PetscInt i = 0; i < n; i++) type[i].cycles_linear = theta[type[i].exit] * type[i].bits; /* c_i^lin = theta_{m_i} s_i */
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEeoiTypesCreate(const SemecEeoi *e, PetscInt seed, SemecEeoiTypes *types)
{
  PetscFunctionBeginUser;
  PetscCheck(seed >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Task type seed %" PetscInt_FMT " is negative", seed);
  types->n      = e->ntypes;
  types->nexits = e->nexits;
  PetscCall(PetscCalloc1(e->ntypes, &types->type));
  for (PetscInt i = 0; i < e->ntypes; i++) {
    /* keyed by the type index only: every rank draws the same types; the
     * exit has its own counter so that M changes nothing else */
    SemecRngKey    key = {(uint64_t)seed, SEMEC_STREAM_TASKTYPE, 0, (uint64_t)i, 0};
    SemecEeoiType *t   = &types->type[i];
    PetscInt       span = e->size_max - e->size_min + 1, first = e->nexits - e->exit_points;
    double         u[4], ux = SemecRngUniform(&key, 1);

    SemecRngUniform4(&key, 0, u);
    t->W        = PetscMin(e->size_min + (PetscInt)floor(u[0] * (double)span), e->size_max); /* Table IV: [224, 448] */
    t->H        = t->W;                                                  /* square map (Sec. IV-B) */
    t->A        = e->images;                                             /* Table IV: A_i = 1 */
    t->C        = e->image_channels;                                     /* Table IV: C_i = 3 */
    t->eps      = e->eps_max - (e->eps_max - e->eps_min) * u[1];         /* (eps_min, eps_max], Table IV: (1, 5] */
    t->tau      = e->deadline_min + (e->deadline_max - e->deadline_min) * u[2]; /* Table IV: [0.5, 1] s */
    t->priority = PetscMin(1 + (PetscInt)floor(u[3] * (double)e->priority_max), e->priority_max);
    t->exit     = PetscMin(first + (PetscInt)floor(ux * (double)e->exit_points), e->nexits - 1);
    PetscCall(SemecEeoiTypeEvaluate(e, t));
  }
  PetscCall(SemecEeoiLinearFit(types->n, types->type, types->nexits, types->theta, types->count));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEeoiTypesDestroy(SemecEeoiTypes *types)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(types->type));
  types->n = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEeoiTypesView(const SemecEeoiTypes *types, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "%4s %5s %6s %6s %4s %4s %11s %11s %11s %11s %11s %11s %11s\n", "type", "W=H", "eps", "tau_s",
                                   "prio", "exit", "s_bit", "s/eps_bit", "sC_bit", "F_E_cyc", "F_C_cyc", "c_cyc", "c_lin_cyc"));
  for (PetscInt i = 0; i < types->n; i++) {
    const SemecEeoiType *t = &types->type[i];
    PetscCall(PetscViewerASCIIPrintf(viewer, "%4" PetscInt_FMT " %5" PetscInt_FMT " %6.3f %6.3f %4" PetscInt_FMT " %4" PetscInt_FMT
                                     " %11.4e %11.4e %11.4e %11.4e %11.4e %11.4e %11.4e\n",
                                     i, t->W, t->eps, t->tau, t->priority, t->exit + 1, t->bits, t->bits_semantic, t->bits_recon, t->cycles_ext,
                                     t->cycles_recon, t->cycles_recog, t->cycles_linear));
  }
  for (PetscInt m = 0; m < types->nexits; m++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "exit %" PetscInt_FMT ": %" PetscInt_FMT " types, Linear theta %.6e cycle/bit\n", m + 1, types->count[m], types->theta[m]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

static PetscErrorCode ReadInt(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, PetscInt *v)
{
  PetscFunctionBeginUser;
  PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_TRUE, 1));
  PetscCall(PetscOptionsInt(opt, help, NULL, *v, v, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadReal(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, double *v)
{
  PetscReal r = (PetscReal)*v;

  PetscFunctionBeginUser;
  PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_FALSE, 1));
  PetscCall(PetscOptionsReal(opt, help, NULL, r, &r, NULL));
  *v = (double)r;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An integer list; *n is the default count on entry and the count on exit.
 * -help shows only the first value of a list, so the help text carries the
 * whole default. */
static PetscErrorCode ReadIntList(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, PetscInt max, PetscInt v[], PetscInt *n)
{
  PetscInt  m = max;
  PetscBool set;
  char      text[512], item[32];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(text, sizeof(text), "%s; default ", help));
  if (!*n) PetscCall(PetscStrlcat(text, "0", sizeof(text)));
  for (PetscInt i = 0; i < *n; i++) {
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s%" PetscInt_FMT, i ? "," : "", v[i]));
    PetscCall(PetscStrlcat(text, item, sizeof(text)));
  }
  PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_TRUE, max));
  PetscCall(PetscOptionsIntArray(opt, text, NULL, v, &m, &set));
  if (set) *n = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* FC output dimensions; the single value 0 means no FC layer. */
static PetscErrorCode ReadFcList(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, PetscInt v[], PetscInt *n)
{
  PetscFunctionBeginUser;
  PetscCall(ReadIntList(PetscOptionsObject, comm, opt, help, SEMEC_EEOI_MAX_FC, v, n));
  if (*n == 1 && v[0] == 0) *n = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  PetscInt nkw, nkh; /* counts read for the kernel lists (nconv holds the filters count) */
} NetCounts;

static PetscErrorCode ReadNet(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *tag, const char *what, PetscBool fc, SemecEeoiNet *net, NetCounts *cnt)
{
  char opt[64], help[256];

  PetscFunctionBeginUser;
  cnt->nkw = cnt->nkh = net->nconv;
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_filters", tag));
  PetscCall(PetscSNPrintf(help, sizeof(help), "%s: filters L^d of each convolution layer (filters; one value per layer)", what));
  PetscCall(ReadIntList(PetscOptionsObject, comm, opt, help, SEMEC_EEOI_MAX_CONV, net->filters, &net->nconv));
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_kernel_w", tag));
  PetscCall(PetscSNPrintf(help, sizeof(help), "%s: filter width k_w^d of each convolution layer (pixels)", what));
  PetscCall(ReadIntList(PetscOptionsObject, comm, opt, help, SEMEC_EEOI_MAX_CONV, net->kw, &cnt->nkw));
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_kernel_h", tag));
  PetscCall(PetscSNPrintf(help, sizeof(help), "%s: filter height k_h^d of each convolution layer (pixels)", what));
  PetscCall(ReadIntList(PetscOptionsObject, comm, opt, help, SEMEC_EEOI_MAX_CONV, net->kh, &cnt->nkh));
  if (fc) {
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_fc", tag));
    PetscCall(PetscSNPrintf(help, sizeof(help), "%s: output dimension of each fully connected layer, 0 = none (elements)", what));
    PetscCall(ReadFcList(PetscOptionsObject, comm, opt, help, net->fc, &net->nfc));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckNetCounts(MPI_Comm comm, const char *tag, const SemecEeoiNet *net, const NetCounts *cnt)
{
  PetscFunctionBeginUser;
  PetscCheck(net->nconv >= 1, comm, PETSC_ERR_ARG_SIZ, "Option -eeoi_%s_filters needs at least one convolution layer", tag);
  PetscCheck(cnt->nkw == net->nconv, comm, PETSC_ERR_ARG_SIZ,
             "Option -eeoi_%s_kernel_w has %" PetscInt_FMT " values but -eeoi_%s_filters has %" PetscInt_FMT ": give one per convolution layer",
             tag, cnt->nkw, tag, net->nconv);
  PetscCheck(cnt->nkh == net->nconv, comm, PETSC_ERR_ARG_SIZ,
             "Option -eeoi_%s_kernel_h has %" PetscInt_FMT " values but -eeoi_%s_filters has %" PetscInt_FMT ": give one per convolution layer",
             tag, cnt->nkh, tag, net->nconv);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Default classifier of exit j of n, counted from the last exit (Sec. IV-A,
 * B-AlexNet on CIFAR-10's 10 classes): the last exit has AlexNet's three FC
 * layers (256, 128, 10), the one before it two (128, 10), earlier ones one
 * (10).  Aligned at the end so that a network with other exits keeps the
 * full classifier at its final exit. */
static void DefaultExitFc(PetscInt j, PetscInt n, PetscInt fc[], PetscInt *nfc)
{
  static const PetscInt full[] = {256, 128, 10};
  PetscInt              k      = PetscMin(n - 1 - j, 2); /* 0: last exit */

  *nfc = 3 - k;
  for (PetscInt f = 0; f < *nfc; f++) fc[f] = full[k + f];
}

/* Defaults: paper 003 Table IV and Sec. IV-A (see inputs/eeoi-networks.opts). */
static void Defaults(SemecEeoi *e)
{
  static const PetscInt ext_k[]   = {5, 5, 3, 3};
  static const PetscInt recog_k[] = {5, 5, 3, 3, 3};

  e->ext.nconv = 4;
  for (PetscInt d = 0; d < 4; d++) {
    e->ext.filters[d] = 96;
    e->ext.kw[d] = e->ext.kh[d] = ext_k[d];
  }
  e->ext.nfc         = 0;
  e->recon.nconv     = 1;
  e->recon.filters[0] = 96;
  e->recon.kw[0] = e->recon.kh[0] = 3;
  e->recon.nfc = 5;
  for (PetscInt f = 0; f < 5; f++) e->recon.fc[f] = 256;
  e->trunk.nconv = 5;
  for (PetscInt d = 0; d < 5; d++) {
    e->trunk.filters[d] = 96;
    e->trunk.kw[d] = e->trunk.kh[d] = recog_k[d];
  }
  e->nexits = 3;
  for (PetscInt j = 0; j < 3; j++) e->exit_layers[j] = 3 + j;
  e->channels         = SEMEC_EEOI_CHANNELS_CHAINED;
  e->recon_input      = SEMEC_EEOI_RECON_COMPRESSED;
  e->bits_per_element = 8.0;
  e->flop_per_cycle   = 8.0;
  e->fc_flop_per_mac  = 1.0;
  e->ntypes           = 15;
  e->size_min         = 224;
  e->size_max         = 448;
  e->images           = 1;
  e->image_channels   = 3;
  e->priority_max     = 3;
  e->eps_min          = 1.0;
  e->eps_max          = 5.0;
  e->deadline_min     = 0.5;
  e->deadline_max     = 1.0;
}

PetscErrorCode SemecEeoiLoad(MPI_Comm comm, SemecEeoi *e)
{
  PetscInt  exit_fc[SEMEC_EEOI_MAX_EXITS][SEMEC_EEOI_MAX_FC], exit_nfc[SEMEC_EEOI_MAX_EXITS];
  NetCounts cext, crecon, crecog;
  int       rule, rin;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(e, sizeof(*e)));
  Defaults(e);
  rule = (int)e->channels;
  rin  = (int)e->recon_input;
  PetscOptionsBegin(comm, NULL, "EEoI and semantic computation model, paper 003 Sec. II.C (-eeoi_)", NULL);
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_task_types", "Number of task types I (types)", &e->ntypes));
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_image_size_min", "Smallest image side W_i = H_i (pixels)", &e->size_min));
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_image_size_max", "Largest image side W_i = H_i (pixels)", &e->size_max));
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_images", "Feature maps per task A_i (maps)", &e->images));
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_image_channels", "Channels per image C_i (channels)", &e->image_channels));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_eps_min", "Compression ratio eps_i is uniform in (eps_min, eps_max]: eps_min (1)", &e->eps_min));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_eps_max", "Compression ratio: eps_max (1)", &e->eps_max));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_deadline_min", "Delay limit tau_i is uniform in [min, max]: min (s)", &e->deadline_min));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_deadline_max", "Delay limit tau_i: max (s)", &e->deadline_max));
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_priority_max", "Priority M_i is uniform in {1, ..., priority_max} (1)", &e->priority_max));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_bits_per_element", "Bits of one element of s_i = A W H C (bit)", &e->bits_per_element));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_flop_per_cycle", "Psi, floating-point operations per cycle (FLOP/cycle)", &e->flop_per_cycle));
  PetscCall(ReadReal(PetscOptionsObject, comm, "-eeoi_fc_flop_per_mac", "FLOP per multiply-accumulate of a fully connected layer (paper: input x output, 1) (FLOP)", &e->fc_flop_per_mac));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-eeoi_conv_channels",
                       "Input channels of convolution layer d > 1: chained (L^{d-1}) or image (C_i, eqs. (4)-(6) as printed)", channel_rules, &rule));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-eeoi_recon_input",
                       "Input of the reconstruction network: compressed (s/eps) or extracted (the extraction's last feature map)", recon_inputs, &rin));
  PetscCall(ReadNet(PetscOptionsObject, comm, "ext", "Semantic extraction (eq. (5))", PETSC_TRUE, &e->ext, &cext));
  PetscCall(ReadNet(PetscOptionsObject, comm, "recon", "Semantic reconstruction (eq. (6))", PETSC_TRUE, &e->recon, &crecon));
  PetscCall(ReadNet(PetscOptionsObject, comm, "recog", "Recognition trunk (eq. (4))", PETSC_FALSE, &e->trunk, &crecog));
  PetscCall(ReadIntList(PetscOptionsObject, comm, "-eeoi_recog_exit_layers", "Convolution layers |D_m| before each exit point, increasing (layers)",
                        SEMEC_EEOI_MAX_EXITS, e->exit_layers, &e->nexits));
  e->exit_points = e->nexits;
  PetscCall(ReadInt(PetscOptionsObject, comm, "-eeoi_exit_points", "Active exit points M: the last M exits (1 = no early exit) (exits)", &e->exit_points));
  for (PetscInt j = 0; j < e->nexits && j < SEMEC_EEOI_MAX_EXITS; j++) {
    char opt[64], help[160];
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_recog_exit%" PetscInt_FMT "_fc", j + 1));
    PetscCall(PetscSNPrintf(help, sizeof(help), "Output dimension of each fully connected layer of exit %" PetscInt_FMT "'s classifier (elements)", j + 1));
    DefaultExitFc(j, e->nexits, exit_fc[j], &exit_nfc[j]);
    PetscCall(ReadFcList(PetscOptionsObject, comm, opt, help, exit_fc[j], &exit_nfc[j]));
  }
  PetscOptionsEnd();
  e->channels    = (SemecEeoiChannelRule)rule;
  e->recon_input = (SemecEeoiReconInput)rin;
  PetscCall(CheckNetCounts(comm, "ext", &e->ext, &cext));
  PetscCall(CheckNetCounts(comm, "recon", &e->recon, &crecon));
  PetscCall(CheckNetCounts(comm, "recog", &e->trunk, &crecog));
  PetscCheck(e->nexits >= 1, comm, PETSC_ERR_ARG_SIZ, "Option -eeoi_recog_exit_layers needs at least one exit point");
  for (PetscInt j = 0; j < e->nexits; j++) {
    SemecEeoiNet *x = &e->exit[j];
    char          opt[64];
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_recog_exit%" PetscInt_FMT "_fc", j + 1));
    PetscCheck(exit_nfc[j] >= 1, comm, PETSC_ERR_ARG_SIZ, "Option %s needs at least one fully connected layer (the classifier of eq. (4))", opt);
    x->nconv = PetscMin(PetscMax(e->exit_layers[j], 0), e->trunk.nconv); /* range checked in Validate */
    for (PetscInt d = 0; d < x->nconv; d++) {
      x->filters[d] = e->trunk.filters[d];
      x->kw[d]      = e->trunk.kw[d];
      x->kh[d]      = e->trunk.kh[d];
    }
    x->nfc = exit_nfc[j];
    for (PetscInt f = 0; f < x->nfc; f++) x->fc[f] = exit_fc[j][f];
  }
  PetscCall(SemecEeoiValidate(comm, e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Checks a network's values; opt names its options, as -eeoi_<tag>_... */
static PetscErrorCode ValidateNet(MPI_Comm comm, const char *tag, const SemecEeoiNet *net)
{
  char opt[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_filters", tag));
  PetscCheck(net->nconv >= 1 && net->nconv <= SEMEC_EEOI_MAX_CONV, comm, PETSC_ERR_ARG_SIZ,
             "Option %s has %" PetscInt_FMT " layers: allowed [1, %d]", opt, net->nconv, SEMEC_EEOI_MAX_CONV);
  for (PetscInt d = 0; d < net->nconv; d++) CHECK_INT(opt, net->filters[d], 1, EEOI_MAX_FILTERS);
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_kernel_w", tag));
  for (PetscInt d = 0; d < net->nconv; d++) CHECK_INT(opt, net->kw[d], 1, EEOI_MAX_KERNEL);
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_kernel_h", tag));
  for (PetscInt d = 0; d < net->nconv; d++) CHECK_INT(opt, net->kh[d], 1, EEOI_MAX_KERNEL);
  PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_%s_fc", tag));
  PetscCheck(net->nfc >= 0 && net->nfc <= SEMEC_EEOI_MAX_FC, comm, PETSC_ERR_ARG_SIZ,
             "Option %s has %" PetscInt_FMT " layers: allowed [0, %d]", opt, net->nfc, SEMEC_EEOI_MAX_FC);
  for (PetscInt f = 0; f < net->nfc; f++) CHECK_INT(opt, net->fc[f], 1, EEOI_MAX_FCDIM);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The feature maps of net must stay >= 1 x 1 for the input W x H (the
 * smallest the model meets); names the layer and the options. */
static PetscErrorCode ValidateShrink(MPI_Comm comm, const char *tag, const char *what, const SemecEeoiNet *net, double W, double H, const char *input,
                                     const char *hint)
{
  PetscFunctionBeginUser;
  for (PetscInt d = 0; d < net->nconv; d++) {
    double wo = W - (double)net->kw[d] + 1.0, ho = H - (double)net->kh[d] + 1.0;
    PetscCheck(wo >= 1.0 && ho >= 1.0, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Options -eeoi_%s_kernel_w/-eeoi_%s_kernel_h: convolution layer %" PetscInt_FMT " of the %s network turns a %g x %g input into %g x %g"
               " (< 1) for %s; use smaller filters or raise -eeoi_image_size_min%s",
               tag, tag, d + 1, what, W, H, wo, ho, input, hint);
    W = wo;
    H = ho;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEeoiValidate(MPI_Comm comm, const SemecEeoi *e)
{
  char           input[128];
  double         smin = (double)e->size_min;
  SemecEeoiShape img  = {(double)e->images, smin, smin, (double)e->image_channels}, rin;

  PetscFunctionBeginUser;
  CHECK_INT("-eeoi_task_types", e->ntypes, 1, SEMEC_EEOI_MAX_TYPES);
  CHECK_INT("-eeoi_image_size_min", e->size_min, 1, EEOI_MAX_SIZE);
  CHECK_INT("-eeoi_image_size_max", e->size_max, e->size_min, EEOI_MAX_SIZE);
  CHECK_INT("-eeoi_images", e->images, 1, 1000);
  CHECK_INT("-eeoi_image_channels", e->image_channels, 1, 1000);
  CHECK_REAL("-eeoi_eps_min", e->eps_min, 1.0, 1e6);
  CHECK_REAL("-eeoi_eps_max", e->eps_max, e->eps_min, 1e6);
  CHECK_REAL("-eeoi_deadline_min", e->deadline_min, 1e-9, 1e6);
  CHECK_REAL("-eeoi_deadline_max", e->deadline_max, e->deadline_min, 1e6);
  CHECK_INT("-eeoi_priority_max", e->priority_max, 1, 1000);
  CHECK_REAL("-eeoi_bits_per_element", e->bits_per_element, 1.0, 64.0);
  CHECK_REAL("-eeoi_flop_per_cycle", e->flop_per_cycle, 1e-6, 1e6);
  CHECK_REAL("-eeoi_fc_flop_per_mac", e->fc_flop_per_mac, 0.0, 2.0);
  PetscCall(ValidateNet(comm, "ext", &e->ext));
  PetscCall(ValidateNet(comm, "recon", &e->recon));
  PetscCall(ValidateNet(comm, "recog", &e->trunk));
  PetscCheck(e->trunk.nfc == 0, comm, PETSC_ERR_ARG_WRONG, "The recognition trunk has no FC layers of its own: give them per exit with -eeoi_recog_exit<j>_fc");
  PetscCheck(e->nexits >= 1 && e->nexits <= SEMEC_EEOI_MAX_EXITS, comm, PETSC_ERR_ARG_SIZ,
             "Option -eeoi_recog_exit_layers has %" PetscInt_FMT " exits: allowed [1, %d]", e->nexits, SEMEC_EEOI_MAX_EXITS);
  for (PetscInt j = 0; j < e->nexits; j++) {
    CHECK_INT("-eeoi_recog_exit_layers", e->exit_layers[j], 1, e->trunk.nconv);
    PetscCheck(!j || e->exit_layers[j] > e->exit_layers[j - 1], comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Option -eeoi_recog_exit_layers must increase strictly: exit %" PetscInt_FMT " follows %" PetscInt_FMT
               " layers, exit %" PetscInt_FMT " follows %" PetscInt_FMT,
               j, e->exit_layers[j - 1], j + 1, e->exit_layers[j]);
    PetscCheck(e->exit[j].nconv == e->exit_layers[j] && e->exit[j].nfc >= 1 && e->exit[j].nfc <= SEMEC_EEOI_MAX_FC, comm, PETSC_ERR_ARG_WRONG,
               "Exit %" PetscInt_FMT " is inconsistent: %" PetscInt_FMT " convolution layers (want %" PetscInt_FMT "), %" PetscInt_FMT
               " FC layers (want [1, %d]); set it with -eeoi_recog_exit_layers and -eeoi_recog_exit%" PetscInt_FMT "_fc",
               j + 1, e->exit[j].nconv, e->exit_layers[j], e->exit[j].nfc, SEMEC_EEOI_MAX_FC, j + 1);
    for (PetscInt d = 0; d < e->exit[j].nconv; d++)
      PetscCheck(e->exit[j].filters[d] == e->trunk.filters[d] && e->exit[j].kw[d] == e->trunk.kw[d] && e->exit[j].kh[d] == e->trunk.kh[d], comm,
                 PETSC_ERR_ARG_WRONG, "Exit %" PetscInt_FMT ", layer %" PetscInt_FMT ", differs from the recognition trunk", j + 1, d + 1);
    for (PetscInt f = 0; f < e->exit[j].nfc; f++) {
      char opt[64];
      PetscCall(PetscSNPrintf(opt, sizeof(opt), "-eeoi_recog_exit%" PetscInt_FMT "_fc", j + 1));
      CHECK_INT(opt, e->exit[j].fc[f], 1, EEOI_MAX_FCDIM);
    }
  }
  PetscCheck(e->exit_layers[e->nexits - 1] == e->trunk.nconv, comm, PETSC_ERR_ARG_INCOMP,
             "Option -eeoi_recog_exit_layers ends at %" PetscInt_FMT " layers but -eeoi_recog_filters has %" PetscInt_FMT
             ": the last exit point must follow the last convolution layer",
             e->exit_layers[e->nexits - 1], e->trunk.nconv);
  CHECK_INT("-eeoi_exit_points", e->exit_points, 1, e->nexits);
  /* feature maps stay >= 1 x 1 for the smallest image (the maps shrink
   * monotonically with the input, so larger images are fine too) */
  PetscCall(PetscSNPrintf(input, sizeof(input), "the smallest image, %" PetscInt_FMT " x %" PetscInt_FMT, e->size_min, e->size_min));
  PetscCall(ValidateShrink(comm, "ext", "extraction", &e->ext, smin, smin, input, ""));
  PetscCall(ValidateShrink(comm, "recog", "recognition", &e->trunk, smin, smin, input, ""));
  rin = SemecEeoiReconInputShape(e, img, e->eps_max);
  if (e->recon_input == SEMEC_EEOI_RECON_COMPRESSED)
    PetscCall(PetscSNPrintf(input, sizeof(input), "the smallest image compressed with the largest ratio (-eeoi_eps_max %g)", e->eps_max));
  else PetscCall(PetscSNPrintf(input, sizeof(input), "the extraction output of the smallest image"));
  PetscCheck(rin.W >= 1.0 && rin.H >= 1.0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -eeoi_eps_max, %g, compresses the smallest image (-eeoi_image_size_min %" PetscInt_FMT ") below 1 x 1: allowed up to %g",
             e->eps_max, e->size_min, smin * smin);
  PetscCall(ValidateShrink(comm, "recon", "reconstruction", &e->recon, rin.W, rin.H, input,
                           e->recon_input == SEMEC_EEOI_RECON_COMPRESSED ? " or lower -eeoi_eps_max" : ""));
  PetscFunctionReturn(PETSC_SUCCESS);
}
