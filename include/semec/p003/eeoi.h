/* Paper 003's computation model of intelligent tasks (Sec. II.C, Sec. IV.A-C):
 * FLOP counts of the semantic extraction network (eq. (5)), the semantic
 * reconstruction network (eq. (6)) and the recognition network with early
 * exits of inference (EEoI, eq. (4)); cycles = FLOP / Psi; the Linear
 * comparison model of Sec. IV-C; and the task types of Table IV drawn from
 * the seed.
 *
 * The three networks are input data (options -eeoi_*, see
 * inputs/eeoi-networks.opts), not constants: a network is a chain of
 * convolution layers (L^d filters of k_w^d x k_h^d, stride 1, no padding:
 * W_out = W_in - k_w + 1) followed by fully connected (FC) layers given by
 * their output dimensions; the first FC layer's input is the flattened last
 * feature map, each further FC layer's input is the previous one's output.
 * The recognition network is a trunk of convolution layers with exits: exit
 * j (0-based) takes the first exit_layers[j] trunk layers and has its own
 * classifier FC layers (-eeoi_recog_exit<j+1>_fc; by default, counted from
 * the last exit: 256,128,10, then 128,10, then 10 for the earlier ones).
 * -eeoi_exit_points M activates the LAST M exits (M = 1: no early exit,
 * every task runs the whole network).
 *
 * Units: shapes and FC dimensions in elements, data sizes in bits
 * (elements x -eeoi_bits_per_element), FLOP counts in FLOP, computation in
 * cycles.  Exit indices are 0-based indices into the network's exits.
 *
 * Typical use:
 *   SemecEeoi e;  SemecEeoiTypes types;
 *   SemecEeoiLoad(comm, &e);                       // options, validated
 *   SemecEeoiTypesCreate(&e, seed, &types);        // identical on every rank
 *   ... types.type[i].bits, .cycles_recog, ...
 *   SemecEeoiTypesDestroy(&types);
 * Nothing here communicates: Load reads the options database and fails on
 * every rank alike; the FLOP functions are pure. */
#ifndef SEMEC_EEOI_H
#define SEMEC_EEOI_H
#include <semec/engine/compat.h>
#include <semec/engine/config.h>
#include <petscviewer.h>

#define SEMEC_EEOI_MAX_CONV  16     /* convolution layers per network */
#define SEMEC_EEOI_MAX_FC    8      /* FC layers per network or exit */
#define SEMEC_EEOI_MAX_EXITS 8      /* exits of the recognition network */
#define SEMEC_EEOI_MAX_TYPES 100000 /* -eeoi_task_types */

/* Input channels of convolution layer d > 1 (and the width of the
 * flattened map entering the first FC layer). */
typedef enum {
  SEMEC_EEOI_CHANNELS_CHAINED, /* L^{d-1}, the filters of the previous layer (physical count; default) */
  SEMEC_EEOI_CHANNELS_IMAGE    /* C_i of the task for every layer, eqs. (4)-(6) as printed */
} SemecEeoiChannelRule;

/* What the reconstruction network receives. */
typedef enum {
  SEMEC_EEOI_RECON_COMPRESSED, /* s^C = s / eps: A maps of C channels, W/sqrt(eps) x H/sqrt(eps) (default) */
  SEMEC_EEOI_RECON_EXTRACTED   /* the feature map the extraction convolutions produce */
} SemecEeoiReconInput;

/* A maps of C channels of W x H (elements A W H C; real-valued so that a
 * compressed map keeps A W H C / eps elements exactly). */
typedef struct {
  double A, W, H, C;
} SemecEeoiShape;

typedef struct {
  PetscInt nconv;                      /* |D|, convolution layers */
  PetscInt filters[SEMEC_EEOI_MAX_CONV]; /* L^d */
  PetscInt kw[SEMEC_EEOI_MAX_CONV];    /* k_w^d */
  PetscInt kh[SEMEC_EEOI_MAX_CONV];    /* k_h^d */
  PetscInt nfc;                        /* FC layers (0: none) */
  PetscInt fc[SEMEC_EEOI_MAX_FC];      /* output dimension of each FC layer: k, then k_d^out */
} SemecEeoiNet;

typedef struct {
  SemecEeoiNet ext;   /* semantic extraction and compression, eq. (5) (terminal) */
  SemecEeoiNet recon; /* semantic reconstruction, eq. (6) (MEC server) */
  SemecEeoiNet trunk; /* recognition convolution trunk (its nfc is 0) */
  PetscInt     nexits;                              /* exits of the recognition network */
  PetscInt     exit_layers[SEMEC_EEOI_MAX_EXITS];   /* |D_m|, strictly increasing, last = trunk.nconv */
  SemecEeoiNet exit[SEMEC_EEOI_MAX_EXITS];          /* exit j: trunk layers 1..|D_m| + its classifier, eq. (4) */
  PetscInt     exit_points;                         /* M: active exits are nexits-M .. nexits-1 */
  SemecEeoiChannelRule channels;
  SemecEeoiReconInput  recon_input;
  double       bits_per_element; /* bits of one element of s = A W H C */
  double       flop_per_cycle;   /* Psi */
  double       fc_flop_per_mac;  /* FLOP per multiply-accumulate of an FC layer (paper: input x output, 1) */
  /* task types, Table IV */
  PetscInt ntypes;               /* I */
  PetscInt size_min, size_max;   /* W_i = H_i, uniform integer (pixels) */
  PetscInt images, image_channels; /* A_i, C_i */
  PetscInt priority_max;         /* M_i uniform in {1..priority_max} */
  double   eps_min, eps_max;     /* eps_i uniform in (eps_min, eps_max] */
  double   deadline_min, deadline_max; /* tau_i uniform in [min, max] (s) */
} SemecEeoi;

