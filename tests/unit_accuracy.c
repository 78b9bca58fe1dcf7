/* The semantic accuracy map eps = f(k, SNR): the default logistic curve
 * (hand values, monotonicity, inverse(forward) = identity to 1e-10), a
 * measured table (bilinear interpolation and its inverse against values
 * computed by hand), the load errors (each names the file, the line and the
 * value) and inputs/accuracy-default.txt, which must tabulate the default. */
#include <semec/semantic/accuracy.h>
#include <stdio.h>
#include <string.h>
#include "check.h"

static char last_error[4096];

/* Keeps the message of the error as first raised (not the traceback). */
static PetscErrorCode CaptureError(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) snprintf(last_error, sizeof(last_error), "%s", mess ? mess : "");
  return n;
}

static void WriteFile(const char *path, const char *text)
{
  FILE *fp = fopen(path, "w");
  if (!fp) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(1);
  }
  fputs(text, fp);
  fclose(fp);
}

static void Default(void)
{
  SemecAccuracy a;
  SemecAccuracyDefault(&a);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyValidate(PETSC_COMM_SELF, &a));
  /* k = 16, s = s_ref = -1 dB: half the ceiling, e_max(16) / 2 = 0.995 x 16 / 16.5 / 2 = 0.48242424 */
  CHECK_CLOSE(SemecAccuracyEval(&a, 16.0, -1.0), 0.995 * 16.0 / 33.0, 1e-15);
  /* k = 16, s = -1 + ln 9 / 0.35 = 5.2778 dB: 0.9 of the ceiling, 0.86836364 */
  CHECK_CLOSE(SemecAccuracyEval(&a, 16.0, -1.0 + log(9.0) / 0.35), 0.9 * 0.995 * 16.0 / 16.5, 1e-14);
  /* k = 24, s = 0 dB: e_max = 0.974694, s_mid = -1 - 5 lg 1.5 = -1.880456 dB, eps = 0.974694 / (1 + e^{-0.658160}) = 0.642174 */
  CHECK_CLOSE(SemecAccuracyEval(&a, 24.0, 0.0), 0.642174010682089, 1e-13);
  CHECK_CLOSE(SemecAccuracyCeiling(&a, 24.0), 0.9746938775510203, 1e-15);
  /* linear SNR 1 = 0 dB */
  CHECK_CLOSE(SemecAccuracyOfSnr(&a, 24.0, 1.0), 0.642174010682089, 1e-13);
  CHECK_CLOSE(SemecAccuracyOfSnr(&a, 24.0, 0.0), 0.0, 0.0);
  /* eps_min = 0.9 (paper 000 Table I) needs 5.231 dB at k = 24, 6.515 dB at k = 16, 9.665 dB at k = 8;
   * k = 4 never reaches it (ceiling 0.884) */
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 24.0, 0.9), 5.230962661977387, 1e-12);
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 16.0, 0.9), 6.515260619356838, 1e-12);
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 8.0, 0.9), 9.664831776438165, 1e-12);
  CHECK(SemecAccuracySnrDb(&a, 4.0, 0.9) == PETSC_INFINITY);
  CHECK(SemecAccuracySnrDb(&a, 24.0, 0.975) == PETSC_INFINITY);
  CHECK(SemecAccuracySnrDb(&a, 24.0, 0.0) == -PETSC_INFINITY);

  /* strictly increasing in SNR and in k, below 1 */
  const double ks[] = {1.0, 2.0, 4.0, 7.3, 8.0, 12.0, 16.0, 20.0, 24.0, 32.0, 64.0};
  for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
    for (double s = -20.0; s <= 40.0; s += 0.5) {
      double e = SemecAccuracyEval(&a, ks[i], s);
      CHECK(e > 0.0 && e < 1.0);
      CHECK(SemecAccuracyEval(&a, ks[i], s + 0.5) > e);
      if (i + 1 < sizeof(ks) / sizeof(ks[0])) CHECK(SemecAccuracyEval(&a, ks[i + 1], s) > e);
    }
  /* inverse(forward(s)) = s to 1e-10 dB over the operating range, forward(inverse(eps)) = eps */
  double maxerr = 0.0;
  for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
    for (double s = -10.0; s <= 25.0; s += 0.125) {
      double back = SemecAccuracySnrDb(&a, ks[i], SemecAccuracyEval(&a, ks[i], s));
      maxerr      = PetscMax(maxerr, fabs(back - s));
      CHECK(fabs(back - s) <= 1e-10);
    }
  for (double e = 0.01; e < 0.97; e += 0.01) CHECK_CLOSE(SemecAccuracyEval(&a, 24.0, SemecAccuracySnrDb(&a, 24.0, e)), e, 1e-13);
  printf("default curve: max |inverse(forward(s)) - s| = %.3g dB\n", maxerr);

  /* invalid constants */
  PetscErrorCode ierr;
  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  a.logistic.e_inf = 1.2;
  ierr             = SemecAccuracyValidate(PETSC_COMM_SELF, &a);
  CHECK(ierr != 0);
  SemecAccuracyDefault(&a);
  ierr = SemecAccuracyCheckK(PETSC_COMM_SELF, &a, 0.0);
  CHECK(ierr != 0);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
}

