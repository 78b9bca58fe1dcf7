/* Paper 001's per-task model (include/semec/p001/task.h, agent.h) against
 * numbers computed here from the equations, independently of src/p001:
 *   - App. A FLOP counts (29)-(33) per sentence and image, transcribed below
 *     (Fenc, Fdec), and the spec's printed digits (mappo.md Appendix A.1);
 *   - per-task l, t_0, E_0 of every modality, the semantic symbols of (4);
 *   - the accuracy map (ceilings, logistic in dB, midpoint shift with k);
 *   - the softmax shares of (12) and their quantisation to subcarriers;
 *   - local execution at the QoE-optimal frequency (1.057977 per UE, 4.232
 *     for text, image, vqa, vqa);
 *   - one offloaded VQA task recomputed from (1), the map, t^en, (4), (5),
 *     (6), (7), (8), (9), (10), in both readings (split and printed);
 *   - every branch of (13), (14), (28), and the box action of agent.h.
 *
 * Constants typed from Table I and the documented completions: BW 5 MHz,
 * N0 -160 dBm/Hz = 1e-19 W/Hz, n 1024, n^rc 13824, f^rc 1.41 GHz,
 * alpha^lc 5.787e-26, alpha^rc 4.45e-26, p^c 0.1 W, p 18..24 dBm,
 * f 0.64..1.28 GHz, f_ref 1.28 GHz, eps_min 0.9, t_max 1 s, t^dl 0,
 * k^T 16, k^I 32, S^I 197, 10 sentences of S^T = 20 words. */
#include <semec/p001/task.h>
#include <semec/p001/model.h>
#include <semec/p001/agent.h>
#include <semec/engine/rng.h>
#include <math.h>
#include "check.h"

#define BW      5e6
#define N0      1e-19
#define NUE     1024.0
#define NES     13824.0
#define FES     1.41e9
#define KUE     5.787e-26
#define KES     4.45e-26
#define PC      0.1
#define FMIN    0.64e9
#define FMAX    1.28e9
#define FREF    1.28e9
#define EPS_MIN 0.9

/* App. A as printed, B = 1, H = d / h: the encoder (32) and decoder (33) of
 * one sentence of S words (or one image of S patches), k symbols per unit. */
static double Fenc(double L, double h, double d, double S, double k)
{
  double H = d / h, F1 = 6 * S * h * H * H, F2 = 4 * h * H * S * S, Fatt = h * (F1 + F2) + 2 * S * h * h * H * H, Fffn = 2 * S * h * H * H;
  return L * (Fatt + Fffn) + 2 * S * h * H * k;
}
static double Fdec(double L, double h, double d, double V, double S)
{
  double H = d / h, F1 = 6 * S * h * H * H, F2 = 4 * h * H * S * S, Fatt = h * (F1 + F2) + 2 * S * h * h * H * H, Fffn = 2 * S * h * H * H;
  return L * (2 * Fatt + Fffn) + 2 * S * H * V;
}
#define TXT_ENC(S) Fenc(6, 8, 512, (S), 16)
#define TXT_DEC(S) Fdec(6, 8, 512, 37000, (S))
#define IMG_ENC    Fenc(6, 6, 384, 197, 32)
#define IMG_DEC    Fdec(6, 6, 384, 1000, 197)

/* The default accuracy map, as the spec writes it (A.1.3). */
static double Ceil(const double *ck, const double *c, int n, double k)
{
  if (k <= ck[0]) return c[0];
  for (int i = 1; i < n; i++)
    if (k <= ck[i]) return c[i - 1] + (c[i] - c[i - 1]) * (k - ck[i - 1]) / (ck[i] - ck[i - 1]);
  return c[n - 1];
}
static double HandAccuracy(int image, double k, double snr)
{
  static const double tk[] = {8, 12, 16, 20}, tc[] = {0.85, 0.91, 0.95, 0.955}, ik[] = {8, 16, 24, 32}, ic[] = {0.60, 0.85, 0.93, 0.975};
  double              emax = image ? Ceil(ik, ic, 4, k) : Ceil(tk, tc, 4, k), kref = image ? 32.0 : 16.0;
  double              smid = -1.0 - 0.5 * 10.0 * log10(k / kref), s = 10.0 * log10(snr);
  return emax / (1.0 + exp(-0.35 * (s - smid)));
}

