/* Paper 001's per-task model (Ji, Qin, Tao, Han, "Resource optimization for
 * semantic-aware networks with task offloading", IEEE TWC 2024): a UE holds
 * a queue of tasks of one modality (text: machine translation of a
 * paragraph; image: retrieval of one image; VQA: one question sentence and
 * one image) and in every step executes its head task either locally, or
 * offloads it as semantic symbols over its bandwidth share to the edge
 * server (ES).  The equations of Secs. II-III: SNR (1), semantic rate (2),
 * latency (3)-(7), ES energy (6), UE energy (8), standardised cost (9),
 * QoE (10), the constraints (11b), (11g), (11h), the bandwidth shares (12),
 * the reward (13), the terminal reward (14) and the dynamic preference
 * (28).  FLOP counts come from the Transformer module (App. A, eqs.
 * (29)-(33), include/semec/semantic/transformer.h).  Everything here is a
 * pure function of the parameters, a task, a UE's decision and how many UEs
 * of the cell offload in the step.  Units: SI (s, J, W, Hz, FLOP).
 *
 * Readings (docs/models.md, "Paper 001"; ../shared/specs/mappo.md A.7):
 *  - one task per step: d = 1 in (3)-(5) (A.7 item 2);
 *  - offload: the semantic encoder runs on the UE at f_i and the decoder at
 *    the ES (`split`, the default, App. A and the conclusion); `printed`
 *    runs the whole l at the ES and charges the UE no encoding (A.7 item 3);
 *  - (4) for VQA sums the two parts, each over its own accuracy;
 *  - eps is the ratio to local execution: local eps = eps_0 = 1 (item 4);
 *  - the reference t_0, E_0 of (9) is the same task executed locally at
 *    f_ref = f_max (item 5): local execution at f* = f_max 2^(-1/3) then
 *    scores 1.058 per UE, the paper's 4.23 for 4 UEs;
 *  - (13): a failed step earns the sum of its violated terms, with
 *    (B - E)/E_0 for the battery (11h), which (13) does not list; the
 *    latency term t_max - t_i is bounded below by -late_max (10 s): (4)
 *    divides by eps, which vanishes in a deep fade, so t_i is unbounded
 *    (a 1-in-60,000 fade gave -4234 against rewards of about 4);
 *  - (12): the softmax runs over the offloading UEs only (item 12). */
#ifndef SEMEC_P001_TASK_H
#define SEMEC_P001_TASK_H
#include <semec/engine/compat.h>
#include <semec/semantic/accuracy.h>
#include <semec/semantic/transformer.h>

typedef enum { SEMEC_P001_TEXT, SEMEC_P001_IMAGE, SEMEC_P001_VQA, SEMEC_P001_NMODALITIES } SemecP001Modality;
extern const char *const SemecP001ModalityNames[]; /* "text", "image", "vqa", NULL */

typedef enum { SEMEC_P001_SPLIT, SEMEC_P001_PRINTED } SemecP001Offload;
extern const char *const SemecP001OffloadNames[]; /* "split", "printed", NULL */

#define SEMEC_P001_MAX_SENTENCES 64
#define SEMEC_P001_MAX_CEILING   16
#define SEMEC_P001_MAX_CELL_UES  64 /* UEs of one cell the band functions take */

/* Default accuracy map of one modality (paper 001 Sec. III: eps = f(k,
 * gamma), a pre-trained codec measured over the SNR; not published):
 *   eps(k, s) = e_max(k) / (1 + exp(-a (s - s_mid(k)))),  s in dB,
 *   s_mid(k)  = s_ref - shift 10 lg(k / k_ref),
 * e_max piecewise linear in k through the points (ceil_k, ceil) (k outside
 * them is an error).  A measured table replaces it (table != NULL). */