static void Table(void)
{
  /* k = 8:  0.2 at 0 dB, 0.6 at 10 dB, 0.8 at 20 dB
   * k = 16: 0.3 at 0 dB, 0.8 at 10 dB, 0.9 at 20 dB
   * in any order, with comments, commas and blank lines */
  const char   *path = "unit_accuracy_table.txt";
  SemecAccuracy a;
  WriteFile(path, "# measured\n\n16 10 0.8\n8, 0, 0.2   # comma separated\n16 0 0.3\n  8 20 0.8\n8 10 0.6\n16 20 0.9\n");
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyLoadTable(PETSC_COMM_SELF, path, &a));
  CHECK_EQ_INT(a.nk, 2);
  CHECK_EQ_INT(a.nsnr, 3);
  /* grid points */
  CHECK_CLOSE(SemecAccuracyEval(&a, 8.0, 10.0), 0.6, 1e-15);
  CHECK_CLOSE(SemecAccuracyEval(&a, 16.0, 20.0), 0.9, 1e-15);
  /* (12, 5): k = 8 gives (0.2 + 0.6) / 2 = 0.4, k = 16 gives (0.3 + 0.8) / 2 = 0.55; halfway 0.475 */
  CHECK_CLOSE(SemecAccuracyEval(&a, 12.0, 5.0), 0.475, 1e-15);
  /* (10, 15): k = 8 gives 0.7, k = 16 gives 0.85; a quarter of the way 0.7 + 0.25 x 0.15 = 0.7375 */
  CHECK_CLOSE(SemecAccuracyEval(&a, 10.0, 15.0), 0.7375, 1e-15);
  /* outside the grid: edge values */
  CHECK_CLOSE(SemecAccuracyEval(&a, 16.0, 30.0), 0.9, 1e-15);
  CHECK_CLOSE(SemecAccuracyEval(&a, 8.0, -5.0), 0.2, 1e-15);
  CHECK_CLOSE(SemecAccuracyEval(&a, 20.0, 10.0), 0.8, 1e-15);
  CHECK_CLOSE(SemecAccuracyCeiling(&a, 12.0), 0.85, 1e-15);
  /* inverse at k = 12, whose row is 0.25, 0.7, 0.85 at 0, 10, 20 dB:
   *   eps = 0.5 -> 0 + (0.5 - 0.25) / 0.45 x 10 = 50/9 = 5.5556 dB;  eps = 0.8 -> 10 + 0.1 / 0.15 x 10 = 16.667 dB;
   *   eps = 0.9 -> unattainable;  eps = 0.2 -> the lowest SNR, 0 dB */
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 12.0, 0.5), 50.0 / 9.0, 1e-14);
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 12.0, 0.8), 50.0 / 3.0, 1e-14);
  CHECK(SemecAccuracySnrDb(&a, 12.0, 0.9) == PETSC_INFINITY);
  CHECK_CLOSE(SemecAccuracySnrDb(&a, 12.0, 0.2), 0.0, 0.0);
  /* inverse(forward(s)) = s inside the grid, where the map increases strictly */
  for (double k = 8.0; k <= 16.0; k += 0.5)
    for (double s = 0.25; s < 20.0; s += 0.25) CHECK(fabs(SemecAccuracySnrDb(&a, k, SemecAccuracyEval(&a, k, s)) - s) <= 1e-10);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyCheckK(PETSC_COMM_SELF, &a, 12.0));
  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(CaptureError, NULL));
  CHECK(SemecAccuracyCheckK(PETSC_COMM_SELF, &a, 20.0) != 0);
  CHECK(strstr(last_error, path) && strstr(last_error, "20"));
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyDestroy(&a));
  CHECK(a.kind == SEMEC_ACCURACY_LOGISTIC && !a.acc);
  remove(path);
}