static void FlopCounts(void)
{
  SemecP001Params par;

  SemecP001ParamsDefault(&par);
  /* the spec's digits against the transcription above, then the module */
  CHECK_CLOSE(TXT_ENC(20), 299171840.0, 0.0);
  CHECK_CLOSE(TXT_DEC(20), 684544000.0, 0.0);
  CHECK_CLOSE(IMG_ENC, 3603265536.0, 0.0);
  CHECK_CLOSE(IMG_DEC, 7163966464.0, 0.0);
  CHECK_CLOSE(SemecTransformerEncoderFlops(&par.text_model, 20, par.k_text), 299171840.0, 1e-15);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&par.text_model, 20), 684544000.0, 1e-15);
  CHECK_CLOSE(SemecTransformerEncoderFlops(&par.image_model, 197, par.k_image), 3603265536.0, 1e-15);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&par.image_model, 197), 7163966464.0, 1e-15);
  /* another length: the S^2 terms */
  CHECK_CLOSE(SemecTransformerEncoderFlops(&par.text_model, 13, par.k_text), TXT_ENC(13), 1e-15);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&par.text_model, 27), TXT_DEC(27), 1e-15);
}

static void Tasks(void)
{
  SemecP001Params par;
  SemecP001Task   t;
  /* l, t_0 (s), E_0 (J) of the spec's table, and S k of (4) per part */
  const double l[3] = {9837158400.0, 10767232000.0, 11750947840.0}, t0[3] = {7.5052e-3, 8.2147e-3, 8.9653e-3}, e0[3] = {0.91159, 0.99778, 1.08894};
  const double symt[3] = {3200, 0, 320}, symi[3] = {0, 6304, 6304};
  const double enc[3] = {10 * 299171840.0, 3603265536.0, 299171840.0 + 3603265536.0}, dec[3] = {10 * 684544000.0, 7163966464.0, 684544000.0 + 7163966464.0};

  SemecP001ParamsDefault(&par);
  PetscCallAbort(PETSC_COMM_SELF, SemecP001ParamsValidate(PETSC_COMM_SELF, &par));
  for (int m = 0; m < 3; m++) {
    SemecP001TaskNominal(&par, (SemecP001Modality)m, &t);
    CHECK_EQ_INT(t.modality, m);
    CHECK_CLOSE(t.enc, enc[m], 1e-15);
    CHECK_CLOSE(t.dec, dec[m], 1e-15);
    CHECK_CLOSE(t.enc + t.dec, l[m], 1e-15);
    CHECK_CLOSE(t.t0, t0[m], 1e-4);
    CHECK_CLOSE(t.e0, e0[m], 1e-4);
    /* and exactly from their definitions */
    CHECK_CLOSE(t.t0, l[m] / (NUE * FREF), 1e-14);
    CHECK_CLOSE(t.e0, (KUE * FREF * FREF * FREF + PC) * l[m] / (NUE * FREF), 1e-14);
    CHECK_CLOSE(t.sym_text, symt[m], 0.0);
    CHECK_CLOSE(t.sym_image, symi[m], 0.0);
  }
  { /* a drawn text task: every sentence its own length, F summed over them */
    const double w[10] = {10, 30, 17, 22, 25, 11, 19, 28, 14, 20};
    double       e = 0, d = 0, sym = 0;
    for (int j = 0; j < 10; j++) e += TXT_ENC(w[j]), d += TXT_DEC(w[j]), sym += 16 * w[j];
    SemecP001TaskMake(&par, SEMEC_P001_TEXT, 10, w, &t);
    CHECK_CLOSE(t.enc, e, 1e-14);
    CHECK_CLOSE(t.dec, d, 1e-14);
    CHECK_CLOSE(t.sym_text, sym, 1e-15);
    CHECK_CLOSE(t.sym_image, 0.0, 0.0);
    CHECK_CLOSE(t.t0, (e + d) / (NUE * FREF), 1e-14);
    /* a VQA question of 7 words: one sentence plus the image */
    SemecP001TaskMake(&par, SEMEC_P001_VQA, 1, w + 1 /* 30 */, &t);
    CHECK_CLOSE(t.enc, TXT_ENC(30) + IMG_ENC, 1e-14);
    CHECK_CLOSE(t.dec, TXT_DEC(30) + IMG_DEC, 1e-14);
    CHECK_CLOSE(t.sym_text, 480.0, 0.0);
    CHECK_CLOSE(t.sym_image, 6304.0, 0.0);
  }
}

