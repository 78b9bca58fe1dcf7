/* Paper 001's per-task model: equations (1)-(14) and (28) for one UE's head
 * task (include/semec/p001/task.h holds the readings). */
#include <semec/p001/task.h>
#include <semec/engine/options.h>
#include <math.h>

const char *const SemecP001ModalityNames[] = {"text", "image", "vqa", NULL};
const char *const SemecP001OffloadNames[]  = {"split", "printed", NULL};

static double DbmToW(double dbm) { return 1e-3 * pow(10.0, dbm / 10.0); }

void SemecP001ParamsDefault(SemecP001Params *par)
{
  /* ceilings e_max(k) of the default accuracy maps (../shared/specs/mappo.md
   * A.1.3): small k cannot meet eps_min = 0.9, as Sec. V-B says */
  static const double tk[] = {8, 12, 16, 20}, tc[] = {0.85, 0.91, 0.95, 0.955};
  static const double ik[] = {8, 16, 24, 32}, ic[] = {0.60, 0.85, 0.93, 0.975};

  par->bandwidth = 5e6;                  /* Table I */
  par->noise_psd = DbmToW(-160.0);       /* Table I, W/Hz */
  par->n_ue      = 1024.0;               /* Table I */
  par->n_es      = 13824.0;              /* Table I */
  par->f_es      = 1.41e9;               /* Table I */
  par->kappa_ue  = 5.787e-26;            /* not given: paper 000 Table I (same authors) */
  par->kappa_es  = 4.45e-26;             /* not given: paper 000 Table I */
  par->p_circuit = DbmToW(20.0);         /* Table I: 20 dBm */
  par->p_min     = DbmToW(18.0);         /* Table I: (18, 24) dBm */
  par->p_max     = DbmToW(24.0);
  par->f_min     = 0.64e9;               /* Table I: (0.64, 1.28) GHz */
  par->f_max     = 1.28e9;
  par->f_ref     = 1.28e9;               /* f_max: the reference of (9) (A.7 item 5) */
  par->eps_min   = 0.9;                  /* Table I */
  par->t_max     = 1.0;                  /* Table I */
  par->t_dl      = 0.0;                  /* "a small constant" */
  par->k_text    = 16.0;                 /* Table I */
  par->k_image   = 32.0;                 /* Table I */
  par->patches   = 197.0;                /* Sec. V-A: 196 patches and <CLS> */
  par->sentences = 10;                   /* Sec. V-A */
  par->words     = 20.0;                 /* Sec. V-A */
  par->offload   = SEMEC_P001_SPLIT;
  SemecTransformerDefault(&par->text_model); /* [21]: L 6, h 8, d 512, vocab 37000 */
  par->text_model.layers = 6;             /* F^T = 6 */
  SemecTransformerDefault(&par->image_model); /* DeiT-small [22] with F^I = 6 layers */
  par->image_model.layers  = 6;
  par->image_model.heads   = 6;
  par->image_model.d_model = 384;
  par->image_model.d_ff    = 1536;
  par->image_model.vocab   = 1000;        /* ImageNet classes */
  for (int j = 0; j < 2; j++) {
    SemecP001AccuracyMap *a = &par->acc[j];
    const double         *k = j ? ik : tk, *c = j ? ic : tc;
    a->nceil                = 4;
    for (int i = 0; i < 4; i++) {
      a->ceil_k[i] = k[i];
      a->ceil[i]   = c[i];
    }
    a->slope = 0.35;           /* the engine's default map: a 12.6 dB rise */
    a->s_ref = -1.0;
    a->k_ref = j ? 32.0 : 16.0;
    a->shift = 0.5;
    a->table = NULL;
  }
  par->xi_s = 1.0; /* (14), not given */
  par->xi_f = 1.0; /* (14), per J, not given */
  par->late_max = 10.0; /* ours: the latency penalty of (13) stops at -10 s */
}

#define CHECK SEMEC_CHECK_REAL /* the option, the value and the range */