typedef struct {
  PetscInt             nceil;
  double               ceil_k[SEMEC_P001_MAX_CEILING], ceil[SEMEC_P001_MAX_CEILING];
  double               slope;  /* a (1/dB) */
  double               s_ref;  /* dB */
  double               k_ref;
  double               shift;  /* dB per decade of k / 10 */
  const SemecAccuracy *table;  /* measured eps(k, SNR dB), or NULL */
} SemecP001AccuracyMap;

typedef struct {
  double           bandwidth;    /* BW of (12) (Hz), Table I: 5 MHz */
  double           noise_psd;    /* sigma^2 of (1) (W/Hz), Table I: -160 dBm/Hz */
  double           n_ue;         /* FLOP per cycle of the local GPU, Table I: 1024 */
  double           n_es;         /* n^rc, Table I: 13824 */
  double           f_es;         /* f^rc (Hz), Table I: 1.41 GHz */
  double           kappa_ue;     /* alpha^lc (not given; paper 000's 5.787e-26) */
  double           kappa_es;     /* alpha^rc (not given; paper 000's 4.45e-26) */
  double           p_circuit;    /* p^c (W), Table I: 20 dBm */
  double           p_min, p_max; /* (11d) (W), Table I: 18, 24 dBm */
  double           f_min, f_max; /* (11e) (Hz), Table I: 0.64, 1.28 GHz */
  double           f_ref;        /* local frequency of the reference t_0, E_0 (Hz): f_max */
  double           eps_min;      /* (11b), Table I: 0.9 */
  double           t_max;        /* (11g) (s), Table I: 1 */
  double           t_dl;         /* download latency of (7) (s), "a small constant": 0 */
  double           k_text;       /* k^T, semantic symbols per word, Table I: 16 */
  double           k_image;      /* k^I, per patch, Table I: 32 */
  double           patches;      /* S^I, Sec. V-A: 197 */
  PetscInt         sentences;    /* sentences of a text task, Sec. V-A: 10 */
  double           words;        /* S^T, mean words per sentence, Sec. V-A: 20 (the reference task) */
  SemecP001Offload offload;
  SemecTransformer text_model;   /* Transformer [21], 6 layers */
  SemecTransformer image_model;  /* DeiT-small [22] dimensions, 6 layers */
  SemecP001AccuracyMap acc[2];   /* text, image; VQA = min of the two */
  double           xi_s, xi_f;   /* (14) */
  double           late_max;     /* bound on the latency penalty of (13): t_max - t_i >= -late_max (s) */
} SemecP001Params;

/* One task of a queue: what it costs. */
typedef struct {
  int8_t modality;
  double enc, dec;              /* F_enc on the UE (32), F_dec at the ES (33) (FLOP), summed over the task's parts */
  double sym_text, sym_image;   /* semantic symbols S k of its text and image parts, (4) */
  double t0, e0;                /* the task executed locally at f_ref: latency (s) and energy (J), the reference of (9) */
} SemecP001Task;

/* A UE's decision for its head task in one step, after the ES shared the band. */
typedef struct {
  PetscBool offload;      /* rho */
  double    p;            /* transmit power (W) */
  double    f;            /* local GPU frequency (Hz) */
  double    b;            /* bandwidth b_i of (12) (Hz), > 0 when offloading */
  double    gain;         /* g |h|^2, the large-scale gain times the step's fading */
  double    interference; /* co-channel power over the UE's band at the ES (W): 0 in one cell */
} SemecP001Decision;

typedef struct {
  double    snr;                 /* gamma of (1) (an SINR with interference); 0 when local */
  double    acc_text, acc_image; /* eps of each part (1 when local or absent) */
  double    accuracy;            /* eps of the task: its modality's map (VQA: min), 1 when local */
  double    t_lc, t_en, t_ut, t_rc, t; /* (3), encoder, (4), (5), (7) (s) */
  double    e_lc, e_en, e_ut, e_c, e;  /* local, encoder, (4)'s p t^ut, p^c t, (8) (J) */
  double    e_es;                /* (6) (J), not in the objective */
  double    cost, qoe;           /* (9), (10) */
  double    reward;              /* (13) */
  PetscBool ok_accuracy, ok_time, ok_energy, success; /* (11b), (11g), (11h), all three */
} SemecP001Outcome;

