/* Paper 004's per-block equations and learner (include/semec/p004/block.h,
 * qlearn.h) against values computed here, independently of src/p004:
 *   - the hand values of docs/specs p004 Sec. 1.11: the path loss
 *     30.6 + 37.6 lg d[m], the noise-normalised mean gain h = g / (N0 B),
 *     the power (4) for three outputs at 100 m and 200 m, the split example
 *     (W = 1e8, 3 tasks, h p / Gamma = 7), the energies (2) and (7);
 *   - the split rule against a brute-force scan over the split task j of
 *     an explicit task list, on random queues, capacities and CPU limits,
 *     and at its boundaries (cap 0, cap >= W, a head that spans blocks,
 *     C_max = 0, an empty queue); every case conserves q = C + rho + the
 *     queue after and leaves a well-formed queue (head r < W);
 *   - the offload capacity, the power (4) and the delivery test agree, down
 *     to powers with h p / Gamma ~ 1e-12;
 *   - the gradients of delta^2 / 2 (26)-(27), (33)-(34) with the corrected
 *     sign against central finite differences, for one action (WD) and n
 *     actions (server); the printed sign fails the same comparison;
 *   - the step sizes alpha_0 / (1 + t / t_alpha) meet (36);
 *   - the sigmoid features and the counter-RNG basis.
 *
 * Values: B = 1 MHz, tau = 0.1 s, Gamma = 1.5, N0 = -174 dBm/Hz, so
 * sigma^2 = 10^-20.4 W = 3.981e-15 W. */
#include <semec/p004/block.h>
#include <semec/p004/qlearn.h>
#include <semec/engine/channel.h>
#include <string.h>
#include "check.h"

#define LN2 0.69314718055994530942

/* Sec. VI with W = 1e8 and a whole task's output zeta W = 1 Mbit. */
static void Params(SemecP004Params *par)
{
  memset(par, 0, sizeof(*par));
  par->n         = 5;
  par->tau       = 0.1;
  par->W         = 100000000;
  par->zeta      = 0.01;
  par->B         = 1e6;
  par->gap       = 1.5;
  par->f_wd_max  = 1e9;
  par->xi_wd     = 1e-28;
  par->f_ser_max = 1e10;
  par->xi_ser    = 1e-29;
  par->p_max     = 1.0;
  par->w[0]      = 1e-8;
  par->w[1]      = 1.0;
  par->w[2]      = 1e-8;
  par->w[3]      = 100.0;
  par->gamma     = 0.99;
}