static PetscErrorCode CheckMap(MPI_Comm comm, const SemecP001AccuracyMap *a, const char *kopt, const char *copt, const char *opt, double k)
{
  PetscFunctionBeginUser;
  PetscCheck(a->nceil >= 1 && a->nceil <= SEMEC_P001_MAX_CEILING, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option %s has %" PetscInt_FMT " values: allowed [1, %d]", kopt,
             a->nceil, SEMEC_P001_MAX_CEILING);
  for (PetscInt i = 0; i < a->nceil; i++) {
    CHECK(kopt, a->ceil_k[i], i ? a->ceil_k[i - 1] + 1e-9 : 1e-9, 1e6);
    CHECK(copt, a->ceil[i], 0.0, 1.0);
  }
  if (!a->table)
    PetscCheck(k >= a->ceil_k[0] && k <= a->ceil_k[a->nceil - 1], comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Option %s, %g, is out of range: allowed [%g, %g], the points of %s (give the ceiling there, or a table)", opt, k, a->ceil_k[0], a->ceil_k[a->nceil - 1], kopt);
  CHECK("-p001_accuracy_slope", a->slope, 1e-6, 1e3);
  CHECK("-p001_accuracy_mid", a->s_ref, -200.0, 200.0);
  CHECK("-p001_accuracy_shift", a->shift, 0.0, 100.0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP001ParamsValidate(MPI_Comm comm, const SemecP001Params *par)
{
  PetscFunctionBeginUser;
  CHECK("-p001_bandwidth", par->bandwidth, 1.0, 1e12);
  CHECK("-p001_ue_flops_per_cycle", par->n_ue, 1e-3, 1e9);
  CHECK("-p001_es_flops_per_cycle", par->n_es, 1e-3, 1e9);
  CHECK("-p001_es_frequency", par->f_es, 1.0, 1e12);
  CHECK("-p001_ue_kappa", par->kappa_ue, 0.0, 1e-10);
  CHECK("-p001_es_kappa", par->kappa_es, 0.0, 1e-10);
  /* the powers are read and checked in dBm (src/p001/model.c) */
  CHECK("-p001_frequency_min", par->f_min, 1.0, 1e12);
  CHECK("-p001_frequency_max", par->f_max, par->f_min, 1e12);
  CHECK("-p001_frequency_ref", par->f_ref, 1.0, 1e12);
  CHECK("-p001_accuracy_min", par->eps_min, 0.0, 1.0);
  CHECK("-p001_latency_max", par->t_max, 1e-9, 1e6);
  CHECK("-p001_download_latency", par->t_dl, 0.0, 1e6);
  CHECK("-p001_k_text", par->k_text, 1e-3, 1e4);
  CHECK("-p001_k_image", par->k_image, 1e-3, 1e4);
  CHECK("-p001_patches", par->patches, 1.0, 1e6);
  SEMEC_CHECK_INT("-p001_sentences", par->sentences, 1, SEMEC_P001_MAX_SENTENCES);
  CHECK("-p001_words", par->words, 1.0, 1e4);
  CHECK("-p001_success_reward", par->xi_s, 0.0, 1e6);
  CHECK("-p001_failure_penalty", par->xi_f, 0.0, 1e6);
  CHECK("-p001_latency_penalty_max", par->late_max, 0.0, 1e12);
  PetscCall(SemecTransformerValidate(comm, &par->text_model));
  PetscCall(SemecTransformerValidate(comm, &par->image_model));
  PetscCall(CheckMap(comm, &par->acc[0], "-p001_ceiling_k_text", "-p001_ceiling_text", "-p001_k_text", par->k_text));
  PetscCall(CheckMap(comm, &par->acc[1], "-p001_ceiling_k_image", "-p001_ceiling_image", "-p001_k_image", par->k_image));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One text part of S words, or the image: FLOPs of (32)-(33) and symbols of (4). */
static void TextPart(const SemecP001Params *par, double S, SemecP001Task *t)
{
  t->enc += SemecTransformerEncoderFlops(&par->text_model, S, par->k_text);
  t->dec += SemecTransformerDecoderFlops(&par->text_model, S);
  t->sym_text += S * par->k_text;
}

static void ImagePart(const SemecP001Params *par, SemecP001Task *t)
{
  t->enc += SemecTransformerEncoderFlops(&par->image_model, par->patches, par->k_image);
  t->dec += SemecTransformerDecoderFlops(&par->image_model, par->patches);
  t->sym_image += par->patches * par->k_image;
}

void SemecP001TaskMake(const SemecP001Params *par, SemecP001Modality m, PetscInt nsent, const double *nwords, SemecP001Task *t)
{
  double l, c = par->n_ue * par->f_ref;

  *t          = (SemecP001Task){0};
  t->modality = (int8_t)m;
  if (m != SEMEC_P001_IMAGE)
    for (PetscInt j = 0; j < nsent; j++) TextPart(par, nwords[j], t);
  if (m != SEMEC_P001_TEXT) ImagePart(par, t); /* VQA: the sum of its text and image parts (Sec. III) */
  l     = t->enc + t->dec;                                            /* l^Q, the hardware requirement */
  t->t0 = l / c;                                                      /* (3) at f_ref */
  t->e0 = (par->kappa_ue * pow(par->f_ref, 3.0) + par->p_circuit) * t->t0; /* (8) at f_ref: E^lc + E^c */
}

void SemecP001TaskNominal(const SemecP001Params *par, SemecP001Modality m, SemecP001Task *t)
{
  double w[SEMEC_P001_MAX_SENTENCES];
  for (PetscInt j = 0; j < par->sentences; j++) w[j] = par->words;
  SemecP001TaskMake(par, m, m == SEMEC_P001_TEXT ? par->sentences : (m == SEMEC_P001_VQA ? 1 : 0), w, t); /* VQA: one question sentence */
}

static double Ceiling(const SemecP001AccuracyMap *a, double k)
{
  if (k <= a->ceil_k[0]) return a->ceil[0];
  for (PetscInt i = 1; i < a->nceil; i++)
    if (k <= a->ceil_k[i]) return a->ceil[i - 1] + (a->ceil[i] - a->ceil[i - 1]) * (k - a->ceil_k[i - 1]) / (a->ceil_k[i] - a->ceil_k[i - 1]);
  return a->ceil[a->nceil - 1];
}

double SemecP001Accuracy(const SemecP001Params *par, SemecP001Modality part, double snr)
{
  const SemecP001AccuracyMap *a = &par->acc[part == SEMEC_P001_IMAGE ? 1 : 0];
  double                      k = part == SEMEC_P001_IMAGE ? par->k_image : par->k_text;
  double                      s = snr > 0.0 ? 10.0 * log10(snr) : -INFINITY;

  if (a->table) return SemecAccuracyEval(a->table, k, s);
  return Ceiling(a, k) / (1.0 + exp(-a->slope * (s - (a->s_ref - a->shift * 10.0 * log10(k / a->k_ref)))));
}

double SemecP001LocalFrequency(const SemecP001Params *par, double beta)
{
  double f = beta > 0.0 ? par->f_max * cbrt((1.0 - beta) / (2.0 * beta)) : par->f_max; /* d Cost / d f = 0 with p^c neglected */
  return PetscMin(par->f_max, PetscMax(par->f_min, f));
}

void SemecP001Shares(PetscInt n, const PetscBool *offload, const double *bhat, double bw, double *b)
{
  double mx = -INFINITY, sum = 0.0;

  for (PetscInt i = 0; i < n; i++)
    if (offload[i]) mx = PetscMax(mx, bhat[i]);
  for (PetscInt i = 0; i < n; i++) sum += offload[i] ? exp(bhat[i] - mx) : 0.0;
  for (PetscInt i = 0; i < n; i++) b[i] = offload[i] ? bw * exp(bhat[i] - mx) / sum : 0.0; /* eq. (12), the offloading UEs only */
}

void SemecP001Quantise(PetscInt n, const PetscBool *offload, const double *b, PetscInt nsub, PetscInt *count)
{
  double   total = 0.0, rem[SEMEC_P001_MAX_CELL_UES];
  PetscInt noff = 0, left;

  for (PetscInt i = 0; i < n; i++) {
    count[i] = 0;
    if (!offload[i]) continue;
    noff++;
    total += b[i];
  }
  if (!noff) return;
  left = nsub - noff; /* one each, then the rest by largest remainder */
  for (PetscInt i = 0; i < n; i++) {
    if (!offload[i]) continue;
    double q = (double)left * b[i] / total;
    count[i] = 1 + (PetscInt)floor(q);
    rem[i]   = q - floor(q);
  }
  for (PetscInt i = 0; i < n; i++) left -= offload[i] ? count[i] - 1 : 0;
  while (left > 0) {
    PetscInt best = -1;
    for (PetscInt i = 0; i < n; i++)
      if (offload[i] && rem[i] >= 0.0 && (best < 0 || rem[i] > rem[best])) best = i;
    if (best < 0) break;
    count[best]++;
    rem[best] = -1.0;
    left--;
  }
}

void SemecP001Bands(PetscInt n, const PetscBool *offload, const double *bhat, double bw, PetscInt nsub, double *b, PetscInt *sub0, PetscInt *count)
{
  PetscInt n0 = 0;

  SemecP001Shares(n, offload, bhat, bw, b); /* (12) */
  if (nsub <= 0) return;
  SemecP001Quantise(n, offload, b, nsub, count);
  for (PetscInt i = 0; i < n; i++) {
    sub0[i] = n0;
    if (!offload[i]) continue;
    b[i] = (double)count[i] * bw / (double)nsub;
    n0 += count[i];
  }
}

void SemecP001Evaluate(const SemecP001Params *par, const SemecP001Task *task, const SemecP001Decision *d, PetscInt noffload, double beta, double battery,
                       SemecP001Outcome *o)
{
  double c   = par->n_ue * d->f;             /* c_i = n_i f_i */
  double l   = task->enc + task->dec;
  double eloc = par->kappa_ue * pow(d->f, 3.0); /* alpha^lc f^3, the GPU's power */

  *o             = (SemecP001Outcome){0};
  o->acc_text    = 1.0;
  o->acc_image   = 1.0;
  o->accuracy    = 1.0; /* local: eps = eps_0 */
  o->ok_accuracy = PETSC_TRUE;
  if (!d->offload) {
    o->t_lc = l / c;            /* (3), d = 1 */
    o->e_lc = eloc * o->t_lc;   /* E^lc = alpha^lc t^lc f^3 */
    o->t    = o->t_lc;          /* (7) */
  } else {
    double n  = (double)noffload;
    o->snr    = d->p * d->gain / (d->b * par->noise_psd + d->interference); /* (1); interference from other cells only */
    if (task->sym_text > 0.0) o->acc_text = SemecP001Accuracy(par, SEMEC_P001_TEXT, o->snr);
    if (task->sym_image > 0.0) o->acc_image = SemecP001Accuracy(par, SEMEC_P001_IMAGE, o->snr);
    o->accuracy = PetscMin(o->acc_text, o->acc_image); /* f^T, f^I, or f^B = min of both (VQA) */
    /* (4): S k / (b eps) per part; a part decoded with eps = 0 never arrives */
    o->t_ut = (task->sym_text > 0.0 ? task->sym_text / (d->b * o->acc_text) : 0.0) + (task->sym_image > 0.0 ? task->sym_image / (d->b * o->acc_image) : 0.0);
    if (par->offload == SEMEC_P001_SPLIT) {
      o->t_en = task->enc / c;                             /* the semantic encoder on the UE */
      o->e_en = eloc * o->t_en;
      o->t_rc = task->dec * n / (par->n_es * par->f_es);   /* (5): the decoder at the ES, shared by the offloading UEs */
    } else o->t_rc = l * n / (par->n_es * par->f_es);        /* (5) as printed: all of l at the ES */
    o->e_ut = d->p * o->t_ut;                               /* E^ut = p t^ut */
    o->e_es = par->kappa_es * o->t_rc * pow(par->f_es / n, 3.0); /* (6) */
    o->t    = o->t_en + o->t_ut + o->t_rc + par->t_dl;      /* (7) */
    o->ok_accuracy = (PetscBool)(o->accuracy >= par->eps_min); /* (11b) */
  }
  o->e_c       = par->p_circuit * o->t;                     /* E^c = t p^c */
  o->e         = o->e_lc + o->e_en + o->e_ut + o->e_c;      /* (8) */
  o->cost      = beta * o->e / task->e0 + (1.0 - beta) * o->t / task->t0; /* (9) */
  o->qoe       = o->accuracy / o->cost;                     /* (10), eps_0 = 1 */
  o->ok_time   = (PetscBool)(o->t <= par->t_max);          /* (11g) */
  o->ok_energy = (PetscBool)(o->e <= battery);             /* (11h), E^max = the charge left */
  o->success   = (PetscBool)(o->ok_accuracy && o->ok_time && o->ok_energy);
  if (o->success) o->reward = o->qoe; /* (13) */
  else {
    if (!o->ok_time) o->reward += PetscMax(par->t_max - o->t, -par->late_max);
    if (!o->ok_accuracy) o->reward += o->accuracy - par->eps_min;
    if (!o->ok_energy) o->reward += (battery - o->e) / task->e0;
  }
}
