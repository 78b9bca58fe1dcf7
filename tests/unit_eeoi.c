/* Paper 003's computation model (src/p003/eeoi.c): FLOP counts of eqs. (4)-(6)
 * against values computed by hand on small networks (one and two layers,
 * both channel rules, both reconstruction inputs, A = 2, FC factor 2),
 * cycles = FLOP / Psi, the default networks of Table IV layer by layer, the
 * Linear model's theta by hand on three tiny types, the task types of Table
 * IV (ranges, determinism, M = 1 against M = 3), the options file against
 * the built-in defaults, and rejection of bad options. */
#include <semec/p003/eeoi.h>
#include <string.h>
#include "check.h"

typedef struct {
  const char *name, *value;
} Opt;

static PetscErrorCode SetOptions(const Opt *opts, int n)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  for (int i = 0; i < n; i++) PetscCall(PetscOptionsSetValue(NULL, opts[i].name, opts[i].value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A small description: extraction one 3x3 layer of 2 filters; reconstruction
 * one 2x2 layer of 2 filters + FC 3; recognition trunk 3x3 (2 filters), then
 * 2x1 (3 filters), exit 1 after layer 1 with FC 4, exit 2 after layer 2 with
 * FC 5, 2.  Images 5..8 pixels, one channel. */
static const Opt small[] = {
  {"-eeoi_ext_filters", "2"},        {"-eeoi_ext_kernel_w", "3"},    {"-eeoi_ext_kernel_h", "3"},     {"-eeoi_ext_fc", "0"},
  {"-eeoi_recon_filters", "2"},      {"-eeoi_recon_kernel_w", "2"},  {"-eeoi_recon_kernel_h", "2"},   {"-eeoi_recon_fc", "3"},
  {"-eeoi_recog_filters", "2,3"},    {"-eeoi_recog_kernel_w", "3,2"}, {"-eeoi_recog_kernel_h", "3,1"},
  {"-eeoi_recog_exit_layers", "1,2"}, {"-eeoi_recog_exit1_fc", "4"},  {"-eeoi_recog_exit2_fc", "5,2"},
  {"-eeoi_image_size_min", "5"},     {"-eeoi_image_size_max", "8"},  {"-eeoi_image_channels", "1"},   {"-eeoi_eps_max", "4"},
};
#define NSMALL ((int)(sizeof(small) / sizeof(small[0])))

static PetscErrorCode LoadSmall(SemecEeoi *e, const Opt *extra, int nextra)
{
  PetscFunctionBeginUser;
  PetscCall(SetOptions(small, NSMALL));
  for (int i = 0; i < nextra; i++) PetscCall(PetscOptionsSetValue(NULL, extra[i].name, extra[i].value));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestSmallNetworks(void)
{
  SemecEeoi      e;
  SemecEeoiShape img5 = {1, 5, 5, 1}, img8 = {1, 8, 8, 1}, rin, out;

  PetscFunctionBeginUser;
  PetscCall(LoadSmall(&e, NULL, 0));
  CHECK_EQ_INT(e.nexits, 2);
  CHECK_EQ_INT(e.exit_points, 2);
  CHECK_EQ_INT(e.ext.nfc, 0);
  /* eq. (5), 5x5x1 input, 2 filters 3x3: output 3x3x2,
   * 2 A L Wout Hout C kw kh = 2 x 1 x 2 x 3 x 3 x 1 x 3 x 3 = 324 FLOP */
  CHECK_CLOSE(SemecEeoiFlopsExtraction(&e, img5), 324.0, 1e-15);
  /* cycles = FLOP / Psi = 324 / 8 = 40.5 */
  CHECK_CLOSE(SemecEeoiCycles(&e, SemecEeoiFlopsExtraction(&e, img5)), 40.5, 1e-15);
  /* eq. (4), exit 1: the layer above (324) + FC 1 on the flattened 3x3x2 = 18
   * inputs x 4 outputs = 72: 396 FLOP */
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img5, 0), 396.0, 1e-15);
  /* exit 2: layer 2 has 3 filters 2x1 on the 3x3x2 map: output 2x3x3,
   * 2 x 1 x 3 x 2 x 3 x 2 (input channels) x 2 x 1 = 144; FC 1: 2 x 3 x 3 = 18
   * inputs x 5 = 90; FC 2: 5 x 2 = 10.  324 + 144 + 90 + 10 = 568 FLOP */
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img5, 1), 568.0, 1e-15);
  CHECK_CLOSE(SemecEeoiNetFlops(&e, &e.exit[1], img5, &out), 568.0, 1e-15);
  CHECK_CLOSE(out.W, 2.0, 0); CHECK_CLOSE(out.H, 3.0, 0); CHECK_CLOSE(out.C, 3.0, 0);
  CHECK(isnan(SemecEeoiFlopsRecognition(&e, img5, 2))); /* no exit 3 */
  /* a 3x3 image leaves a 1x1 map after layer 1 and nothing after layer 2 (kernel 2 wide) */
  CHECK(isnan(SemecEeoiFlopsRecognition(&e, (SemecEeoiShape){1, 3, 3, 1}, 1)));
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, (SemecEeoiShape){1, 3, 3, 1}, 0), 2.0 * 2 * 1 * 1 * 9 + 2.0 * 4, 1e-15);
  /* eq. (6), compressed input: 8x8x1 with eps = 4 gives s^C = 64 / 4 = 16
   * elements, a 4x4x1 map; 2 filters 2x2: output 3x3x2, 2 x 2 x 3 x 3 x 1 x 2 x 2 =
   * 144; FC 1: 18 x 3 = 54.  F_C = 198 FLOP */
  rin = SemecEeoiReconInputShape(&e, img8, 4.0);
  CHECK_CLOSE(rin.W, 4.0, 1e-15); CHECK_CLOSE(rin.H, 4.0, 1e-15); CHECK_CLOSE(rin.C, 1.0, 0);
  CHECK_CLOSE(SemecEeoiElements(rin), 16.0, 1e-15);
  CHECK_CLOSE(SemecEeoiFlopsReconstruction(&e, rin), 198.0, 1e-15);
  /* s^C stays s / eps for any eps (real-valued sides): 64 / 3 */
  CHECK_CLOSE(SemecEeoiElements(SemecEeoiReconInputShape(&e, img8, 3.0)), 64.0 / 3.0, 1e-14);

  /* A = 2: every term carries A, twice the FLOP: 1136 */
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, (SemecEeoiShape){2, 5, 5, 1}, 1), 1136.0, 1e-15);
  /* a type: 5x5x1, eps 4, exit 2 -> s = 25 x 8 = 200 bit, s/eps = 50 bit,
   * s^C = 25/4 elements = 50 bit; c = 568 / 8 = 71 cycles */
  {
    SemecEeoiType t = {.A = 1, .W = 5, .H = 5, .C = 1, .eps = 4.0, .exit = 1};
    PetscCall(SemecEeoiTypeEvaluate(&e, &t));
    CHECK_CLOSE(t.bits, 200.0, 1e-15);
    CHECK_CLOSE(t.bits_semantic, 50.0, 1e-15);
    CHECK_CLOSE(t.bits_recon, 50.0, 1e-15);
    CHECK_CLOSE(t.cycles_recog, 71.0, 1e-15);
    CHECK_CLOSE(t.cycles_ext, 40.5, 1e-15);
    /* recon: 2.5x2.5x1 -> 1.5x1.5x2: 2 x 2 x 2.25 x 1 x 4 = 36; FC 2 x 2.25 x 3 = 13.5; 49.5 FLOP */
    CHECK_CLOSE(t.flop_recon, 49.5, 1e-14);
    CHECK_CLOSE(t.cycles_recon, 49.5 / 8.0, 1e-14);
  }

  /* the paper's literal channel rule: every layer sees C_i = 1 channel and FC 1
   * gets A C_i Wout Hout inputs.  exit 1: 324 + 1 x 3 x 3 x 4 = 360; exit 2:
   * layer 2 has 1 input channel: 72; FC 1: 2 x 3 x 5 = 30; FC 2: 10:
   * 324 + 72 + 30 + 10 = 436; reconstruction: 144 + 9 x 3 = 171 */
  {
    const Opt image[] = {{"-eeoi_conv_channels", "image"}};
    PetscCall(LoadSmall(&e, image, 1));
    CHECK(e.channels == SEMEC_EEOI_CHANNELS_IMAGE);
    CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img5, 0), 360.0, 1e-15);
    CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img5, 1), 436.0, 1e-15);
    CHECK_CLOSE(SemecEeoiFlopsReconstruction(&e, SemecEeoiReconInputShape(&e, img8, 4.0)), 171.0, 1e-15);
  }
  /* FC layers at 2 FLOP per multiply-accumulate: exit 2 = 324 + 144 + 2 x (90 + 10) = 668 */
  {
    const Opt fc2[] = {{"-eeoi_fc_flop_per_mac", "2"}};
    PetscCall(LoadSmall(&e, fc2, 1));
    CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img5, 1), 668.0, 1e-15);
  }
  /* reconstruction of the extraction's feature map: F_E(8x8x1) = 2 x 2 x 6 x 6
   * x 1 x 9 = 1296, map 6x6x2 = 72 elements; the 2x2 layer on it: 5x5x2 out,
   * 2 x 2 x 25 x 2 x 4 = 800; FC 1: 50 x 3 = 150.  F_C = 950 FLOP */
  {
    const Opt ext[] = {{"-eeoi_recon_input", "extracted"}};
    SemecEeoiType t = {.A = 1, .W = 8, .H = 8, .C = 1, .eps = 2.0, .exit = 0};
    PetscCall(LoadSmall(&e, ext, 1));
    CHECK_CLOSE(SemecEeoiFlopsExtraction(&e, img8), 1296.0, 1e-15);
    rin = SemecEeoiReconInputShape(&e, img8, 2.0);
    CHECK_CLOSE(SemecEeoiElements(rin), 72.0, 1e-15);
    CHECK_CLOSE(SemecEeoiFlopsReconstruction(&e, rin), 950.0, 1e-15);
    PetscCall(SemecEeoiTypeEvaluate(&e, &t));
    CHECK_CLOSE(t.bits_recon, 576.0, 1e-15);        /* 72 x 8 */
    CHECK_CLOSE(t.bits_semantic, 64.0 * 8 / 2, 1e-15); /* what is sent is still s / eps, eq. (3) */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Linear model on three tiny types of the small network:
 *   a: 5x5, exit 1: c = 396/8 = 49.5 cycles, s = 200 bit, c/s = 0.2475
 *   b: 6x6, exit 1: layer 1 on 6x6: 2 x 2 x 4 x 4 x 9 = 576, FC 32 x 4 = 128:
 *      c = 704/8 = 88 cycles, s = 288 bit, c/s = 0.30555...
 *   c: 5x5, exit 2: c = 568/8 = 71 cycles, s = 200 bit, c/s = 0.355
 * theta_1 = (0.2475 + 0.305556)/2 = 0.27652778, theta_2 = 0.355;
 * c_lin: a 55.305556, b 79.64, c 71. */
static PetscErrorCode TestLinear(void)
{
  SemecEeoi     e;
  SemecEeoiType t[3] = {{.A = 1, .W = 5, .H = 5, .C = 1, .eps = 2, .exit = 0},
                        {.A = 1, .W = 6, .H = 6, .C = 1, .eps = 2, .exit = 0},
                        {.A = 1, .W = 5, .H = 5, .C = 1, .eps = 2, .exit = 1}};
  double        theta[SEMEC_EEOI_MAX_EXITS];
  PetscInt      count[SEMEC_EEOI_MAX_EXITS];

  PetscFunctionBeginUser;
  PetscCall(LoadSmall(&e, NULL, 0));
  for (int i = 0; i < 3; i++) PetscCall(SemecEeoiTypeEvaluate(&e, &t[i]));
  CHECK_CLOSE(t[0].cycles_recog, 49.5, 1e-15);
  CHECK_CLOSE(t[1].cycles_recog, 88.0, 1e-15);
  CHECK_CLOSE(t[2].cycles_recog, 71.0, 1e-15);
  PetscCall(SemecEeoiLinearFit(3, t, 2, theta, count));
  CHECK_EQ_INT(count[0], 2);
  CHECK_EQ_INT(count[1], 1);
  CHECK_CLOSE(theta[0], (0.2475 + 88.0 / 288.0) / 2.0, 1e-14);
  CHECK_CLOSE(theta[0], 0.27652777777777778, 1e-14);
  CHECK_CLOSE(theta[1], 0.355, 1e-14);
  CHECK_CLOSE(t[0].cycles_linear, 55.305555555555556, 1e-14);
  CHECK_CLOSE(t[1].cycles_linear, 79.64, 1e-14);
  CHECK_CLOSE(t[2].cycles_linear, 71.0, 1e-14);
  /* three exits, none at exit 3: theta_3 = 0 */
  PetscCall(SemecEeoiLinearFit(3, t, 3, theta, count));
  CHECK_EQ_INT(count[2], 0);
  CHECK_CLOSE(theta[2], 0.0, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Default networks (Table IV), layer by layer, 224x224x3:
 * extraction (96 filters; 5x5, 5x5, 3x3, 3x3):
 *   L1 5x5, 3 in:  220^2: 2 x 96 x 48400 x 3 x 25  =    696,960,000
 *   L2 5x5, 96 in: 216^2: 2 x 96 x 46656 x 96 x 25 = 21,499,084,800
 *   L3 3x3, 96 in: 214^2: 2 x 96 x 45796 x 96 x 9  =  7,597,006,848
 *   L4 3x3, 96 in: 212^2: 2 x 96 x 44944 x 96 x 9  =  7,455,670,272
 *   F_E = 37,248,721,920 FLOP
 * recognition exit 1 (trunk L1-L3 = the first three above,
 *   29,793,051,648) + FC 96 x 214^2 = 4,396,416 inputs x 10 = 43,964,160:
 *   29,837,015,808 FLOP
 * reconstruction, eps = 4: 112x112x3 -> 3x3 layer: 110^2 x 96 out,
 *   2 x 96 x 12100 x 3 x 9 = 62,726,400; FC 1,161,600 x 256 = 297,369,600;
 *   4 FC 256 x 256 = 262,144: F_C = 360,358,144 FLOP */
static PetscErrorCode TestDefaults(void)
{
  SemecEeoi      e;
  SemecEeoiShape img = {1, 224, 224, 3};

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e));
  CHECK_EQ_INT(e.nexits, 3);
  CHECK_EQ_INT(e.exit_points, 3);
  CHECK_EQ_INT(e.ext.nconv, 4);
  CHECK_EQ_INT(e.recon.nconv, 1);
  CHECK_EQ_INT(e.exit[0].nconv, 3);
  CHECK_EQ_INT(e.exit[2].nconv, 5);
  CHECK_CLOSE(SemecEeoiFlopsExtraction(&e, img), 37248721920.0, 1e-15);
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img, 0), 29837015808.0, 1e-15);
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img, 1), 37800995072.0, 1e-15);
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img, 2), 45648218368.0, 1e-15);
  CHECK_CLOSE(SemecEeoiFlopsReconstruction(&e, SemecEeoiReconInputShape(&e, img, 4.0)), 360358144.0, 1e-15);
  /* earlier exits are strictly cheaper, for every image size and both rules */
  for (int rule = 0; rule < 2; rule++) {
    e.channels = rule ? SEMEC_EEOI_CHANNELS_IMAGE : SEMEC_EEOI_CHANNELS_CHAINED;
    for (PetscInt s = e.size_min; s <= e.size_max; s += 8) {
      SemecEeoiShape x = {1, (double)s, (double)s, 3};
      for (PetscInt j = 1; j < e.nexits; j++) CHECK(SemecEeoiFlopsRecognition(&e, x, j - 1) < SemecEeoiFlopsRecognition(&e, x, j));
    }
  }
  /* the literal rule at 224: exit 1 = 1,607,586,744 FLOP (computed like the above with 3 input channels) */
  CHECK_CLOSE(SemecEeoiFlopsRecognition(&e, img, 0), 1607586744.0, 1e-15);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool SameTypes(const SemecEeoiTypes *a, const SemecEeoiTypes *b)
{
  if (a->n != b->n) return PETSC_FALSE;
  for (PetscInt i = 0; i < a->n; i++) {
    const SemecEeoiType *x = &a->type[i], *y = &b->type[i];
    if (x->W != y->W || x->H != y->H || x->eps != y->eps || x->tau != y->tau || x->priority != y->priority || x->exit != y->exit ||
        x->cycles_recog != y->cycles_recog || x->cycles_ext != y->cycles_ext || x->cycles_recon != y->cycles_recon ||
        x->cycles_linear != y->cycles_linear || x->bits != y->bits)
      return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

static PetscErrorCode TestTypes(void)
{
  SemecEeoi      e, e1;
  SemecEeoiTypes a, b, c, big, one;
  const Opt      many[] = {{"-eeoi_task_types", "3000"}};
  const Opt      m1[]   = {{"-eeoi_exit_points", "1"}};
  PetscInt       wlo = 1000, whi = 0, plo = 1000, phi = 0, hits[SEMEC_EEOI_MAX_EXITS] = {0};
  double         elo = 10, ehi = 0, tlo = 10, thi = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e));
  PetscCall(SemecEeoiTypesCreate(&e, 5, &a));
  PetscCall(SemecEeoiTypesCreate(&e, 5, &b));
  PetscCall(SemecEeoiTypesCreate(&e, 6, &c));
  CHECK_EQ_INT(a.n, 15);
  CHECK(SameTypes(&a, &b));  /* same seed, same types */
  CHECK(!SameTypes(&a, &c)); /* another seed, other types */
  {
    int nw = 0;
    for (PetscInt i = 0; i < a.n; i++) nw += a.type[i].W != c.type[i].W;
    CHECK(nw >= 10); /* sides collide with probability 1/225 each */
  }
  for (PetscInt i = 0; i < a.n; i++) {
    const SemecEeoiType *t = &a.type[i];
    SemecEeoiShape       img = {1, (double)t->W, (double)t->H, 3};
    CHECK_CLOSE(t->cycles_recog, SemecEeoiFlopsRecognition(&e, img, t->exit) / 8.0, 1e-15);
    CHECK_CLOSE(t->cycles_ext, SemecEeoiFlopsExtraction(&e, img) / 8.0, 1e-15);
    CHECK_CLOSE(t->bits, 8.0 * 3 * t->W * t->H, 1e-15);
    CHECK_CLOSE(t->bits_semantic, t->bits / t->eps, 1e-15);
    CHECK_CLOSE(t->bits_recon, t->bits / t->eps, 1e-12);
    CHECK_CLOSE(t->cycles_linear, a.theta[t->exit] * t->bits, 1e-15);
    /* the per-exit linear model is close to, but not exactly, the FLOP model */
    CHECK(fabs(t->cycles_linear / t->cycles_recog - 1.0) < 0.1);
  }
  /* ranges, on many types */
  PetscCall(SetOptions(many, 1));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e1));
  PetscCall(SemecEeoiTypesCreate(&e1, 5, &big));
  for (PetscInt i = 0; i < big.n; i++) {
    const SemecEeoiType *t = &big.type[i];
    wlo = PetscMin(wlo, t->W); whi = PetscMax(whi, t->W);
    elo = PetscMin(elo, t->eps); ehi = PetscMax(ehi, t->eps);
    tlo = PetscMin(tlo, t->tau); thi = PetscMax(thi, t->tau);
    plo = PetscMin(plo, t->priority); phi = PetscMax(phi, t->priority);
    CHECK(t->W == t->H && t->A == 1 && t->C == 3);
    CHECK(t->exit >= 0 && t->exit < 3);
    hits[t->exit]++;
    if (i < a.n) CHECK(t->W == a.type[i].W && t->eps == a.type[i].eps); /* keyed by index: the first 15 are a's */
  }
  CHECK(wlo >= 224 && whi <= 448 && wlo <= 226 && whi >= 446);
  CHECK(elo > 1.0 && ehi <= 5.0 && elo < 1.02 && ehi > 4.98);
  CHECK(tlo >= 0.5 && thi <= 1.0 && tlo < 0.51 && thi > 0.99);
  CHECK(plo == 1 && phi == 3);
  for (int j = 0; j < 3; j++) CHECK(hits[j] > 900 && hits[j] < 1100);
  /* M = 1: only the last exit; everything else identical, and c grows
   * strictly for the types that had an early exit */
  PetscCall(SetOptions(m1, 1));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e1));
  CHECK_EQ_INT(e1.exit_points, 1);
  PetscCall(SemecEeoiTypesCreate(&e1, 5, &one));
  {
    int early = 0;
    for (PetscInt i = 0; i < one.n; i++) {
      const SemecEeoiType *x = &one.type[i], *y = &a.type[i];
      CHECK_EQ_INT(x->exit, 2);
      CHECK(x->W == y->W && x->eps == y->eps && x->tau == y->tau && x->priority == y->priority);
      CHECK(x->cycles_ext == y->cycles_ext && x->cycles_recon == y->cycles_recon);
      if (y->exit < 2) {
        CHECK(x->cycles_recog > y->cycles_recog);
        early++;
      } else CHECK(x->cycles_recog == y->cycles_recog);
    }
    CHECK(early > 0);
    CHECK_EQ_INT(one.count[2], one.n);
  }
  if (0) PetscCall(SemecEeoiTypesView(&a, PETSC_VIEWER_STDOUT_SELF));
  PetscCall(SemecEeoiTypesDestroy(&a));
  PetscCall(SemecEeoiTypesDestroy(&b));
  PetscCall(SemecEeoiTypesDestroy(&c));
  PetscCall(SemecEeoiTypesDestroy(&big));
  PetscCall(SemecEeoiTypesDestroy(&one));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* inputs/eeoi-networks.opts spells out the built-in defaults. */