/* A small deterministic generator for the random cases (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t Next(void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dULL;
}
static double  Unif(void) { return (double)(Next() >> 11) * (1.0 / 9007199254740992.0); }
static int64_t Below(int64_t m) { return m > 0 ? (int64_t)(Next() % (uint64_t)m) : 0; }
static double  Normal(void) { return sqrt(-2.0 * log(1.0 - Unif())) * cos(6.283185307179586 * Unif()); }

static void HandValues(void)
{
  SemecConfig     cfg;
  SemecP004Params par;
  SemecP004Split  s;
  SemecP004Queue  q = {0, 3};
  double          sigma2, h100, h200, f1[1] = {1e10}, f5[5] = {1e10, 0, 0, 0, 0};

  /* path loss, -chan_pathloss p004: 30.6 + 37.6 lg d[m] */
  memset(&cfg, 0, sizeof(cfg));
  cfg.pathloss       = SEMEC_PL_P004;
  cfg.min_distance_m = 1.0;
  cfg.noise_dbm_hz   = -174.0;
  cfg.subcarrier_hz  = 1e6;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1.0), 30.6, 1e-14);
  CHECK_CLOSE(SemecPathLossDb(&cfg, 0.5), 30.6, 1e-14); /* below the 1 m floor */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 10.0), 68.2, 1e-14);
  CHECK_CLOSE(SemecPathLossDb(&cfg, 100.0), 105.8, 1e-14);
  CHECK(fabs(SemecPathLossDb(&cfg, 200.0) - 117.12) < 0.005);
  CHECK_CLOSE(SemecPathLossDb(&cfg, 200.0), 30.6 + 37.6 * log10(200.0), 1e-14);
  /* noise N0 B = -144 dBW and the mean gains over it */
  sigma2 = SemecNoisePower(&cfg);
  CHECK_CLOSE(sigma2, 3.981e-15, 1e-4);
  h100 = SemecGainOfLossDb(SemecPathLossDb(&cfg, 100.0)) / sigma2;
  h200 = SemecGainOfLossDb(SemecPathLossDb(&cfg, 200.0)) / sigma2;
  CHECK_CLOSE(h100, 6607.0, 1e-4);  /* 38.2 dB */
  CHECK_CLOSE(h200, 487.7, 1e-4);   /* 26.9 dB */
  CHECK_CLOSE(10.0 * log10(h100), 38.2, 1e-3);
  CHECK_CLOSE(10.0 * log10(h200), 26.9, 1e-3);

  /* (4): p = (Gamma / h) (2^{D / (tau B)} - 1) with D = zeta rho; tau B = 1e5 bit */
  Params(&par);
  CHECK_CLOSE(SemecP004Power(&par, 487.7, 100000000), 3.147, 1e-3); /* D = 1e6 bit */
  CHECK_CLOSE(SemecP004Power(&par, 487.7, 50000000), 0.0954, 1e-3); /* 5e5 */
  CHECK_CLOSE(SemecP004Power(&par, 487.7, 30000000), 0.0215, 2e-3); /* 3e5 */
  CHECK_CLOSE(SemecP004Power(&par, 6607.0, 100000000), 0.232, 2e-3);
  CHECK_CLOSE(SemecP004Power(&par, 6607.0, 50000000), 7.04e-3, 2e-3);
  CHECK_CLOSE(SemecP004Power(&par, 6607.0, 30000000), 1.59e-3, 2e-3);
  CHECK_CLOSE(SemecP004Power(&par, 487.7, 100000000), 1.5 / 487.7 * 1023.0, 1e-13);
  CHECK_CLOSE(SemecP004Power(&par, 6607.0, 50000000), 1.5 / 6607.0 * 31.0, 1e-13);
  CHECK_CLOSE(SemecP004Power(&par, 6607.0, 30000000), 1.5 / 6607.0 * 7.0, 1e-13);
  CHECK(SemecP004Power(&par, 487.7, 0) == 0.0);
  /* a whole raw task at the mean 200 m gain: 1023 Gamma / h200 */
  CHECK_CLOSE(SemecP004Power(&par, h200, par.W), 1023.0 * 1.5 / h200, 1e-13);

  /* the split example: h p / Gamma = 1000 x 0.0105 / 1.5 = 7, log2 8 = 3,
   * 3e5 bit = 3e7 cycles; L_3 = 2e8 + 7e7 = 2.7e8 <= C_max = 5e8 */
  CHECK_EQ_INT(SemecP004LocalCapacity(&par), 500000000);
  CHECK_EQ_INT(SemecP004OffloadCapacity(&par, 1000.0, 0.0105), 30000000);
  SemecP004SplitBlock(&par, q, SemecP004OffloadCapacity(&par, 1000.0, 0.0105), PETSC_FALSE, &s);
  CHECK_EQ_INT(s.local, 270000000);
  CHECK_EQ_INT(s.rho, 30000000);
  CHECK_EQ_INT(s.done, 2);
  CHECK(!s.spans);
  CHECK_EQ_INT(s.after.r, 0);
  CHECK_EQ_INT(s.after.N, 0);
  CHECK_EQ_INT((300000000 - s.local) % par.W, s.rho); /* (6): (q - C) mod W */
  CHECK_CLOSE(SemecP004LocalRate(&par, s.local), 5.4e8, 1e-15);
  CHECK_CLOSE(SemecP004LocalEnergy(&par, s.local), 7.8732e-3, 1e-12); /* 0.5 x 1e-28 x (5.4e8)^3 */
  CHECK_CLOSE(par.tau * SemecP004Power(&par, 1000.0, s.rho), 1.05e-3, 1e-12); /* (5) */
  CHECK(SemecP004Delivers(&par, 1000.0, 0.0105, s.rho));
  CHECK_CLOSE(SemecP004Power(&par, 1000.0, s.rho), 0.0105, 1e-12); /* p_used = p when rho = cap */

  /* energies: xi 1e-28 at 1 GHz for one slot 0.01 J; xi^ser 1e-29 at 10 GHz 1 J */
  par.n = 1;
  CHECK_CLOSE(SemecP004LocalEnergy(&par, 100000000), 0.01, 1e-14);
  CHECK_CLOSE(SemecP004ServerEnergy(&par, f1), 1.0, 1e-14);
  par.n = 5;
  CHECK_CLOSE(SemecP004LocalEnergy(&par, 500000000), 0.05, 1e-14); /* five slots at 1 GHz */
  CHECK_CLOSE(SemecP004ServerEnergy(&par, f5), 1.0, 1e-14);         /* (7) charges the rates: one busy slot */
  for (int i = 0; i < 5; i++) f5[i] = 1e10;
  CHECK_CLOSE(SemecP004ServerEnergy(&par, f5), 5.0, 1e-14);
  CHECK_EQ_INT(SemecP004ServerSlotCycles(&par, 1e10), 1000000000);
  CHECK_EQ_INT(SemecP004ServerSlotCycles(&par, 12345.6), 1234);
  CHECK(SemecP004LocalEnergy(&par, 0) == 0.0);
}

