/* Semantic accuracy map eps = f(k, SNR) of a semantic codec (paper 000 eq.
 * (10): "eps_i ~ f(k_i, gamma_i) is the task execution accuracy that is
 * related to k_i and the SNR gamma_i"; paper 001 Sec. III: the ratio of the
 * offloaded to the local BLEU score, "obtained by testing the pre-trained
 * DeepSC models under different SNRs").  The papers treat the codec as a
 * black box and publish no curve, so the map is input data: either the
 * documented default curve below or a measured table.
 *
 * Default curve (SEMEC_ACCURACY_LOGISTIC), SNR s in dB, k symbols per word:
 *
 *   eps(k, s) = e_max(k) / (1 + exp(-a (s - s_mid(k))))
 *   e_max(k)  = e_inf k / (k + k_e)                 ceiling, < e_inf <= 1
 *   s_mid(k)  = s_ref - beta 10 lg(k / k_ref)        midpoint (dB)
 *
 * Shape.  Published DeepSC-style text curves (Xie et al., IEEE TSP 2021,
 * BLEU and sentence similarity vs SNR; Yan et al., IEEE WCL 2022, the same
 * for k = 1..20 symbols per word; Mu et al. 2022 fit them with a generalised
 * logistic of the SNR in dB) are S-shaped in dB: low below about -6 dB, a
 * steep rise to about +6 dB, flat above about 10 dB, with a ceiling below 1
 * that rises with k and curves that move to lower SNR as k grows.  A
 * logistic in dB with a k-dependent ceiling and midpoint has exactly these
 * features and an exact inverse.  Constants (ours, not fitted to data):
 *   e_inf = 0.995  the ceiling as k -> inf: an offloaded result never quite
 *                  matches local execution (paper 001's ratio < 1);
 *   k_e   = 0.5    symbols per word at which the ceiling halves: e_max(4) =
 *                  0.884, e_max(8) = 0.936, e_max(16) = 0.965, e_max(24) =
 *                  0.975, so k = 4 can never meet eps_min = 0.9 (Table I)
 *                  and k = 8 only at high SNR (paper 001 Sec. V-B: small k
 *                  "cannot satisfy the constraint");
 *   a     = 0.35 /dB  the 10 %-90 % rise spans 2 ln 9 / a = 12.6 dB, the
 *                  -6 dB .. +6 dB transition of the DeepSC curves;
 *   s_ref = -1 dB, k_ref = 16  half the ceiling near 0 dB for paper 001's
 *                  text encoder (k = 16); eps = 0.9 is reached at 6.5 dB for
 *                  k = 16 and 5.2 dB for paper 000's k = 24 (Table I);
 *   beta  = 0.5    doubling k moves the curve 1.5 dB to lower SNR, half the
 *                  3 dB of plain repetition (extra symbols go partly into a
 *                  lower compression ratio rather than redundancy).
 * eps increases strictly in s and in k (both factors increase) and stays
 * below e_max(k) < 1.  inputs/accuracy-default.txt tabulates this curve in
 * the table format (a starting point for measured data).
 *
 * Table (SEMEC_ACCURACY_TABLE): a text file of lines "k snr_db accuracy"
 * (whitespace or commas; '#' starts a comment) holding every pair of its k
 * values and its SNR values exactly once (a full grid, at least 2 SNR
 * values), accuracies in [0, 1], non-decreasing in SNR for each k and in k
 * for each SNR (checked on load; an error names the file, the line and the
 * value).  Between grid points the map is bilinear in (k, SNR dB); outside
 * the grid it holds the nearest edge value (SemecAccuracyCheckK rejects a k
 * outside the table).  The inverse never asks for less than the table's
 * lowest SNR: below it the codec's behaviour is unknown.
 *
 * Nothing here communicates except SemecAccuracyLoadTable (rank 0 reads,
 * every rank gets each line, every rank raises the same error). */
#ifndef SEMEC_ACCURACY_H
#define SEMEC_ACCURACY_H
#include <semec/engine/compat.h>

typedef enum { SEMEC_ACCURACY_LOGISTIC, SEMEC_ACCURACY_TABLE } SemecAccuracyKind;

typedef struct {
  double e_inf;  /* ceiling as k -> inf, (0, 1] */
  double k_e;    /* e_max(k) = e_inf k / (k + k_e), >= 0 */
  double slope;  /* a (1/dB), > 0 */
  double s_ref;  /* midpoint (dB) at k = k_ref */
  double k_ref;  /* > 0 */
  double beta;   /* midpoint shift -beta 10 lg(k / k_ref) (dB), >= 0 */
} SemecAccuracyLogistic;

typedef struct {
  SemecAccuracyKind     kind;
  SemecAccuracyLogistic logistic;
  /* table */
  PetscInt nk, nsnr;
  double  *k;      /* [nk] increasing */
  double  *snr_db; /* [nsnr] increasing */
  double  *acc;    /* [nk * nsnr], acc[i * nsnr + j] at (k[i], snr_db[j]) */
  char     source[PETSC_MAX_PATH_LEN]; /* file the table came from */
} SemecAccuracy;

/* The default logistic curve with the constants above (no allocation). */
void           SemecAccuracyDefault(SemecAccuracy *a);
/* Checks the logistic constants (ranges above); a table is checked on load. */
PetscErrorCode SemecAccuracyValidate(MPI_Comm comm, const SemecAccuracy *a);
/* Reads a table file (format above) collectively on comm; errors name the
 * file, the line and the value.  a is overwritten (Destroy it first if it
 * held a table). */
PetscErrorCode SemecAccuracyLoadTable(MPI_Comm comm, const char *path, SemecAccuracy *a);
/* Frees a table; the map returns to the default curve. */
PetscErrorCode SemecAccuracyDestroy(SemecAccuracy *a);
/* k must be > 0 and, for a table, within its k values. */
PetscErrorCode SemecAccuracyCheckK(MPI_Comm comm, const SemecAccuracy *a, double k);

/* eps = f(k, s) with s the SNR in dB (s = -inf allowed). */
double SemecAccuracyEval(const SemecAccuracy *a, double k, double snr_db);
/* eps = f(k, gamma) with gamma the linear SNR of paper 000 eqs. (8)-(9). */
double SemecAccuracyOfSnr(const SemecAccuracy *a, double k, double snr);
/* sup over the SNR of f(k, .): e_max(k), or the table's value at its highest SNR. */
double SemecAccuracyCeiling(const SemecAccuracy *a, double k);
/* The inverse that paper 000 eq. (11) needs: the smallest SNR (dB) with
 * f(k, s) >= eps.  +inf if eps exceeds the ceiling (unattainable), -inf if
 * eps <= 0 (or, for the logistic, any SNR attains it); for a table at least
 * its lowest SNR.  Exact: the logistic inverts in closed form, the table is
 * piecewise linear in s at fixed k. */
double SemecAccuracySnrDb(const SemecAccuracy *a, double k, double eps);

#endif