static PetscErrorCode TestOptionsFile(void)
{
  char           path[PETSC_MAX_PATH_LEN];
  const char    *here = __FILE__, *tail = strstr(here, "tests/unit_eeoi.c");
  SemecEeoi      d, f;
  SemecEeoiTypes td, tf;
  PetscBool      exists;

  PetscFunctionBeginUser;
  if (!tail) {
    fprintf(stderr, "skipping the options-file test: source path %s unknown\n", here);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscSNPrintf(path, sizeof(path), "%.*sinputs/eeoi-networks.opts", (int)(tail - here), here));
  PetscCall(PetscTestFile(path, 'r', &exists));
  CHECK(exists);
  if (!exists) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &d));
  PetscCall(PetscOptionsInsertFile(PETSC_COMM_WORLD, NULL, path, PETSC_TRUE));
  PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &f));
  CHECK(memcmp(&d.ext, &f.ext, sizeof(d.ext)) == 0);
  CHECK(memcmp(&d.recon, &f.recon, sizeof(d.recon)) == 0);
  CHECK(memcmp(&d.trunk, &f.trunk, sizeof(d.trunk)) == 0);
  CHECK(memcmp(d.exit, f.exit, sizeof(d.exit)) == 0);
  CHECK(d.nexits == f.nexits && d.exit_points == f.exit_points && d.channels == f.channels && d.recon_input == f.recon_input);
  PetscCall(SemecEeoiTypesCreate(&d, 1, &td));
  PetscCall(SemecEeoiTypesCreate(&f, 1, &tf));
  CHECK(SameTypes(&td, &tf));
  PetscCall(SemecEeoiTypesDestroy(&td));
  PetscCall(SemecEeoiTypesDestroy(&tf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every bad value is rejected. */
static PetscErrorCode TestBadInput(void)
{
  const Opt bad[] = {
    {"-eeoi_task_types", "0"},
    {"-eeoi_image_size_min", "500"},         /* above the max, 448 */
    {"-eeoi_image_size_min", "12"},          /* the 5 recognition layers need 15 pixels */
    {"-eeoi_eps_min", "0.5"},
    {"-eeoi_eps_max", "0.9"},
    {"-eeoi_deadline_min", "0"},
    {"-eeoi_priority_max", "0"},
    {"-eeoi_bits_per_element", "0"},
    {"-eeoi_flop_per_cycle", "-8"},
    {"-eeoi_fc_flop_per_mac", "3"},
    {"-eeoi_conv_channels", "previous"},
    {"-eeoi_recon_input", "raw"},
    {"-eeoi_ext_filters", "96,0,96,96"},
    {"-eeoi_ext_kernel_w", "5,5,3"},         /* 3 values for 4 layers */
    {"-eeoi_recon_kernel_h", "0"},
    {"-eeoi_recog_filters", "96,96,96,96"},  /* 4 layers, exits end at 5 */
    {"-eeoi_recog_exit_layers", "3,5,4"},    /* not increasing */
    {"-eeoi_recog_exit_layers", "3,4"},      /* last exit before the last layer */
    {"-eeoi_recog_exit2_fc", "0"},           /* an exit without classifier */
    {"-eeoi_recog_exit3_fc", "256,-1,10"},
    {"-eeoi_exit_points", "4"},
    {"-eeoi_exit_points", "0"},
    {"-eeoi_recog_kernel_w", "5,5,3,3,x"},
    {"-eeoi_task_types", "1,2"},
    {"-eeoi_recog_exit_layers", "1,2,3,4,5,5,5,5,5"}, /* too many values */
    {"-eeoi_recon_fc", "1,1,1,1,1,1,1,1,1"},
  };
  SemecEeoi e;

  PetscFunctionBeginUser;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    PetscErrorCode ierr;
    PetscCall(SetOptions(&bad[i], 1));
    ierr = SemecEeoiLoad(PETSC_COMM_WORLD, &e);
    if (!ierr) fprintf(stderr, "accepted %s %s\n", bad[i].name, bad[i].value);
    CHECK(ierr != 0);
  }
  /* eps_max must leave the smallest compressed image >= 1x1 for the
   * reconstruction layer (3x3): 224 / sqrt(eps) >= 3 */
  {
    const Opt big_eps[] = {{"-eeoi_eps_max", "6000"}};
    PetscCall(SetOptions(big_eps, 1));
    CHECK(SemecEeoiLoad(PETSC_COMM_WORLD, &e) != 0);
  }
  PetscCall(PetscPopErrorHandler());
  /* a valid non-default value is accepted: an ext network with one FC layer */
  {
    const Opt ok[] = {{"-eeoi_ext_fc", "64"}, {"-eeoi_exit_points", "2"}};
    PetscCall(SetOptions(ok, 2));
    PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e));
    CHECK_EQ_INT(e.ext.nfc, 1);
    CHECK_EQ_INT(e.exit_points, 2);
  }
  /* four exits: the default classifiers align at the end (the last exit keeps
   * 256, 128, 10); M = 2 draws only exits 3 and 4 */
  {
    const Opt four[] = {{"-eeoi_recog_exit_layers", "2,3,4,5"}, {"-eeoi_exit_points", "2"}, {"-eeoi_task_types", "200"}};
    SemecEeoiTypes t;
    PetscInt       hit[4] = {0, 0, 0, 0};
    PetscCall(SetOptions(four, 3));
    PetscCall(SemecEeoiLoad(PETSC_COMM_WORLD, &e));
    CHECK_EQ_INT(e.nexits, 4);
    CHECK_EQ_INT(e.exit[0].nfc, 1);
    CHECK_EQ_INT(e.exit[1].nfc, 1);
    CHECK_EQ_INT(e.exit[2].nfc, 2);
    CHECK_EQ_INT(e.exit[3].nfc, 3);
    CHECK_EQ_INT(e.exit[3].fc[0], 256);
    CHECK_EQ_INT(e.exit[0].nconv, 2);
    PetscCall(SemecEeoiTypesCreate(&e, 3, &t));
    for (PetscInt i = 0; i < t.n; i++) hit[t.type[i].exit]++;
    CHECK(hit[0] == 0 && hit[1] == 0 && hit[2] > 50 && hit[3] > 50);
    PetscCall(SemecEeoiTypesDestroy(&t));
  }
  PetscCall(PetscOptionsClear(NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestSmallNetworks());
  PetscCall(TestLinear());
  PetscCall(TestDefaults());
  PetscCall(TestTypes());
  PetscCall(TestOptionsFile());
  PetscCall(TestBadInput());
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