/* The split rule by its definition, on the explicit FIFO: task j (1-based)
 * of size w_j offloads o_j = min(cap, w_j) (binary: W if w_j = W and
 * cap >= W, else 0); L_j = w_1 + .. + w_{j-1} + w_j - o_j; the split task is
 * the last j with L_j <= C_max; if even L_1 > C_max, the head is computed for
 * C_max and stays. */
static void SplitBrute(const SemecP004Params *par, SemecP004Queue q, int64_t cap, PetscBool whole_only, SemecP004Split *s)
{
  int64_t W = par->W, cmax = SemecP004LocalCapacity(par), w[64], L = 0, before = 0, jstar = 0, Lstar = 0, ostar = 0;

  if (cap < 0) cap = 0;
  if (q.r > 0) w[L++] = q.r;
  for (int64_t i = 0; i < q.N; i++) w[L++] = W;
  memset(s, 0, sizeof(*s));
  s->after = q;
  if (L == 0) return;
  for (int64_t j = 0; j < L; j++) {
    int64_t o  = whole_only ? (w[j] == W && cap >= W ? W : 0) : (cap < w[j] ? cap : w[j]);
    int64_t Lj = before + w[j] - o;
    if (Lj <= cmax) jstar = j + 1, Lstar = Lj, ostar = o;
    before += w[j];
  }
  if (jstar == 0) {
    s->local = cmax;
    s->spans = PETSC_TRUE;
    if (cmax == 0) return; /* nothing computed: the queue stays as it was */
    s->after.r = w[0] - cmax;
    s->after.N = q.r > 0 ? q.N : q.N - 1;
    return;
  }
  s->local   = Lstar;
  s->rho     = ostar;
  s->done    = jstar - 1 + (ostar == 0 ? 1 : 0);
  s->after.r = 0;
  s->after.N = L - jstar;
}

/* The rule's invariants: conservation, rho <= cap, C <= C_max, binary whole. */
static int SplitInvariants(const SemecP004Params *par, SemecP004Queue q, int64_t cap, PetscBool whole_only, const SemecP004Split *s)
{
  int ok = 1;
  ok &= SemecP004QueueCycles(par, q) == s->local + s->rho + SemecP004QueueCycles(par, s->after);
  ok &= s->rho >= 0 && s->rho <= (cap > 0 ? cap : 0) && s->rho <= par->W;
  ok &= s->local >= 0 && s->local <= SemecP004LocalCapacity(par);
  ok &= s->after.r >= 0 && s->after.r < par->W && s->after.N >= 0;
  if (whole_only) ok &= s->rho == 0 || s->rho == par->W;
  if (s->spans) ok &= s->rho == 0 && s->local == SemecP004LocalCapacity(par);
  return ok;
}

static int SplitEqual(const SemecP004Split *a, const SemecP004Split *b)
{
  return a->local == b->local && a->rho == b->rho && a->done == b->done && a->spans == b->spans && a->after.r == b->after.r && a->after.N == b->after.N;
}