static void Accuracy(void)
{
  SemecP001Params par;
  const double    snr[] = {0.05, 0.5, 1.0, 2.4, 10.0, 1200.0};

  SemecP001ParamsDefault(&par);
  for (size_t i = 0; i < sizeof(snr) / sizeof(snr[0]); i++) {
    CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_TEXT, snr[i]), HandAccuracy(0, 16, snr[i]), 1e-13);
    CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_IMAGE, snr[i]), HandAccuracy(1, 32, snr[i]), 1e-13);
  }
  /* at the midpoint (-1 dB at k_ref) half the ceiling */
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_TEXT, pow(10.0, -0.1)), 0.95 / 2, 1e-13);
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_IMAGE, pow(10.0, -0.1)), 0.975 / 2, 1e-13);
  /* another k: the ceiling interpolated, the midpoint shifted */
  par.k_text  = 14;
  par.k_image = 20;
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_TEXT, 3.0), HandAccuracy(0, 14, 3.0), 1e-13);
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_IMAGE, 3.0), HandAccuracy(1, 20, 3.0), 1e-13);
  CHECK_CLOSE(HandAccuracy(0, 14, 1e12), 0.93, 1e-9);
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_TEXT, 1e12), 0.93, 1e-9);  /* halfway between 0.91 and 0.95 */
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_IMAGE, 1e12), 0.89, 1e-9); /* halfway between 0.85 and 0.93 */
  CHECK_CLOSE(SemecP001Accuracy(&par, SEMEC_P001_TEXT, 0.0), 0.0, 0.0);      /* no signal */
}

static void Shares(void)
{
  PetscBool off3[3] = {PETSC_TRUE, PETSC_FALSE, PETSC_TRUE};
  double    bhat[3] = {0.0, 5.0, log(2.0)}, b[3];

  /* (0, ln 2) over the two offloading UEs; the local UE's large request does not count */
  SemecP001Shares(3, off3, bhat, BW, b);
  CHECK_CLOSE(b[0], BW / 3, 1e-14);
  CHECK_CLOSE(b[1], 0.0, 0.0);
  CHECK_CLOSE(b[2], 2 * BW / 3, 1e-14);
  CHECK_CLOSE(b[0] + b[1] + b[2], BW, 1e-14);
  { /* four UEs at bhat -3, 0, 3, 1 (UE 3 local): e^-3, 1, e^3 over their sum */
    PetscBool off[4] = {PETSC_TRUE, PETSC_TRUE, PETSC_TRUE, PETSC_FALSE};
    double    bh[4] = {-3, 0, 3, 1}, bb[4], s = exp(-3.0) + 1.0 + exp(3.0);
    SemecP001Shares(4, off, bh, BW, bb);
    CHECK_CLOSE(bb[0], BW * exp(-3.0) / s, 1e-14);
    CHECK_CLOSE(bb[1], BW / s, 1e-14);
    CHECK_CLOSE(bb[2], BW * exp(3.0) / s, 1e-14);
    CHECK_CLOSE(bb[3], 0.0, 0.0);
    CHECK_CLOSE(bb[0] + bb[1] + bb[2] + bb[3], BW, 1e-14);
  }
  { /* large equal requests: no overflow, equal halves */
    PetscBool off[2] = {PETSC_TRUE, PETSC_TRUE};
    double    bh[2] = {800, 800}, bb[2];
    SemecP001Shares(2, off, bh, BW, bb);
    CHECK_CLOSE(bb[0], BW / 2, 1e-15);
    CHECK_CLOSE(bb[1], BW / 2, 1e-15);
  }
  { /* nobody offloads: nobody gets anything */
    PetscBool off[2] = {PETSC_FALSE, PETSC_FALSE};
    double    bh[2] = {0, 1}, bb[2] = {-1, -1};
    SemecP001Shares(2, off, bh, BW, bb);
    CHECK(bb[0] == 0.0 && bb[1] == 0.0);
  }
}