/* One task type of Table IV with its costs. */
typedef struct {
  PetscInt A, W, H, C;    /* s_i = A W H C elements */
  double   eps;           /* compression ratio eps_i */
  double   tau;           /* delay limit tau_i (s) */
  PetscInt priority;      /* M_i */
  PetscInt exit;          /* m_i: 0-based index into the network's exits */
  double   bits;          /* s_i (bit) */
  double   bits_semantic; /* s_i / eps_i (bit): sent when e = 1, eq. (3) */
  double   bits_recon;    /* s_i^C (bit): the reconstruction network's input */
  double   flop_recog, flop_ext, flop_recon; /* F_R(s^R, m_i), F_E(s_i), F_C(s^C) (FLOP), eqs. (4)-(6) */
  double   cycles_recog;  /* c_i = F_R / Psi (cycle) */
  double   cycles_ext;    /* F_E / Psi (cycle), at the terminal when e = 1 */
  double   cycles_recon;  /* F_C / Psi (cycle), at the MEC server when e = 1 */
  double   cycles_linear; /* c_i^lin = theta_{m_i} s_i (cycle), the Linear model of Sec. IV-C */
} SemecEeoiType;

typedef struct {
  PetscInt       n;      /* number of types */
  PetscInt       nexits; /* exits of the network they were made for */
  SemecEeoiType *type;   /* [n] */
  double         theta[SEMEC_EEOI_MAX_EXITS]; /* Linear model density per exit (cycle/bit); 0 if no type exits there */
  PetscInt       count[SEMEC_EEOI_MAX_EXITS]; /* |M^S_m|: types with exit m */
} SemecEeoiTypes;

/* Reads the -eeoi_ options (one PetscOptions block, listed by -help with
 * units) into e and validates them; an invalid value raises an error naming
 * the option, the value and the allowed range. */
PetscErrorCode SemecEeoiLoad(MPI_Comm comm, SemecEeoi *e);
/* Checks a filled SemecEeoi (Load calls it; for descriptions built in code). */
PetscErrorCode SemecEeoiValidate(MPI_Comm comm, const SemecEeoi *e);

/* FLOP of net on input `in`: its convolution layers (paper 003 eqs. (4)-(6),
 * first sum) and FC layers (input x output each, times fc_flop_per_mac and
 * A).  *out (may be NULL) receives the shape after the last convolution.
 * Returns NAN if a feature map would shrink below 1 x 1. */
double SemecEeoiNetFlops(const SemecEeoi *e, const SemecEeoiNet *net, SemecEeoiShape in, SemecEeoiShape *out);
/* F_R(s^R, m), paper 003 eq. (4): recognition of `image` at exit `exit`
 * (0-based).  The reconstruction restores the image, so s^R = s. */
double SemecEeoiFlopsRecognition(const SemecEeoi *e, SemecEeoiShape image, PetscInt exit);
/* F_E(s), paper 003 eq. (5). */
double SemecEeoiFlopsExtraction(const SemecEeoi *e, SemecEeoiShape image);
/* The reconstruction network's input for an image compressed with ratio eps
 * (see SemecEeoiReconInput); its elements are s^C. */
SemecEeoiShape SemecEeoiReconInputShape(const SemecEeoi *e, SemecEeoiShape image, double eps);
/* F_C(s^C), paper 003 eq. (6), on the reconstruction input recon_in. */
double SemecEeoiFlopsReconstruction(const SemecEeoi *e, SemecEeoiShape recon_in);
/* cycles = FLOP / Psi (paper 003 eq. (7), Table III). */
double SemecEeoiCycles(const SemecEeoi *e, double flop);
/* Elements A W H C of a shape. */
double SemecEeoiElements(SemecEeoiShape s);

/* Fills the derived fields (bits ... cycles_recog/ext/recon) of a type whose
 * A, W, H, C, eps and exit are set; cycles_linear is left to LinearFit. */
PetscErrorCode SemecEeoiTypeEvaluate(const SemecEeoi *e, SemecEeoiType *t);
/* The Linear model of paper 003 Sec. IV-C: theta_m = mean of c_i / s_i over
 * the types with exit m (count[m] of them), c_i^lin = theta_{m_i} s_i. */
PetscErrorCode SemecEeoiLinearFit(PetscInt n, SemecEeoiType type[], PetscInt nexits, double theta[], PetscInt count[]);
/* Draws the -eeoi_task_types types of Table IV from seed with the counter
 * RNG (stream SEMEC_STREAM_TASKTYPE, keyed by type index): the same on every
 * rank and for any M (only the exit depends on M), then evaluates them and
 * fits the Linear model. */
PetscErrorCode SemecEeoiTypesCreate(const SemecEeoi *e, PetscInt seed, SemecEeoiTypes *types);
PetscErrorCode SemecEeoiTypesDestroy(SemecEeoiTypes *types);
/* One line per type (ASCII viewer). */
PetscErrorCode SemecEeoiTypesView(const SemecEeoiTypes *types, PetscViewer viewer);

/* -task_model eeoi: the engine's type table from these types (src/p003/task_types.c). */
extern const SemecTaskTypesOps SemecP003TaskTypes;

#endif