static void SplitRule(void)
{
  SemecP004Params par;
  SemecP004Split  s, b;
  int             bad = 0, badinv = 0, spans = 0, split = 0, whole = 0;

  /* random cases against the brute force */
  Params(&par);
  for (int c = 0; c < 200000; c++) {
    SemecP004Queue q;
    int64_t        cap;
    PetscBool      whole_only = (PetscBool)(Next() & 1);
    par.W                     = 1 + Below(c % 3 == 0 ? 20 : 1000000);
    par.n                     = 1 + Below(SEMEC_P004_MAX_SLOTS);
    par.tau                   = 0.1;
    par.f_wd_max              = (double)Below(12 * par.W) / (par.n * par.tau); /* C_max from 0 to ~12 W */
    q.r                       = Next() % 3 == 0 ? 0 : Below(par.W);
    q.N                       = Below(40);
    switch (Below(6)) {
    case 0: cap = 0; break;
    case 1: cap = par.W; break;
    case 2: cap = par.W + Below(par.W + 1); break;
    case 3: cap = -Below(5); break;
    case 4: cap = q.r > 0 ? q.r : Below(par.W); break;
    default: cap = Below(par.W); break;
    }
    SemecP004SplitBlock(&par, q, cap, whole_only, &s);
    SplitBrute(&par, q, cap, whole_only, &b);
    if (!SplitEqual(&s, &b) && bad++ < 5)
      fprintf(stderr, "split W %lld C_max %lld r %lld N %lld cap %lld whole %d: C %lld rho %lld done %lld after (%lld, %lld); brute force C %lld rho %lld done %lld after (%lld, %lld)\n",
              (long long)par.W, (long long)SemecP004LocalCapacity(&par), (long long)q.r, (long long)q.N, (long long)cap, (int)whole_only, (long long)s.local, (long long)s.rho,
              (long long)s.done, (long long)s.after.r, (long long)s.after.N, (long long)b.local, (long long)b.rho, (long long)b.done, (long long)b.after.r, (long long)b.after.N);
    if (!SplitInvariants(&par, q, cap, whole_only, &s) && badinv++ < 5)
      fprintf(stderr, "split W %lld C_max %lld r %lld N %lld cap %lld whole %d: C %lld rho %lld done %lld spans %d after (%lld, %lld) breaks an invariant\n", (long long)par.W,
              (long long)SemecP004LocalCapacity(&par), (long long)q.r, (long long)q.N, (long long)cap, (int)whole_only, (long long)s.local, (long long)s.rho, (long long)s.done,
              (int)s.spans, (long long)s.after.r, (long long)s.after.N);
    spans += s.spans;
    split += s.rho > 0 && s.rho < par.W;
    whole += s.rho == par.W;
  }
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(badinv, 0);
  CHECK(spans > 1000 && split > 1000 && whole > 1000); /* every branch was reached */

  /* cap = 0: whole tasks only, C a multiple of W */
  Params(&par);
  for (int64_t N = 0; N <= 8; N++) {
    SemecP004Queue q = {0, N};
    SemecP004SplitBlock(&par, q, 0, PETSC_FALSE, &s);
    CHECK_EQ_INT(s.rho, 0);
    CHECK_EQ_INT(s.local, (N < 5 ? N : 5) * par.W);
    CHECK_EQ_INT(s.done, N < 5 ? N : 5);
    CHECK_EQ_INT(s.after.N, N < 5 ? 0 : N - 5);
    CHECK(SplitInvariants(&par, q, 0, PETSC_FALSE, &s));
  }
  /* cap >= W: the last task reached is shipped whole, C_max = 5 W allows 5 more */
  {
    SemecP004Queue q3 = {0, 3}, q10 = {0, 10}, q1 = {0, 1};
    SemecP004SplitBlock(&par, q3, par.W, PETSC_FALSE, &s);
    CHECK(s.rho == par.W && s.local == 2 * par.W && s.done == 2 && s.after.N == 0);
    SemecP004SplitBlock(&par, q3, 5 * par.W, PETSC_TRUE, &s);
    CHECK(s.rho == par.W && s.local == 2 * par.W && s.done == 2 && s.after.N == 0);
    SemecP004SplitBlock(&par, q10, par.W, PETSC_FALSE, &s);
    CHECK(s.rho == par.W && s.local == 5 * par.W && s.done == 5 && s.after.N == 4);
    SemecP004SplitBlock(&par, q1, 2 * par.W, PETSC_FALSE, &s);
    CHECK(s.rho == par.W && s.local == 0 && s.done == 0 && s.after.N == 0);
    /* binary below W: nothing offloaded, whole tasks computed */
    SemecP004SplitBlock(&par, q3, par.W - 1, PETSC_TRUE, &s);
    CHECK(s.rho == 0 && s.local == 3 * par.W && s.done == 3 && s.after.N == 0);
    /* a partial head: the rest of it is the back-end; binary finishes it locally */
    SemecP004Queue qr = {40000000, 2};
    SemecP004SplitBlock(&par, qr, 30000000, PETSC_FALSE, &s);
    CHECK(s.rho == 30000000 && s.local == 10000000 + 2 * par.W && s.done == 2 && s.after.N == 0 && s.after.r == 0);
    SemecP004SplitBlock(&par, qr, par.W, PETSC_TRUE, &s);
    CHECK(s.rho == par.W && s.local == 40000000 + par.W && s.done == 2 && s.after.N == 0);
  }
  /* the head's front-end exceeds C_max (W = 1e10, Sec. VI printed): it spans blocks */
  {
    SemecP004Queue q = {0, 2};
    int64_t        cap = 30000000;
    par.W = 10000000000LL;
    for (int blk = 0; blk < 3; blk++) {
      SemecP004SplitBlock(&par, q, cap, PETSC_FALSE, &s);
      CHECK(s.spans && s.local == 500000000 && s.rho == 0 && s.done == 0);
      CHECK_EQ_INT(s.after.r, 10000000000LL - (blk + 1) * 500000000LL);
      CHECK_EQ_INT(s.after.N, 1);
      CHECK(SplitInvariants(&par, q, cap, PETSC_FALSE, &s));
      q = s.after;
    }
    /* once the head's rest minus the back-end fits in C_max, the split is normal */
    q.r = 520000000;
    SemecP004SplitBlock(&par, q, cap, PETSC_FALSE, &s);
    CHECK(!s.spans && s.local == 490000000 && s.rho == cap && s.done == 0 && s.after.r == 0 && s.after.N == 1);
  }
  /* C_max = floor(n tau f) = 0: a head that needs local work is untouched; a whole one the capacity carries leaves */
  {
    SemecP004Queue q = {0, 3};
    par.W        = 100000000;
    par.f_wd_max = 1.0;
    CHECK_EQ_INT(SemecP004LocalCapacity(&par), 0);
    SemecP004SplitBlock(&par, q, 30000000, PETSC_FALSE, &s);
    CHECK(s.spans && s.local == 0 && s.rho == 0 && s.done == 0 && s.after.r == 0 && s.after.N == 3);
    SemecP004SplitBlock(&par, q, par.W, PETSC_FALSE, &s);
    CHECK(!s.spans && s.local == 0 && s.rho == par.W && s.done == 0 && s.after.r == 0 && s.after.N == 2);
    q.r = 5;
    SemecP004SplitBlock(&par, q, 4, PETSC_FALSE, &s);
    CHECK(s.spans && s.local == 0 && s.rho == 0 && s.after.r == 5 && s.after.N == 3);
  }
  /* the empty queue: nothing */
  Params(&par);
  {
    SemecP004Queue q = {0, 0};
    SemecP004SplitBlock(&par, q, par.W, PETSC_FALSE, &s);
    CHECK(s.local == 0 && s.rho == 0 && s.done == 0 && !s.spans && s.after.r == 0 && s.after.N == 0);
    SemecP004SplitBlock(&par, q, par.W, PETSC_TRUE, &s);
    CHECK(s.local == 0 && s.rho == 0 && s.after.N == 0);
  }
}