static void Quantise(void)
{
  PetscInt count[64];

  { /* b (1, 2, -, 7) of 10 on 8 subcarriers: one each, 5 left: 0.5, 1.0, 3.5 ->
     * floors 0, 1, 3 (4 given), the last to the larger remainder, a tie 0.5 / 0.5 -> UE 0 */
    PetscBool off[4] = {PETSC_TRUE, PETSC_TRUE, PETSC_FALSE, PETSC_TRUE};
    double    b[4]   = {1, 2, 0, 7};
    SemecP001Quantise(4, off, b, 8, count);
    CHECK(count[0] == 2 && count[1] == 2 && count[2] == 0 && count[3] == 4);
  }
  { /* (0.6, 0.3, 0.1) on 10: 7 left: 4.2, 2.1, 0.7 -> 5, 3, 1 and the last to UE 2 (0.7) */
    PetscBool off[3] = {PETSC_TRUE, PETSC_TRUE, PETSC_TRUE};
    double    b[3]   = {0.6, 0.3, 0.1};
    SemecP001Quantise(3, off, b, 10, count);
    CHECK(count[0] == 5 && count[1] == 3 && count[2] == 2);
  }
  { /* a tiny share still gets its one subcarrier; nsub = |O| gives one each */
    PetscBool off[3] = {PETSC_TRUE, PETSC_TRUE, PETSC_TRUE};
    double    b[3]   = {1e-9, 1, 1};
    SemecP001Quantise(3, off, b, 25, count);
    CHECK(count[0] == 1 && count[1] == 12 && count[2] == 12);
    SemecP001Quantise(3, off, b, 3, count);
    CHECK(count[0] == 1 && count[1] == 1 && count[2] == 1);
  }
  { /* nobody offloads: zeros */
    PetscBool off[2] = {PETSC_FALSE, PETSC_FALSE};
    double    b[2]   = {0, 0};
    count[0] = count[1] = 7;
    SemecP001Quantise(2, off, b, 25, count);
    CHECK(count[0] == 0 && count[1] == 0);
  }
  { /* random cases: every offloading UE >= 1, the rest 0, the counts sum to nsub,
     * each within one of its ideal 1 + (nsub - |O|) b_i / sum b */
    SemecRngKey key = {11, SEMEC_STREAM_POLICY, 0, 0, 0};
    for (PetscInt trial = 0; trial < 500; trial++) {
      PetscBool off[8];
      double    bhat[8], b[8], r[4], total = 0.0;
      PetscInt  n = 1 + trial % 8, noff = 0, nsub, sum = 0;
      for (PetscInt i = 0; i < n; i++) {
        SemecRngUniform4(&key, (uint64_t)(trial * 8 + i), r);
        off[i]  = (PetscBool)(r[0] < 0.7);
        bhat[i] = 6.0 * r[1] - 3.0;
        noff += off[i] ? 1 : 0;
      }
      if (!noff) continue;
      nsub = noff + trial % 23;
      SemecP001Shares(n, off, bhat, BW, b);
      SemecP001Quantise(n, off, b, nsub, count);
      for (PetscInt i = 0; i < n; i++) total += b[i];
      for (PetscInt i = 0; i < n; i++) {
        sum += count[i];
        if (!off[i]) CHECK_EQ_INT(count[i], 0);
        else {
          double ideal = 1.0 + (double)(nsub - noff) * b[i] / total;
          CHECK(count[i] >= 1);
          CHECK(count[i] >= floor(ideal) && count[i] <= floor(ideal) + 1);
        }
      }
      CHECK_EQ_INT(sum, nsub);
    }
  }
}