/* Table I, Sec. V-A and the documented completions (docs/models.md). */
void           SemecP001ParamsDefault(SemecP001Params *par);
/* Checks every parameter; errors name its option (-p001_...), value and range. */
PetscErrorCode SemecP001ParamsValidate(MPI_Comm comm, const SemecP001Params *par);

/* The task of modality m whose text part has nwords[j] words in sentence j
 * (sentences of them for text, 1 for VQA, none for image). */
void   SemecP001TaskMake(const SemecP001Params *par, SemecP001Modality m, PetscInt nsent, const double *nwords, SemecP001Task *task);
/* The reference task of modality m (every sentence of S^T words). */
void   SemecP001TaskNominal(const SemecP001Params *par, SemecP001Modality m, SemecP001Task *task);
/* eps of one part (SEMEC_P001_TEXT or _IMAGE map) at linear SNR snr. */
double SemecP001Accuracy(const SemecP001Params *par, SemecP001Modality part, double snr);
/* The QoE-optimal local frequency for preference beta (A.5): f_max ((1 -
 * beta)/(2 beta))^(1/3) within [f_min, f_max] (p^c neglected). */
double SemecP001LocalFrequency(const SemecP001Params *par, double beta);
/* Eq. (28): beta = 1 - B / (2 B_max). */
static inline double SemecP001Preference(double battery, double battery_max) { return 1.0 - battery / (2.0 * battery_max); }
/* Eq. (12) over the offloading UEs: b_i = BW e^bhat_i / sum_{j offloading}
 * e^bhat_j, 0 for the others. */
void   SemecP001Shares(PetscInt n, const PetscBool *offload, const double *bhat, double bw, double *b);
/* The shares quantised to nsub subcarriers (a multi-cell run): every
 * offloading UE gets one, the rest go by largest remainder of b_i / BW (nsub
 * - |O|) (ties: lower index); count[i] subcarriers.  Needs nsub >= |O|
 * and n <= SEMEC_P001_MAX_CELL_UES. */
void   SemecP001Quantise(PetscInt n, const PetscBool *offload, const double *b, PetscInt nsub, PetscInt *count);
/* The bands of a cell's step: b_i of (12) over the offloading UEs; with
 * nsub > 0 (interfering cells) quantised by SemecP001Quantise into
 * contiguous blocks of subcarriers in UE order, UE i holding
 * [sub0[i], sub0[i] + count[i]) and b_i = count[i] BW / nsub (count 0 for
 * a local UE).  sub0 and count may be NULL when nsub = 0. */
void   SemecP001Bands(PetscInt n, const PetscBool *offload, const double *bhat, double bw, PetscInt nsub, double *b, PetscInt *sub0, PetscInt *count);
/* The outcome of decision d for task when noffload UEs of the cell offload
 * (>= 1 if d->offload), with preference beta and battery charge (J). */
void   SemecP001Evaluate(const SemecP001Params *par, const SemecP001Task *task, const SemecP001Decision *d, PetscInt noffload, double beta, double battery,
                         SemecP001Outcome *o);
/* Eq. (14): xi_S (T - t0) when every queue emptied at step t0 (1-based) <= T,
 * else -xi_F sum_i d_i(T) E_0 (backlog_e0 = sum_i d_i(T) E_0^{Q_i}, J). */
static inline double SemecP001TerminalReward(const SemecP001Params *par, PetscBool emptied, PetscInt t0, PetscInt T, double backlog_e0)
{
  return emptied ? par->xi_s * (double)(T - t0) : -par->xi_f * backlog_e0;
}

#endif