/* The offload capacity inverts (4), the power of the capacity is at most p
 * and delivers, one cycle more needs more than p. */
static void PowerCapacity(void)
{
  SemecP004Params par;
  int             bad = 0, positive = 0;

  Params(&par);
  for (int c = 0; c < 100000; c++) {
    double  h = pow(10.0, -2.0 + 10.0 * Unif()), p = pow(10.0, -12.0 + 12.0 * Unif()), zeta = pow(10.0, -9.0 + 8.0 * Unif()); /* 1e-9 .. 0.1 bit per cycle */
    int64_t cap, rho;
    par.zeta = zeta;
    cap      = SemecP004OffloadCapacity(&par, h, p);
    if (cap < 0 || cap > par.W) bad++;
    if (cap > 0) {
      positive++;
      if (!(SemecP004Power(&par, h, cap) <= p * (1.0 + 1e-9)) || !SemecP004Delivers(&par, h, p, cap)) bad++;
    }
    if (cap < par.W && !(SemecP004Power(&par, h, cap + 1) >= p * (1.0 - 1e-9))) bad++;
    rho = 1 + Below(par.W);
    if (!SemecP004Delivers(&par, h, SemecP004Power(&par, h, rho), rho)) bad++; /* (4) delivers its own rho */
    if (SemecP004Delivers(&par, h, 0.5 * SemecP004Power(&par, h, rho), rho) && SemecP004OffloadCapacity(&par, h, 0.5 * SemecP004Power(&par, h, rho)) < rho) bad++;
    par.zeta = 0.01;
  }
  CHECK_EQ_INT(bad, 0);
  CHECK(positive > 10000);
  CHECK_EQ_INT(SemecP004OffloadCapacity(&par, 1000.0, 0.0), 0);
  CHECK_EQ_INT(SemecP004OffloadCapacity(&par, 0.0, 1.0), 0);
  CHECK_EQ_INT(SemecP004OffloadCapacity(&par, 1e9, 1.0), par.W); /* capped at W */
  CHECK(SemecP004Delivers(&par, 1000.0, 0.0, 0));
  /* tiny powers: h p / Gamma = x in 1e-12 .. 1e-6 carries tau B x / ln 2 bits
   * (log2(1 + x) would round 1 + x and lose them) */
  par.zeta = 1e-12;
  par.W    = 1000000000000000LL;
  for (double x = 1e-12; x <= 1.01e-6; x *= 10.0) {
    double  h = 1000.0, p = x * par.gap / h, want = floor(par.tau * par.B * x / LN2 / par.zeta * (1.0 - x / 2.0));
    int64_t cap = SemecP004OffloadCapacity(&par, h, p);
    CHECK(cap > 0);
    CHECK(fabs((double)cap - want) <= 1.0 + 1e-9 * want);
    CHECK(SemecP004Delivers(&par, h, p, cap));
    CHECK(SemecP004Power(&par, h, cap) <= p * (1.0 + 1e-9));
    CHECK(SemecP004Delivers(&par, h, SemecP004Power(&par, h, cap), cap));
    CHECK(!SemecP004Delivers(&par, h, p, cap + 1 + cap / 1000000)); /* more than p carries */
  }
}