static void Local(void)
{
  SemecP001Params   par;
  SemecP001Task     t;
  SemecP001Decision d = {PETSC_FALSE, 0.0, 0.0, 0.0, 0.0, 0.0};
  SemecP001Outcome  o;
  const double      fs = 1.28e9 * pow(2.0, -1.0 / 3.0);
  /* (9) at f, relative to f_ref, independent of l: E/E_0 = (k f^3 + p^c) f_ref / ((k f_ref^3 + p^c) f), t/t_0 = f_ref / f */
  const double cost = 0.5 * (KUE * fs * fs * fs + PC) / (KUE * FREF * FREF * FREF + PC) * FREF / fs + 0.5 * FREF / fs;
  const int    mods[4] = {SEMEC_P001_TEXT, SEMEC_P001_IMAGE, SEMEC_P001_VQA, SEMEC_P001_VQA};
  double       sum = 0.0;

  SemecP001ParamsDefault(&par);
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.5), 1015936673.2596477, 1e-12);
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.5), fs, 1e-14);
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.9), FMIN, 0.0); /* 0.488 GHz, clamped up */
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.1), FMAX, 0.0); /* 2.11 GHz, clamped down */
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.0), FMAX, 0.0);
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.6), FMAX * cbrt(0.4 / 1.2), 1e-14); /* 0.887 GHz, inside */
  CHECK_CLOSE(SemecP001LocalFrequency(&par, 0.3), FMAX, 0.0);                    /* 1.347 GHz, clamped down */
  CHECK_CLOSE(1.0 / cost, 1.057977, 1e-6);
  d.f = fs;
  for (int i = 0; i < 4; i++) {
    SemecP001TaskNominal(&par, (SemecP001Modality)mods[i], &t);
    SemecP001Evaluate(&par, &t, &d, 0, 0.5, 1e6, &o);
    CHECK_CLOSE(o.t_lc, t.t0 * FREF / fs, 1e-14);
    CHECK_CLOSE(o.t, o.t_lc, 0.0);
    CHECK_CLOSE(o.e_lc, KUE * fs * fs * fs * o.t_lc, 1e-14);
    CHECK_CLOSE(o.e_c, PC * o.t, 1e-14);
    CHECK_CLOSE(o.e, (KUE * fs * fs * fs + PC) * o.t, 1e-14);
    CHECK(o.t_en == 0.0 && o.t_ut == 0.0 && o.t_rc == 0.0 && o.e_ut == 0.0 && o.e_es == 0.0 && o.snr == 0.0);
    CHECK_CLOSE(o.accuracy, 1.0, 0.0);
    CHECK_CLOSE(o.cost, cost, 1e-13);
    CHECK_CLOSE(o.qoe, 1.057977, 1e-6);
    CHECK(o.success && o.ok_time && o.ok_accuracy && o.ok_energy);
    CHECK_CLOSE(o.reward, o.qoe, 0.0);
    sum += o.qoe;
  }
  CHECK_CLOSE(sum, 4.232, 1e-4);
  CHECK_CLOSE(sum, 4 / cost, 1e-13);
  /* at f_ref the reference itself: cost 1, QoE 1 */
  d.f = FREF;
  SemecP001TaskNominal(&par, SEMEC_P001_IMAGE, &t);
  SemecP001Evaluate(&par, &t, &d, 0, 0.3, 1e6, &o);
  CHECK_CLOSE(o.qoe, 1.0, 1e-14);
}

/* An offloaded VQA task (one sentence of 20 words plus an image) by hand. */
typedef struct {
  double snr, at, ai, acc, t_en, t_ut, t_rc, t, e_en, e_ut, e_c, e, e_es, cost, qoe;
} Hand;

static Hand HandVqa(int printed, double p, double f, double b, double gain, double n, double beta)
{
  Hand         h;
  const double enc = TXT_ENC(20) + IMG_ENC, dec = TXT_DEC(20) + IMG_DEC;
  const double t0 = (enc + dec) / (NUE * FREF), e0 = (KUE * FREF * FREF * FREF + PC) * t0;

  h.snr  = p * gain / (b * N0);                                     /* (1) */
  h.at   = HandAccuracy(0, 16, h.snr);
  h.ai   = HandAccuracy(1, 32, h.snr);
  h.acc  = h.at < h.ai ? h.at : h.ai;                               /* f^B = min */
  h.t_ut = 20 * 16 / (b * h.at) + 197 * 32 / (b * h.ai);            /* (4), per part */
  h.t_en = printed ? 0.0 : enc / (NUE * f);                         /* encoder on the UE */
  h.t_rc = (printed ? enc + dec : dec) * n / (NES * FES);           /* (5) */
  h.t    = h.t_en + h.t_ut + h.t_rc;                                /* (7), t^dl = 0 */
  h.e_en = KUE * f * f * f * h.t_en;
  h.e_ut = p * h.t_ut;
  h.e_c  = PC * h.t;
  h.e    = h.e_en + h.e_ut + h.e_c;                                 /* (8) */
  h.e_es = KES * h.t_rc * pow(FES / n, 3.0);                        /* (6) */
  h.cost = beta * h.e / e0 + (1 - beta) * h.t / t0;                 /* (9) */
  h.qoe  = h.acc / h.cost;                                          /* (10) */
  return h;
}