/* Loading `text` must fail with a message holding every string of want[]. */
static void ExpectError(const char *text, const char *const want[])
{
  const char   *path = "unit_accuracy_bad.txt";
  SemecAccuracy a;
  WriteFile(path, text);
  last_error[0] = 0;
  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(CaptureError, NULL));
  PetscErrorCode ierr = SemecAccuracyLoadTable(PETSC_COMM_SELF, path, &a);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
  CHECK(ierr != 0);
  for (int i = 0; want[i]; i++)
    if (!strstr(last_error, want[i])) {
      fprintf(stderr, "error message lacks '%s': %s\n", want[i], last_error);
      semec_test_failures++;
    }
  remove(path);
}

static void Errors(void)
{
  /* accuracy falls with SNR on line 4 (0.55 after 0.6) */
  ExpectError("8 0 0.2\n8 10 0.6\n# comment\n8 20 0.55\n16 0 0.3\n16 10 0.8\n16 20 0.9\n",
              (const char *const[]){"unit_accuracy_bad.txt", "line 4", "0.55", "SNR", NULL});
  /* accuracy falls with k on line 6 (0.5 at k = 16 below 0.6 at k = 8) */
  ExpectError("8 0 0.2\n8 10 0.6\n8 20 0.8\n16 0 0.3\n\n16 10 0.5\n16 20 0.9\n", (const char *const[]){"unit_accuracy_bad.txt", "line 6", "0.5", "as k grows", NULL});
  /* a missing grid point */
  ExpectError("8 0 0.2\n8 10 0.6\n16 0 0.3\n", (const char *const[]){"unit_accuracy_bad.txt", "k = 16", "SNR = 10", NULL});
  /* a repeated point */
  ExpectError("8 0 0.2\n8 10 0.6\n8 0 0.25\n", (const char *const[]){"unit_accuracy_bad.txt", "line 3", "repeats line 1", NULL});
  /* not three numbers */
  ExpectError("8 0 0.2\n8 10\n", (const char *const[]){"unit_accuracy_bad.txt", "line 2", "'8 10'", NULL});
  ExpectError("8 0 0.2 7\n", (const char *const[]){"line 1", NULL});
  ExpectError("8 0 high\n", (const char *const[]){"line 1", "high", NULL});
  /* values out of range */
  ExpectError("8 0 0.2\n8 10 1.2\n", (const char *const[]){"line 2", "1.2", "[0, 1]", NULL});
  ExpectError("-8 0 0.2\n", (const char *const[]){"line 1", "-8", NULL});
  /* a single SNR value, no points */
  ExpectError("8 0 0.2\n16 0 0.3\n", (const char *const[]){"single SNR", NULL});
  ExpectError("# nothing\n", (const char *const[]){"no points", NULL});
  /* a file that is not there */
  {
    SemecAccuracy a;
    PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(CaptureError, NULL));
    CHECK(SemecAccuracyLoadTable(PETSC_COMM_SELF, "no-such-accuracy-table.txt", &a) != 0);
    PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
    CHECK(strstr(last_error, "no-such-accuracy-table.txt") != NULL);
  }
}

/* inputs/accuracy-default.txt tabulates the default curve. */
static void DefaultFile(void)
{
  char          path[PETSC_MAX_PATH_LEN];
  const char   *slash = strrchr(__FILE__, '/');
  SemecAccuracy t, d;

  if (!slash) {
    fprintf(stderr, "cannot locate the source tree from %s\n", __FILE__);
    semec_test_failures++;
    return;
  }
  snprintf(path, sizeof(path), "%.*s/../inputs/accuracy-default.txt", (int)(slash - __FILE__), __FILE__);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyLoadTable(PETSC_COMM_SELF, path, &t));
  SemecAccuracyDefault(&d);
  for (PetscInt i = 0; i < t.nk; i++)
    for (PetscInt j = 0; j < t.nsnr; j++) CHECK_CLOSE(t.acc[i * t.nsnr + j], SemecAccuracyEval(&d, t.k[i], t.snr_db[j]), 1e-11);
  /* between the grid points the bilinear table stays close to the curve */
  for (double k = 4.0; k <= 32.0; k += 1.0)
    for (double s = -10.0; s <= 30.0; s += 0.25) CHECK(fabs(SemecAccuracyEval(&t, k, s) - SemecAccuracyEval(&d, k, s)) < 0.02);
  /* the required SNR of eps_min = 0.9 at k = 24 within 0.1 dB */
  CHECK(fabs(SemecAccuracySnrDb(&t, 24.0, 0.9) - SemecAccuracySnrDb(&d, 24.0, 0.9)) < 0.1);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyDestroy(&t));
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  Default();
  Table();
  Errors();
  DefaultFile();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