/* delta(a, theta) of (24) / (31) with r(a) = r0 + c a_0 (WD) or
 * r0 + k sum a_i^3 (server); the action is the first na inputs of x and x1. */
typedef struct {
  const SemecP004Basis *b;
  PetscInt              na;
  double                x[64], x1[64], r0, c, k, gamma;
} TD;

static double Reward(const TD *td, const double *a)
{
  double r = td->r0;
  if (td->na == 1) return r + td->c * a[0];
  for (PetscInt i = 0; i < td->na; i++) r += td->k * a[i] * a[i] * a[i];
  return r;
}

static double HalfSquare(const TD *td, const double *theta)
{
  double d = Reward(td, td->x) + td->gamma * SemecP004Q(td->b, theta, td->x1) - SemecP004Q(td->b, theta, td->x);
  return 0.5 * d * d;
}

/* |g - fd| <= rtol |fd|, with |fd| floored at 1e-3 (1 + |delta|): the
 * differences' rounding is ~ eps delta^2 / step */
static int Near(double g, double fd, double delta, double rtol) { return fabs(g - fd) <= rtol * fmax(fabs(fd), 1e-3 * (1.0 + fabs(delta))); }

static void Gradients(PetscInt na, PetscInt d)
{
  SemecP004Basis b;
  TD             td;
  const double   eps = 1e-5, rtol = 1e-6;
  int            cases = 500, bad_a = 0, bad_t = 0, printed_fails = 0, printed_theta_bad = 0;

  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(4, 7, 30, d, &b));
  td.b = &b;
  td.na = na;
  for (int c = 0; c < cases; c++) {
    double theta[30], drda[64], ga[64], gt[30], ga_p[64], gt_p[30], delta, delta_p;
    td.gamma = 0.5 + 0.49 * Unif();
    td.r0    = 2.0 * Normal();
    td.c     = Normal();
    td.k     = Normal();
    for (PetscInt j = 0; j < d; j++) td.x[j] = j < na ? Unif() : 2.0 * Normal();
    for (PetscInt j = 0; j < d; j++) td.x1[j] = j < na ? td.x[j] : 2.0 * Normal();
    for (int i = 0; i < 30; i++) theta[i] = 3.0 * Normal();
    for (PetscInt j = 0; j < na; j++) drda[j] = na == 1 ? td.c : 3.0 * td.k * td.x[j] * td.x[j];
    delta = SemecP004TDGradient(&b, na, td.x, td.x1, Reward(&td, td.x), drda, td.gamma, theta, 1, ga, gt);
    CHECK_CLOSE(delta * delta / 2.0, HalfSquare(&td, theta), 1e-12);
    /* d/da_j: both x and x1 carry the action */
    for (PetscInt j = 0; j < na; j++) {
      double a0 = td.x[j], fp, fm, fd;
      td.x[j] = td.x1[j] = a0 + eps;
      fp                  = HalfSquare(&td, theta);
      td.x[j] = td.x1[j] = a0 - eps;
      fm                  = HalfSquare(&td, theta);
      td.x[j] = td.x1[j] = a0;
      fd                  = (fp - fm) / (2.0 * eps);
      if (!Near(ga[j], fd, delta, rtol) && bad_a++ < 3) fprintf(stderr, "na %d case %d: d/da_%d %.12g, finite differences %.12g\n", (int)na, c, (int)j, ga[j], fd);
    }
    for (int i = 0; i < 30; i++) {
      double t0 = theta[i], fp, fm, fd;
      theta[i] = t0 + eps;
      fp       = HalfSquare(&td, theta);
      theta[i] = t0 - eps;
      fm       = HalfSquare(&td, theta);
      theta[i] = t0;
      fd       = (fp - fm) / (2.0 * eps);
      if (!Near(gt[i], fd, delta, rtol) && bad_t++ < 3) fprintf(stderr, "na %d case %d: d/dtheta_%d %.12g, finite differences %.12g\n", (int)na, c, i, gt[i], fd);
    }
    /* the printed sign: the same delta and theta-gradient, an action gradient that is not the derivative */
    delta_p = SemecP004TDGradient(&b, na, td.x, td.x1, Reward(&td, td.x), drda, td.gamma, theta, -1, ga_p, gt_p);
    if (delta_p != delta) printed_theta_bad++;
    for (int i = 0; i < 30; i++)
      if (gt_p[i] != gt[i]) printed_theta_bad++;
    {
      int wrong = 0;
      for (PetscInt j = 0; j < na; j++) {
        double a0 = td.x[j], fp, fm;
        td.x[j] = td.x1[j] = a0 + eps;
        fp                  = HalfSquare(&td, theta);
        td.x[j] = td.x1[j] = a0 - eps;
        fm                  = HalfSquare(&td, theta);
        td.x[j] = td.x1[j] = a0;
        if (!Near(ga_p[j], (fp - fm) / (2.0 * eps), delta, rtol)) wrong = 1;
      }
      printed_fails += wrong;
    }
  }
  CHECK_EQ_INT(bad_a, 0);
  CHECK_EQ_INT(bad_t, 0);
  CHECK_EQ_INT(printed_theta_bad, 0);
  printf("na %d: the printed sign differs from finite differences on %d of %d cases\n", (int)na, printed_fails, cases);
  /* the printed sign of (26) / (33) is not the derivative on (nearly) every case */
  if (!(printed_fails >= cases * 95 / 100)) fprintf(stderr, "na %d: the printed sign matched finite differences on %d of %d cases\n", (int)na, cases - printed_fails, cases);
  CHECK(printed_fails >= cases * 95 / 100);
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&b));
}