static void CompareHand(const SemecP001Outcome *o, const Hand *h)
{
  CHECK_CLOSE(o->snr, h->snr, 1e-13);
  CHECK_CLOSE(o->acc_text, h->at, 1e-12);
  CHECK_CLOSE(o->acc_image, h->ai, 1e-12);
  CHECK_CLOSE(o->accuracy, h->acc, 1e-12);
  CHECK_CLOSE(o->t_en, h->t_en, 1e-12);
  CHECK_CLOSE(o->t_ut, h->t_ut, 1e-12);
  CHECK_CLOSE(o->t_rc, h->t_rc, 1e-12);
  CHECK_CLOSE(o->t, h->t, 1e-12);
  CHECK_CLOSE(o->e_en, h->e_en, 1e-12);
  CHECK_CLOSE(o->e_ut, h->e_ut, 1e-12);
  CHECK_CLOSE(o->e_c, h->e_c, 1e-12);
  CHECK_CLOSE(o->e, h->e, 1e-12);
  CHECK_CLOSE(o->e_es, h->e_es, 1e-12);
  CHECK_CLOSE(o->cost, h->cost, 1e-12);
  CHECK_CLOSE(o->qoe, h->qoe, 1e-12);
  CHECK(o->t_lc == 0.0 && o->e_lc == 0.0);
}

static void Offloaded(void)
{
  SemecP001Params   par;
  SemecP001Task     t;
  SemecP001Outcome  o;
  SemecP001Decision d;
  PetscBool         off[2] = {PETSC_TRUE, PETSC_TRUE};
  double            bhat[2] = {0.0, log(2.0)}, b[2];
  Hand              h;

  SemecP001ParamsDefault(&par);
  SemecP001TaskNominal(&par, SEMEC_P001_VQA, &t);
  SemecP001Shares(2, off, bhat, par.bandwidth, b);
  /* UE 0 of two offloading: BW/3 at 0.2 W, f = 1 GHz, g |h|^2 = 1e-9: SNR 1200
   * (30.8 dB), both parts near their ceilings; success */
  d = (SemecP001Decision){PETSC_TRUE, 0.2, 1e9, b[0], 1e-9, 0.0};
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 1e3, &o);
  h = HandVqa(0, 0.2, 1e9, BW / 3, 1e-9, 2, 0.5);
  CHECK_CLOSE(h.snr, 1200.0, 1e-12);
  CompareHand(&o, &h);
  CHECK(o.success && o.ok_accuracy && o.ok_time && o.ok_energy);
  CHECK_CLOSE(o.reward, h.qoe, 1e-12); /* (13): success earns the QoE */
  printf("split:   snr %.6g eps %.6f t_en %.6g t_ut %.6g t_rc %.6g t %.6g E %.6g E_es %.6g cost %.6g QoE %.6g\n", h.snr, h.acc, h.t_en, h.t_ut, h.t_rc, h.t, h.e, h.e_es,
         h.cost, h.qoe);
  /* printed (5): all of l at the ES, no encoder on the UE */
  par.offload = SEMEC_P001_PRINTED;
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 1e3, &o);
  h = HandVqa(1, 0.2, 1e9, BW / 3, 1e-9, 2, 0.5);
  CompareHand(&o, &h);
  CHECK(o.t_en == 0.0 && o.e_en == 0.0);
  printf("printed: snr %.6g eps %.6f t_en %.6g t_ut %.6g t_rc %.6g t %.6g E %.6g E_es %.6g cost %.6g QoE %.6g\n", h.snr, h.acc, h.t_en, h.t_ut, h.t_rc, h.t, h.e,
         h.e_es, h.cost, h.qoe);
  par.offload = SEMEC_P001_SPLIT;
  /* UE 1 (2 BW/3), 3 UEs at the ES, beta 0.8, f_max, 24 dBm: another point of every equation */
  d = (SemecP001Decision){PETSC_TRUE, 0.251188643150958, FMAX, b[1], 3e-11, 0.0};
  SemecP001Evaluate(&par, &t, &d, 3, 0.8, 1e3, &o);
  h = HandVqa(0, 0.251188643150958, FMAX, 2 * BW / 3, 3e-11, 3, 0.8);
  CompareHand(&o, &h);
  /* interference from another cell adds to the noise of (1) */
  d = (SemecP001Decision){PETSC_TRUE, 0.2, 1e9, BW / 3, 1e-9, 1e-13};
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 1e3, &o);
  CHECK_CLOSE(o.snr, 0.2 * 1e-9 / (BW / 3 * N0 + 1e-13), 1e-13);
}

