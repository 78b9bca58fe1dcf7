/* Semantic accuracy map eps = f(k, SNR): the default logistic curve and
 * measured tables with bilinear interpolation and an exact inverse (paper
 * 000 eqs. (10)-(11)).  See include/semec/semantic/accuracy.h for the model, the
 * constants and the file format. */
#include <semec/semantic/accuracy.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACC_LINE_MAX   1024
#define ACC_POINTS_MAX 10000000

void SemecAccuracyDefault(SemecAccuracy *a)
{
  memset(a, 0, sizeof(*a));
  a->kind           = SEMEC_ACCURACY_LOGISTIC;
  a->logistic.e_inf = 0.995;
  a->logistic.k_e   = 0.5;
  a->logistic.slope = 0.35;
  a->logistic.s_ref = -1.0;
  a->logistic.k_ref = 16.0;
  a->logistic.beta  = 0.5;
  snprintf(a->source, sizeof(a->source), "%s", "the default logistic curve");
}

PetscErrorCode SemecAccuracyValidate(MPI_Comm comm, const SemecAccuracy *a)
{
  const SemecAccuracyLogistic *l = &a->logistic;

  PetscFunctionBeginUser;
  if (a->kind == SEMEC_ACCURACY_TABLE) {
    PetscCheck(a->nk >= 1 && a->nsnr >= 2 && a->k && a->snr_db && a->acc, comm, PETSC_ERR_ARG_WRONGSTATE, "Accuracy table %s is empty", a->source);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(a->kind == SEMEC_ACCURACY_LOGISTIC, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy map kind %d is unknown", (int)a->kind);
  PetscCheck(l->e_inf > 0.0 && l->e_inf <= 1.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy ceiling e_inf, %g, is out of range: allowed (0, 1]", l->e_inf);
  PetscCheck(isfinite(l->k_e) && l->k_e >= 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy k_e, %g, is out of range: allowed [0, inf)", l->k_e);
  PetscCheck(isfinite(l->slope) && l->slope > 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy slope, %g /dB, is out of range: allowed (0, inf)", l->slope);
  PetscCheck(isfinite(l->s_ref), comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy midpoint s_ref, %g dB, is not finite", l->s_ref);
  PetscCheck(isfinite(l->k_ref) && l->k_ref > 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy k_ref, %g, is out of range: allowed (0, inf)", l->k_ref);
  PetscCheck(isfinite(l->beta) && l->beta >= 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Accuracy beta, %g, is out of range: allowed [0, inf)", l->beta);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecAccuracyDestroy(SemecAccuracy *a)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(a->k));
  PetscCall(PetscFree(a->snr_db));
  PetscCall(PetscFree(a->acc));
  SemecAccuracyDefault(a);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecAccuracyCheckK(MPI_Comm comm, const SemecAccuracy *a, double k)
{
  PetscFunctionBeginUser;
  PetscCheck(isfinite(k) && k > 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Symbols per word k, %g, is out of range: allowed (0, inf)", k);
  if (a->kind == SEMEC_ACCURACY_TABLE)
    PetscCheck(k >= a->k[0] && k <= a->k[a->nk - 1], comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Symbols per word k, %g, is outside the accuracy table %s, which covers k in [%g, %g]", k, a->source, a->k[0], a->k[a->nk - 1]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Logistic                                                            */

static double LogisticCeiling(const SemecAccuracyLogistic *l, double k) { return l->e_inf * k / (k + l->k_e); }
static double LogisticMid(const SemecAccuracyLogistic *l, double k) { return l->s_ref - l->beta * 10.0 * log10(k / l->k_ref); }

/* ------------------------------------------------------------------ */
/* Table                                                               */

/* Index i with x[i] <= v <= x[i+1] (n >= 2, v clamped into [x[0], x[n-1]])
 * and the weight t of x[i+1]. */
static PetscInt Bracket(const double *x, PetscInt n, double v, double *t)
{
  PetscInt lo = 0, hi = n - 1;
  if (n < 2) {
    *t = 0.0;
    return 0;
  }
  if (!(v > x[0])) {
    *t = 0.0;
    return 0;
  }
  if (!(v < x[n - 1])) {
    *t = 1.0;
    return n - 2;
  }
  while (hi - lo > 1) {
    PetscInt mid = (lo + hi) / 2;
    if (x[mid] <= v) lo = mid;
    else hi = mid;
  }
  *t = (v - x[lo]) / (x[lo + 1] - x[lo]);
  return lo;
}

/* The table's accuracy at SNR grid point j blended between the k rows
 * around k: the map at fixed k is linear in s between grid SNRs. */
static double TableRow(const SemecAccuracy *a, PetscInt i, double t, PetscInt j)
{
  double v = a->acc[i * a->nsnr + j];
  if (a->nk > 1 && t > 0.0) v = (1.0 - t) * v + t * a->acc[(i + 1) * a->nsnr + j];
  return v;
}

static double TableEval(const SemecAccuracy *a, double k, double s)
{
  double   t, u;
  PetscInt i = Bracket(a->k, a->nk, k, &t), j = Bracket(a->snr_db, a->nsnr, s, &u);
  /* bilinear in (k, SNR dB) */
  return (1.0 - u) * TableRow(a, i, t, j) + u * TableRow(a, i, t, j + 1);
}

static double TableInverse(const SemecAccuracy *a, double k, double eps)
{
  double   t, prev;
  PetscInt i = Bracket(a->k, a->nk, k, &t);

  prev = TableRow(a, i, t, 0);
  if (eps <= prev) return a->snr_db[0]; /* never below the table's lowest SNR */
  for (PetscInt j = 1; j < a->nsnr; j++) {
    double cur = TableRow(a, i, t, j);
    if (cur >= eps) { /* first grid SNR reaching eps: prev < eps <= cur */
      double s0 = a->snr_db[j - 1], s1 = a->snr_db[j];
      return s0 + (eps - prev) / (cur - prev) * (s1 - s0);
    }
    prev = cur;
  }
  return PETSC_INFINITY;
}

/* ------------------------------------------------------------------ */
/* Public evaluation                                                   */

double SemecAccuracyEval(const SemecAccuracy *a, double k, double snr_db)
{
  if (a->kind == SEMEC_ACCURACY_TABLE) return TableEval(a, k, snr_db);
  {
    const SemecAccuracyLogistic *l = &a->logistic;
    return LogisticCeiling(l, k) / (1.0 + exp(-l->slope * (snr_db - LogisticMid(l, k))));
  }
}

double SemecAccuracyOfSnr(const SemecAccuracy *a, double k, double snr)
{
  return SemecAccuracyEval(a, k, snr > 0.0 ? 10.0 * log10(snr) : -PETSC_INFINITY);
}

double SemecAccuracyCeiling(const SemecAccuracy *a, double k)
{
  if (a->kind == SEMEC_ACCURACY_TABLE) return TableEval(a, k, a->snr_db[a->nsnr - 1]);
  return LogisticCeiling(&a->logistic, k);
}

double SemecAccuracySnrDb(const SemecAccuracy *a, double k, double eps)
{
  if (!(eps > 0.0)) return -PETSC_INFINITY;
  if (a->kind == SEMEC_ACCURACY_TABLE) return TableInverse(a, k, eps);
  {
    const SemecAccuracyLogistic *l = &a->logistic;
    double                       emax = LogisticCeiling(l, k), sig;
    if (eps >= emax) return PETSC_INFINITY;
    sig = eps / emax;
    /* s = s_mid + logit(sig) / a; log1p keeps the precision near the ceiling */
    return LogisticMid(l, k) + (log(sig) - log1p(-sig)) / l->slope;
  }
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

typedef struct {
  double   k, s, acc;
  PetscInt line;
} AccPoint;

static int CompareReal(const void *x, const void *y)
{
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* Sorted unique values of v[0..n) into u (allocated), count in *nu. */
static PetscErrorCode Unique(PetscInt n, const double *v, double **u, PetscInt *nu)
{
  PetscInt m = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n, u));
  PetscCall(PetscArraycpy(*u, v, n));
  qsort(*u, (size_t)n, sizeof(double), CompareReal);
  for (PetscInt i = 0; i < n; i++)
    if (m == 0 || (*u)[i] != (*u)[m - 1]) (*u)[m++] = (*u)[i];
  *nu = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscInt FindExact(const double *x, PetscInt n, double v)
{
  PetscInt lo = 0, hi = n - 1;
  while (lo <= hi) {
    PetscInt mid = (lo + hi) / 2;
    if (x[mid] == v) return mid;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* Parses "k snr acc" (whitespace or commas) after comments are cut; returns
 * the count of numbers read (3 on success, -1 on text that is no number). */
static int ParseLine(char *text, double v[3])
{
  int   n = 0;
  char *p = text;
  for (;;) {
    char *end;
    while (*p && (isspace((unsigned char)*p) || *p == ',')) p++;
    if (!*p) return n;
    if (n == 3) return 4;
    v[n] = strtod(p, &end);
    if (end == p) return -1;
    p = end;
    if (*p && !isspace((unsigned char)*p) && *p != ',') return -1;
    n++;
  }
}

PetscErrorCode SemecAccuracyLoadTable(MPI_Comm comm, const char *path, SemecAccuracy *a)
{
  FILE     *fp = NULL;
  char      line[ACC_LINE_MAX];
  PetscBool exists;
  AccPoint *pt  = NULL;
  PetscInt  npt = 0, cap = 0, lineno = 0, nk, ns;
  double   *kv = NULL, *sv = NULL, *ku = NULL, *su = NULL, *acc = NULL;
  PetscInt *where = NULL;

  PetscFunctionBeginUser;
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "Accuracy table %s cannot be read (no such file or no permission)", path);
  PetscCall(PetscFOpen(comm, path, "r", &fp));
  for (;;) {
    double v[3];
    int    n;
    char  *hash;
    size_t len;

    PetscCall(PetscSynchronizedFGets(comm, fp, sizeof(line), line));
    if (!line[0]) break; /* end of file */
    lineno++;
    len = strlen(line);
    PetscCheck(len < sizeof(line) - 1 || line[len - 1] == '\n', comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s, line %" PetscInt_FMT ": longer than %d characters",
               path, lineno, ACC_LINE_MAX - 2);
    if (len && line[len - 1] == '\n') line[--len] = 0;
    if ((hash = strchr(line, '#'))) *hash = 0;
    n = ParseLine(line, v);
    if (n == 0) continue;
    PetscCheck(n == 3, comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s, line %" PetscInt_FMT ": expected three numbers 'k snr_db accuracy', found '%s'", path,
               lineno, line);
    PetscCheck(isfinite(v[0]) && v[0] > 0.0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "Accuracy table %s, line %" PetscInt_FMT ": symbols per word k = %g is out of range: allowed (0, inf)", path, lineno, v[0]);
    PetscCheck(isfinite(v[1]), comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s, line %" PetscInt_FMT ": SNR %g dB is not finite", path, lineno, v[1]);
    PetscCheck(v[2] >= 0.0 && v[2] <= 1.0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "Accuracy table %s, line %" PetscInt_FMT ": accuracy %g is out of range: allowed [0, 1]", path, lineno, v[2]);
    PetscCheck(npt < ACC_POINTS_MAX, comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s has more than %d points", path, ACC_POINTS_MAX);
    if (npt == cap) {
      AccPoint *grown;
      cap = cap ? 2 * cap : 64;
      PetscCall(PetscMalloc1(cap, &grown));
      if (npt) PetscCall(PetscArraycpy(grown, pt, npt));
      PetscCall(PetscFree(pt));
      pt = grown;
    }
    pt[npt].k    = v[0];
    pt[npt].s    = v[1];
    pt[npt].acc  = v[2];
    pt[npt].line = lineno;
    npt++;
  }
  PetscCall(PetscFClose(comm, fp));
  PetscCheck(npt > 0, comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s holds no points", path);

  /* the grid of its k and SNR values */
  PetscCall(PetscMalloc2(npt, &kv, npt, &sv));
  for (PetscInt p = 0; p < npt; p++) {
    kv[p] = pt[p].k;
    sv[p] = pt[p].s;
  }
  PetscCall(Unique(npt, kv, &ku, &nk));
  PetscCall(Unique(npt, sv, &su, &ns));
  PetscCall(PetscFree2(kv, sv));
  PetscCheck(ns >= 2, comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s has a single SNR value, %g dB: at least 2 are needed", path, su[0]);
  PetscCall(PetscMalloc1(nk * ns, &acc));
  PetscCall(PetscMalloc1(nk * ns, &where));
  for (PetscInt c = 0; c < nk * ns; c++) where[c] = -1;
  for (PetscInt p = 0; p < npt; p++) {
    PetscInt c = FindExact(ku, nk, pt[p].k) * ns + FindExact(su, ns, pt[p].s);
    PetscCheck(where[c] < 0, comm, PETSC_ERR_FILE_UNEXPECTED, "Accuracy table %s, line %" PetscInt_FMT ": point k = %g, SNR = %g dB repeats line %" PetscInt_FMT, path,
               pt[p].line, pt[p].k, pt[p].s, where[c] < 0 ? 0 : pt[where[c]].line);
    where[c] = p;
    acc[c]   = pt[p].acc;
  }
  for (PetscInt i = 0; i < nk; i++)
    for (PetscInt j = 0; j < ns; j++)
      PetscCheck(where[i * ns + j] >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "Accuracy table %s has no point k = %g, SNR = %g dB: the table must hold every pair of its k and SNR values", path, ku[i], su[j]);
  /* monotonicity: non-decreasing in SNR (the inverse of eq. (11) needs it) and in k */
  for (PetscInt i = 0; i < nk; i++)
    for (PetscInt j = 0; j < ns; j++) {
      const AccPoint *cur = &pt[where[i * ns + j]];
      if (j > 0) {
        const AccPoint *lo = &pt[where[i * ns + j - 1]];
        PetscCheck(cur->acc >= lo->acc, comm, PETSC_ERR_FILE_UNEXPECTED,
                   "Accuracy table %s, line %" PetscInt_FMT ": accuracy %g at k = %g, SNR = %g dB is below %g at the lower SNR %g dB (line %" PetscInt_FMT
                   "): the accuracy must not decrease as the SNR grows",
                   path, cur->line, cur->acc, cur->k, cur->s, lo->acc, lo->s, lo->line);
      }
      if (i > 0) {
        const AccPoint *lo = &pt[where[(i - 1) * ns + j]];
        PetscCheck(cur->acc >= lo->acc, comm, PETSC_ERR_FILE_UNEXPECTED,
                   "Accuracy table %s, line %" PetscInt_FMT ": accuracy %g at k = %g, SNR = %g dB is below %g at the smaller k = %g (line %" PetscInt_FMT
                   "): the accuracy must not decrease as k grows",
                   path, cur->line, cur->acc, cur->k, cur->s, lo->acc, lo->k, lo->line);
      }
    }
  PetscCall(PetscFree(where));
  PetscCall(PetscFree(pt));

  memset(a, 0, sizeof(*a));
  a->kind   = SEMEC_ACCURACY_TABLE;
  a->nk     = nk;
  a->nsnr   = ns;
  a->k      = ku;
  a->snr_db = su;
  a->acc    = acc;
  PetscCall(PetscStrncpy(a->source, path, sizeof(a->source)));
  PetscFunctionReturn(PETSC_SUCCESS);
}