/* One step of (28) / (35): a <- clip(a - alpha grad_a), theta <- theta - alpha grad_theta. */
static void Step(void)
{
  SemecP004Basis b;
  SemecP004Step  st;
  double         x[8], x1[8], theta[30], theta0[30], a[1] = {0.4}, drda[1] = {0.3}, ga[1], gt[30], delta, norm = 0, dnorm = 0;

  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(11, 0, 30, 8, &b));
  for (int j = 0; j < 8; j++) x[j] = x1[j] = Normal();
  x[0] = x1[0] = a[0];
  x1[3] += 1.0;
  for (int i = 0; i < 30; i++) theta[i] = theta0[i] = Normal();
  delta = SemecP004TDGradient(&b, 1, x, x1, 2.0, drda, 0.9, theta, 1, ga, gt);
  SemecP004TDStep(&b, 1, x, x1, 2.0, drda, 0.9, 0.05, 1, 0.0, 1.0, theta, a, &st);
  CHECK(st.delta == delta);
  CHECK_CLOSE(a[0], fmin(1.0, fmax(0.0, 0.4 - 0.05 * ga[0])), 1e-15);
  for (int i = 0; i < 30; i++) {
    CHECK_CLOSE(theta[i], theta0[i] - 0.05 * gt[i], 1e-14);
    norm += theta0[i] * theta0[i];
    dnorm += (theta[i] - theta0[i]) * (theta[i] - theta0[i]);
  }
  CHECK_CLOSE(st.change, sqrt(dnorm / norm), 1e-10);
  /* clipping to [lo, hi] and the change undefined from theta = 0 */
  for (int i = 0; i < 30; i++) theta[i] = 0.0;
  a[0] = 0.0;
  drda[0] = 1e6;
  SemecP004TDStep(&b, 1, x, x1, 2.0, drda, 0.9, 0.05, 1, 0.0, 1.0, theta, a, &st);
  CHECK(isnan(st.change));
  CHECK(a[0] == 0.0); /* delta = 2 > 0 and dr/da > 0 push it below 0 */
  a[0]    = 1.0;
  drda[0] = -1e6;
  SemecP004TDStep(&b, 1, x, x1, 2.0, drda, 0.9, 0.05, 1, 0.0, 1.0, theta, a, &st);
  CHECK(a[0] == 1.0);
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&b));
}