static void Rewards(void)
{
  SemecP001Params   par;
  SemecP001Task     t;
  SemecP001Outcome  o;
  SemecP001Decision d;
  Hand              h;
  const double      e0 = 1.0889402885731547; /* VQA's E_0 */

  SemecP001ParamsDefault(&par);
  SemecP001TaskNominal(&par, SEMEC_P001_VQA, &t);
  /* accuracy failure only: g |h|^2 = 2e-12 gives SNR 2.4 (3.8 dB), eps^T 0.80 < 0.9 */
  d = (SemecP001Decision){PETSC_TRUE, 0.2, 1e9, BW / 3, 2e-12, 0.0};
  h = HandVqa(0, 0.2, 1e9, BW / 3, 2e-12, 2, 0.5);
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 1e3, &o);
  CompareHand(&o, &h);
  CHECK(h.acc < EPS_MIN && h.t < 1.0);
  CHECK(!o.ok_accuracy && o.ok_time && o.ok_energy && !o.success);
  CHECK_CLOSE(o.reward, h.acc - EPS_MIN, 1e-12);
  /* accuracy and latency: t_max 5 ms */
  par.t_max = 5e-3;
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 1e3, &o);
  CHECK(h.t > 5e-3);
  CHECK(!o.ok_accuracy && !o.ok_time && o.ok_energy);
  CHECK_CLOSE(o.reward, (5e-3 - h.t) + (h.acc - EPS_MIN), 1e-12);
  /* all three: battery 0.01 J below E */
  SemecP001Evaluate(&par, &t, &d, 2, 0.5, 0.01, &o);
  CHECK(h.e > 0.01);
  CHECK(!o.ok_accuracy && !o.ok_time && !o.ok_energy);
  CHECK_CLOSE(o.reward, (5e-3 - h.t) + (h.acc - EPS_MIN) + (0.01 - h.e) / e0, 1e-12);
  /* latency only: local at f_min, 17.9 ms > 5 ms */
  d = (SemecP001Decision){PETSC_FALSE, 0.2, FMIN, 0.0, 1e-9, 0.0};
  SemecP001Evaluate(&par, &t, &d, 0, 0.5, 1e3, &o);
  {
    double tl = (TXT_ENC(20) + IMG_ENC + TXT_DEC(20) + IMG_DEC) / (NUE * FMIN), el = (KUE * FMIN * FMIN * FMIN + PC) * tl;
    CHECK_CLOSE(o.t, tl, 1e-13);
    CHECK(o.ok_accuracy && !o.ok_time && o.ok_energy);
    CHECK_CLOSE(o.reward, 5e-3 - tl, 1e-12);
    /* battery only: t_max back to 1 s, battery 0.1 J < E = 0.42 J */
    par.t_max = 1.0;
    SemecP001Evaluate(&par, &t, &d, 0, 0.5, 0.1, &o);
    CHECK(o.ok_accuracy && o.ok_time && !o.ok_energy && !o.success);
    CHECK_CLOSE(o.e, el, 1e-13);
    CHECK_CLOSE(o.reward, (0.1 - el) / e0, 1e-12);
    /* exactly enough charge: (11h) holds */
    SemecP001Evaluate(&par, &t, &d, 0, 0.5, el * (1 + 1e-12), &o);
    CHECK(o.ok_energy && o.success);
  }
  /* (14): emptied at step 13 of 20 -> xi_S 7; not emptied -> -xi_F sum d_i(T) E_0 */
  CHECK_CLOSE(SemecP001TerminalReward(&par, PETSC_TRUE, 13, 20, 123.0), 7.0, 0.0);
  {
    double backlog = 2 * 0.9115926861977998 + 1 * 1.0889402885731547 + 3 * 1.0889402885731547; /* d = (2, 0, 1, 3) */
    CHECK_CLOSE(SemecP001TerminalReward(&par, PETSC_FALSE, 20, 20, backlog), -6.178946526688219, 1e-12);
    par.xi_s = 2.0, par.xi_f = 0.5;
    CHECK_CLOSE(SemecP001TerminalReward(&par, PETSC_TRUE, 10, 20, backlog), 20.0, 0.0);
    CHECK_CLOSE(SemecP001TerminalReward(&par, PETSC_FALSE, 20, 20, backlog), -0.5 * 6.178946526688219, 1e-12);
  }
  /* (28): full 0.5, empty 1, half 0.75 */
  CHECK_CLOSE(SemecP001Preference(3.0, 3.0), 0.5, 0.0);
  CHECK_CLOSE(SemecP001Preference(0.0, 3.0), 1.0, 0.0);
  CHECK_CLOSE(SemecP001Preference(1.5, 3.0), 0.75, 0.0);
}

static void Box(void)
{
  static SemecP001Model pm; /* zeroed */
  SemecP001UE           ue;
  const double          u[3] = {-1, 0, 1}, bhat[3] = {-3, 0, 3}, pw[3] = {0.0630957344480193, 0.125892541179417, 0.251188643150958}, f[3] = {0.64e9, 0.96e9, 1.28e9};

  SemecP001ParamsDefault(&pm.par);
  for (int i = 0; i < 3; i++) {
    double u3[3] = {u[i], u[i], u[i]};
    ue           = (SemecP001UE){0};
    SemecP001ApplyBox(&pm, &ue, PETSC_TRUE, u3);
    CHECK(ue.offload);
    CHECK_CLOSE(ue.bhat, bhat[i], 1e-15);
    CHECK_CLOSE(ue.p, pw[i], 1e-12);
    CHECK_CLOSE(10 * log10(ue.p / 1e-3), 18.0 + 3.0 * i, 1e-12);
    CHECK_CLOSE(ue.f, f[i], 1e-15);
  }
  { /* outside [-1, 1]: clipped; mixed components */
    double u3[3] = {5, -7, 0.5};
    SemecP001ApplyBox(&pm, &ue, PETSC_FALSE, u3);
    CHECK(!ue.offload);
    CHECK_CLOSE(ue.bhat, 3.0, 0.0);
    CHECK_CLOSE(ue.p, pw[0], 1e-12);
    CHECK_CLOSE(ue.f, 1.12e9, 1e-15);
  }
}

static void BadParameters(void)
{
  SemecP001Params par;

  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  SemecP001ParamsDefault(&par);
  CHECK(SemecP001ParamsValidate(PETSC_COMM_SELF, &par) == 0);
  par.k_text = 40; /* outside the ceiling points 8..20 */
  CHECK(SemecP001ParamsValidate(PETSC_COMM_SELF, &par) != 0);
  SemecP001ParamsDefault(&par);
  par.acc[1].ceil_k[2] = 10; /* not increasing */
  CHECK(SemecP001ParamsValidate(PETSC_COMM_SELF, &par) != 0);
  SemecP001ParamsDefault(&par);
  par.eps_min = 1.5;
  CHECK(SemecP001ParamsValidate(PETSC_COMM_SELF, &par) != 0);
  SemecP001ParamsDefault(&par);
  par.f_max = 0.5e9; /* below f_min */
  CHECK(SemecP001ParamsValidate(PETSC_COMM_SELF, &par) != 0);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  FlopCounts();
  Tasks();
  Accuracy();
  Shares();
  Quantise();
  Local();
  Offloaded();
  Rewards();
  Box();
  BadParameters();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