/* (36): sum alpha_t diverges, sum alpha_t^2 converges, for alpha_0 / (1 + t / t_alpha). */
static void StepSizes(void)
{
  const double a0 = 0.01, ta = 200.0;
  double       s = 0.0, s2 = 0.0, S[8], S2[8], prev_inc = 0.0;
  PetscInt     t = 0;

  CHECK(SemecP004StepSize(a0, ta, 0) == a0);
  CHECK_CLOSE(SemecP004StepSize(a0, ta, 200), a0 / 2.0, 1e-15);
  for (int e = 1; e <= 7; e++) { /* partial sums at T = 10^e */
    PetscInt T = (PetscInt)pow(10.0, e);
    for (; t < T; t++) {
      double a = SemecP004StepSize(a0, ta, t);
      CHECK(a > 0.0);
      s += a;
      s2 += a * a;
    }
    S[e]  = s;
    S2[e] = s2;
    /* the integral bounds: a0 ta ln(1 + T/ta) <= S(T) <= a0 + a0 ta ln(1 + T/ta) */
    CHECK(S[e] >= a0 * ta * log(1.0 + (double)T / ta));
    CHECK(S[e] <= a0 + a0 * ta * log(1.0 + (double)T / ta));
    /* sum alpha^2 <= a0^2 (1 + ta) for every T */
    CHECK(S2[e] <= a0 * a0 * (1.0 + ta));
    if (e >= 2) {
      double inc = S[e] - S[e - 1];
      /* each decade adds at least a0 ta ln((ta + T) / (ta + T/10)), which grows to a0 ta ln 10: no bound */
      CHECK(inc >= a0 * ta * log((ta + (double)T) / (ta + (double)T / 10.0)));
      CHECK(inc >= prev_inc);
      prev_inc = inc;
      /* while the squares' tail beyond T/10 is at most a0^2 ta^2 / (ta + T/10 - 1) */
      CHECK(S2[e] - S2[e - 1] <= a0 * a0 * ta * ta / (ta + (double)T / 10.0 - 1.0));
    }
  }
  CHECK(S[6] - S[3] >= a0 * ta * log((ta + 1e6) / (ta + 1e3))); /* by the log factor */
  CHECK(S2[7] - S2[3] < 0.25 * S2[3]); /* the squares have converged: the tail beyond 1e3 is ~ a0^2 ta^2 / (ta + 1e3) */
}

/* phi = sigmoid(mu^T x), the basis N(0, 1/d) from (seed, tag). */
static void Features(void)
{
  SemecP004Basis b, c, e, g;
  double         x[64], phi[SEMEC_P004_MAX_FEATURES], theta[SEMEC_P004_MAX_FEATURES], q = 0.0, m = 0.0, v = 0.0;
  PetscInt       M = 256, d = 64, n = M * d;

  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(1, 0, M, d, &b));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(1, 0, M, d, &c));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(1, 1, M, d, &e));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(2, 0, M, d, &g));
  CHECK(b.M == M && b.d == d);
  CHECK(memcmp(b.mu, c.mu, sizeof(double) * (size_t)n) == 0);
  {
    int same_tag = 0, same_seed = 0;
    for (PetscInt i = 0; i < n; i++) {
      same_tag += b.mu[i] == e.mu[i];
      same_seed += b.mu[i] == g.mu[i];
      m += b.mu[i];
      v += b.mu[i] * b.mu[i];
    }
    CHECK(same_tag == 0 && same_seed == 0);
  }
  m /= n;
  v = v / n - m * m;
  CHECK(fabs(m) < 4.0 / sqrt((double)d * n)); /* mean 0 within 4 standard errors */
  CHECK(fabs(v * d - 1.0) < 0.05);            /* variance 1/d */
  for (int c2 = 0; c2 < 100; c2++) {
    for (PetscInt j = 0; j < d; j++) x[j] = 3.0 * Normal();
    SemecP004Features(&b, x, phi);
    q = 0.0;
    for (PetscInt i = 0; i < M; i++) {
      double z = 0.0;
      for (PetscInt j = 0; j < d; j++) z += b.mu[i * d + j] * x[j];
      CHECK(phi[i] > 0.0 && phi[i] < 1.0);
      CHECK_CLOSE(phi[i], 1.0 / (1.0 + exp(-z)), 1e-13);
      theta[i] = Normal();
      q += theta[i] * phi[i];
    }
    CHECK_CLOSE(SemecP004Q(&b, theta, x), q, 1e-12);
  }
  /* a basis of a few inputs (odd d: the last normal of a pair unused) */
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&c));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisCreate(1, 0, 3, 5, &c));
  for (PetscInt i = 0; i < 3; i++)
    for (PetscInt j = 0; j < 5; j++) CHECK_CLOSE(c.mu[i * 5 + j] * sqrt(5.0), b.mu[i * d + j] * sqrt((double)d), 1e-14);
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&b));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&c));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&e));
  PetscCallAbort(PETSC_COMM_SELF, SemecP004BasisDestroy(&g));
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  HandValues();
  SplitRule();
  PowerCapacity();
  Gradients(1, 5 + 3);     /* Algorithm 1: [p, q, h, beta_1..5] */
  Gradients(5, 5 + 4 + 1); /* Algorithm 2: [f_1..5, q^ser, q_1..4], K = 4 */
  Step();
  StepSizes();
  Features();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
