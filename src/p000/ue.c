/* Paper 000's per-UE, per-slot models and the closed forms of (P3.1)-(P3.4).
 * The readings of the paper taken here are listed in include/semec/p000/ue.h
 * and docs/models.md. */
#include <semec/p000/ue.h>
#include <math.h>

#define P000_FEAS_TOL 1e-9
#define P000_LN2      0.69314718055994530942 /* ln 2 */

void SemecP000ParamsDefault(SemecP000Params *par, const SemecTransformer *t, const SemecAccuracy *acc)
{
  par->tau         = 10e-3;    /* Table I */
  par->v           = 2.0;      /* Table I, Lyapunov factor */
  par->words       = 10.0;     /* Table I, S_i */
  par->k           = 24.0;     /* Table I, k_i */
  par->k0          = 40.0;     /* ours: 5 ASCII characters of 8 bit per word */
  par->l_en        = SemecTransformerEncoderFlops(t, par->words, par->k); /* paper 001 eq. (32) */
  par->l_de        = SemecTransformerDecoderFlops(t, par->words);         /* paper 001 eq. (33) */
  par->n_local     = 2048.0;   /* Table I */
  par->f_local_max = 1.2e9;    /* Table I */
  par->alpha_local = 5.787e-26; /* Table I */
  par->n_edge      = 6912.0;   /* Table I */
  par->f_edge_max  = 1.41e9;   /* Table I */
  par->alpha_edge  = 4.45e-26; /* Table I */
  par->eta_edge    = 1.0;
  par->noise_psd   = pow(10.0, (-174.0 - 30.0) / 10.0); /* Table II: -174 dBm/Hz */
  par->p_tx_max    = 0.1;      /* Table II: 20 dBm */
  par->eps_min     = 0.9;      /* Table I */
  par->q_max_local = 20.0;     /* Table I */
  par->q_max_edge  = 5.0;      /* Table I */
  par->accuracy    = acc;
  par->weights     = SEMEC_P000_WEIGHTS_DRIFT;
}

PetscErrorCode SemecP000ParamsValidate(MPI_Comm comm, const SemecP000Params *par)
{
  const struct {
    const char *name;
    double      v;
  } pos[] = {
    {"slot length tau", par->tau}, {"Lyapunov weight v", par->v}, {"words per sentence S", par->words}, {"symbols per word k", par->k},
    {"bits per word k_0", par->k0}, {"encoder FLOP l^en", par->l_en}, {"decoder FLOP l^de", par->l_de}, {"UE FLOP per cycle n^L", par->n_local},
    {"UE frequency f_max^L", par->f_local_max}, {"UE power coefficient alpha^L", par->alpha_local}, {"MEC FLOP per cycle n^E", par->n_edge},
    {"MEC frequency f_max^E", par->f_edge_max}, {"MEC power coefficient alpha^E", par->alpha_edge}, {"MEC power weight eta^E", par->eta_edge},
    {"noise density sigma^2", par->noise_psd}, {"transmit power p_max", par->p_tx_max}
  };

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(pos) / sizeof(pos[0]); i++)
    PetscCheck(isfinite(pos[i].v) && pos[i].v > 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Paper 000 %s, %g, is out of range: allowed (0, inf)", pos[i].name,
               pos[i].v);
  PetscCheck(par->eps_min >= 0.0 && par->eps_min <= 1.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Paper 000 eps_min, %g, is out of range: allowed [0, 1]", par->eps_min);
  PetscCheck(par->q_max_local >= 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Paper 000 Q_max^L, %g, is out of range: allowed [0, inf]", par->q_max_local);
  PetscCheck(par->q_max_edge >= 0.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Paper 000 Q_max^E, %g, is out of range: allowed [0, inf]", par->q_max_edge);
  PetscCheck(par->accuracy, comm, PETSC_ERR_ARG_NULL, "Paper 000 needs an accuracy map");
  PetscCheck(par->weights == SEMEC_P000_WEIGHTS_DRIFT || par->weights == SEMEC_P000_WEIGHTS_PRINTED, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Paper 000 weight reading %d is unknown", (int)par->weights);
  PetscCall(SemecAccuracyValidate(comm, par->accuracy));
  PetscCall(SemecAccuracyCheckK(comm, par->accuracy, par->k));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* Rates, powers, link                                                 */

double SemecP000LocalTasks(const SemecP000Params *par, double f_local)
{
  return par->tau * par->n_local * f_local / (par->l_en + par->l_de); /* eq. (5), l = l^en + l^de */
}

double SemecP000EncodedTasks(const SemecP000Params *par, double f_enc) { return par->tau * par->n_local * f_enc / par->l_en; /* eq. (6) */ }

double SemecP000EncoderFrequency(const SemecP000Params *par, double u_edge) { return u_edge * par->l_en / (par->tau * par->n_local); /* eq. (6) inverted */ }

double SemecP000EdgeTasks(const SemecP000Params *par, double f_edge) { return par->tau * par->n_edge * f_edge / par->l_de; /* eq. (7) */ }

double SemecP000LocalPower(const SemecP000Params *par, double f_local, double f_enc)
{
  return par->alpha_local * (f_local * f_local * f_local + f_enc * f_enc * f_enc); /* p^L, Sec. II-B */
}

double SemecP000EdgePower(const SemecP000Params *par, double f_edge)
{
  return par->eta_edge * par->alpha_edge * f_edge * f_edge * f_edge; /* p^E, Sec. II-B */
}

double SemecP000Snr(double p_tx, double gain, double bandwidth, double noise_psd)
{
  return p_tx * gain / (bandwidth * noise_psd); /* eqs. (8)-(9) */
}

double SemecP000SemanticRate(const SemecP000Params *par, double bandwidth, double eps)
{
  return bandwidth * eps / (par->words * par->k); /* eq. (10) */
}

double SemecP000RequiredAccuracy(const SemecP000Params *par, double b_edge, double u_edge)
{
  if (!(u_edge > 0.0)) return 0.0;
  return PetscMax(par->eps_min, u_edge * par->words * par->k / (par->tau * b_edge)); /* eq. (11) with (14f) */
}

double SemecP000EdgeTxPower(const SemecP000Params *par, const SemecP000State *st, double u_edge)
{
  double eps, snr_db;
  if (!(u_edge > 0.0)) return 0.0;
  if (!(st->gain_edge > 0.0 && st->b_edge > 0.0)) return PETSC_INFINITY;
  eps    = SemecP000RequiredAccuracy(par, st->b_edge, u_edge);
  snr_db = SemecAccuracySnrDb(par->accuracy, par->k, eps); /* gamma = f^{-1}(k, eps), eq. (11) */
  double p = snr_db == PETSC_INFINITY ? PETSC_INFINITY : pow(10.0, snr_db / 10.0) * st->b_edge * par->noise_psd / st->gain_edge; /* eq. (8) solved for p */
  /* Near the accuracy ceiling f is flat and its inverse loses every digit:
   * if p_max already delivers eps (to rounding), p_max is enough. */
  double e_top = SemecAccuracyOfSnr(par->accuracy, par->k, SemecP000Snr(par->p_tx_max, st->gain_edge, st->b_edge, par->noise_psd));
  if (eps <= e_top * (1.0 + 1e-12)) p = PetscMin(p, par->p_tx_max);
  return p;
}

double SemecP000CloudTxPower(const SemecP000Params *par, const SemecP000State *st, double u_cloud)
{
  double x;
  if (!(u_cloud > 0.0)) return 0.0;
  if (!(st->gain_cloud > 0.0 && st->b_cloud > 0.0)) return PETSC_INFINITY;
  x = u_cloud * par->words * par->k0 / (par->tau * st->b_cloud);
  /* eq. (12) with Shannon's "- 1": (2^x - 1) sigma^2 b / |h|^2 */
  return expm1(x * P000_LN2) * par->noise_psd * st->b_cloud / st->gain_cloud;
}

double SemecP000EdgeVolumeMax(const SemecP000Params *par, const SemecP000State *st)
{
  double u_cpu, db_top, e_top, u_acc;
  if (!st->rho_edge || !(st->gain_edge > 0.0 && st->b_edge > 0.0)) return 0.0;
  u_cpu  = par->tau * par->f_local_max * par->n_local / par->l_en; /* u_max^E below (26) */
  db_top = 10.0 * log10(SemecP000Snr(par->p_tx_max, st->gain_edge, st->b_edge, par->noise_psd));
  e_top  = SemecAccuracyEval(par->accuracy, par->k, db_top);
  /* (14f) unattainable at p_max; the second test catches an SNR below a table's lowest one */
  if (!(e_top >= par->eps_min) || SemecAccuracySnrDb(par->accuracy, par->k, par->eps_min) > db_top) return 0.0;
  u_acc = par->tau * st->b_edge * e_top / (par->words * par->k); /* eq. (11) at the accuracy of p_max */
  return PetscMax(0.0, PetscMin(PetscMin(st->q_local, u_cpu), u_acc));
}

double SemecP000CloudVolumeMax(const SemecP000Params *par, const SemecP000State *st)
{
  if (!st->rho_cloud || !(st->gain_cloud > 0.0 && st->b_cloud > 0.0)) return 0.0;
  /* u_max^C below (27) */
  return par->tau * st->b_cloud / (par->words * par->k0) * log2(1.0 + SemecP000Snr(par->p_tx_max, st->gain_cloud, st->b_cloud, par->noise_psd));
}

/* ------------------------------------------------------------------ */
/* Slot evaluation                                                     */

void SemecP000Evaluate(const SemecP000Params *par, const SemecP000State *st, SemecP000Decision *d)
{
  double    wl = st->q_local + st->z_local, we = st->q_edge + st->z_edge;
  double    tol = P000_FEAS_TOL;
  PetscBool ok  = PETSC_TRUE;

  d->f_enc      = SemecP000EncoderFrequency(par, d->u_edge);
  d->u_local    = SemecP000LocalTasks(par, d->f_local);
  d->mu_local   = d->u_local + d->u_edge + d->u_cloud; /* below eq. (1) */
  d->mu_edge    = SemecP000EdgeTasks(par, d->f_edge);
  d->eps        = SemecP000RequiredAccuracy(par, st->b_edge, d->u_edge);
  d->p_tx_edge  = SemecP000EdgeTxPower(par, st, d->u_edge);
  d->p_tx_cloud = SemecP000CloudTxPower(par, st, d->u_cloud);
  d->snr_edge   = d->u_edge > 0.0 ? SemecP000Snr(d->p_tx_edge, st->gain_edge, st->b_edge, par->noise_psd) : 0.0;
  d->snr_cloud  = d->u_cloud > 0.0 ? SemecP000Snr(d->p_tx_cloud, st->gain_cloud, st->b_cloud, par->noise_psd) : 0.0;
  d->p_local    = SemecP000LocalPower(par, d->f_local, d->f_enc);
  d->p_edge     = SemecP000EdgePower(par, d->f_edge);
  d->power      = d->p_local + d->p_edge + d->p_tx_cloud + d->p_tx_edge; /* eq. (13), UE i's term */
  /* eq. (22), UE i's term */
  d->objective = -wl * (d->mu_local - st->arrivals) - we * (d->mu_edge - d->u_edge) + par->v * d->power;

  if (d->u_edge < 0.0 || d->u_cloud < 0.0 || d->f_local < 0.0 || d->f_edge < 0.0) ok = PETSC_FALSE;
  if ((!st->rho_edge && d->u_edge > 0.0) || (!st->rho_cloud && d->u_cloud > 0.0)) ok = PETSC_FALSE;      /* (14b)-(14c) */
  if (d->u_edge > 0.0 && !(SemecAccuracyOfSnr(par->accuracy, par->k, d->snr_edge) >= d->eps * (1.0 - tol))) ok = PETSC_FALSE; /* (14f), (11) */
  if (d->f_local + d->f_enc > par->f_local_max * (1.0 + tol)) ok = PETSC_FALSE;                          /* (14g) */
  if (d->f_edge > par->f_edge_max * (1.0 + tol)) ok = PETSC_FALSE;                                         /* (14h) */
  if (d->mu_local > st->q_local * (1.0 + tol) + tol) ok = PETSC_FALSE;                                     /* (14i) */
  if (d->mu_edge > st->q_edge * (1.0 + tol) + tol) ok = PETSC_FALSE;                                       /* (14j) */
  if (!(d->p_tx_edge <= par->p_tx_max * (1.0 + tol)) || !(d->p_tx_cloud <= par->p_tx_max * (1.0 + tol))) ok = PETSC_FALSE; /* Table II range */
  d->feasible = ok;
}

/* ------------------------------------------------------------------ */
/* Sub-problems (P3.1)-(P3.4)                                          */

/* min over [0, F] of -c1 x + c3 x^3 (c1, c3 > 0): the shared form of (26),
 * (28) and (29); xs is the printed stationary point. */
static SemecP000Opt CubicClamp(double c1, double c3, double xs, double F)
{
  SemecP000Opt o = {0.0, 0.0};
  if (!(c1 > 0.0) || !(F > 0.0)) return o;
  o.x     = PetscMin(xs, F);
  o.value = -c1 * o.x + c3 * o.x * o.x * o.x;
  return o;
}

SemecP000Opt SemecP000SolveP31(const SemecP000Params *par, const SemecP000State *st)
{
  double w  = st->q_local + st->z_local - st->q_edge - st->z_edge; /* eq. (26): weight of u^E in (22) */
  double r  = par->tau * par->n_local / par->l_en;                 /* u^E per unit f^en, eq. (6) */
  double c3 = par->v * par->alpha_local / (r * r * r);             /* v alpha^L (f^en)^3 = c3 (u^E)^3 */
  double xs = w > 0.0 ? sqrt(r * r * r * w / (3.0 * par->v * par->alpha_local)) : 0.0; /* stationary point below (26) */
  return CubicClamp(w, c3, xs, SemecP000EdgeVolumeMax(par, st));
}

SemecP000Opt SemecP000SolveP32(const SemecP000Params *par, const SemecP000State *st, double u_edge)
{
  SemecP000Opt o = {0.0, 0.0};
  double       w = st->q_local + st->z_local, F, a, arg, xs;

  if (par->weights == SEMEC_P000_WEIGHTS_PRINTED) w -= u_edge; /* eq. (27) as printed */
  F = PetscMin(st->q_local - u_edge, SemecP000CloudVolumeMax(par, st));
  if (!(w > 0.0) || !(F > 0.0)) return o;
  a   = par->words * par->k0 / (par->tau * st->b_cloud); /* bits exponent per task, eq. (12) */
  arg = w * par->tau * st->gain_cloud / (P000_LN2 * par->v * par->words * par->k0 * par->noise_psd);
  xs  = arg > 1.0 ? log2(arg) / a : 0.0; /* stationary point below (27) */
  o.x = PetscMin(xs, F);
  /* -w u + v p^{tx,C}(u), p^{tx,C} by eq. (12) with the "- 1" */
  o.value = -w * o.x + par->v * expm1(a * o.x * P000_LN2) * par->noise_psd * st->b_cloud / st->gain_cloud;
  return o;
}

SemecP000Opt SemecP000SolveP33(const SemecP000Params *par, const SemecP000State *st, double u_edge, double u_cloud)
{
  double w  = par->weights == SEMEC_P000_WEIGHTS_PRINTED ? st->q_local : st->q_local + st->z_local; /* eq. (28) */
  double l  = par->l_en + par->l_de;
  double c1 = w * par->tau * par->n_local / l, c3 = par->v * par->alpha_local;
  double F  = PetscMin(par->f_local_max - SemecP000EncoderFrequency(par, u_edge), (st->q_local - u_edge - u_cloud) * l / (par->tau * par->n_local));
  double xs = w > 0.0 ? sqrt(par->tau * w * par->n_local / (3.0 * par->v * l * par->alpha_local)) : 0.0; /* stationary point below (28) */
  return CubicClamp(c1, c3, xs, F);
}

SemecP000Opt SemecP000SolveP34(const SemecP000Params *par, const SemecP000State *st)
{
  double w  = par->weights == SEMEC_P000_WEIGHTS_PRINTED ? st->q_edge : st->q_edge + st->z_edge; /* eq. (29) */
  double ea = par->eta_edge * par->alpha_edge;
  double c1 = w * par->tau * par->n_edge / par->l_de, c3 = par->v * ea;
  double F  = PetscMin(par->f_edge_max, st->q_edge * par->l_de / (par->tau * par->n_edge)); /* (14h), (14j) */
  double xs = w > 0.0 ? sqrt(par->tau * w * par->n_edge / (3.0 * par->v * par->l_de * ea)) : 0.0; /* stationary point below (29) */
  return CubicClamp(c1, c3, xs, F);
}

void SemecP000Solve(const SemecP000Params *par, const SemecP000State *st, SemecP000Decision *d)
{
  SemecP000Opt o1 = SemecP000SolveP31(par, st);
  SemecP000Opt o2 = SemecP000SolveP32(par, st, o1.x);
  SemecP000Opt o3 = SemecP000SolveP33(par, st, o1.x, o2.x);
  SemecP000Opt o4 = SemecP000SolveP34(par, st);

  d->u_edge  = o1.x;
  d->u_cloud = o2.x;
  d->f_local = o3.x;
  d->f_edge  = o4.x;
  SemecP000Evaluate(par, st, d);
}

void SemecP000Advance(const SemecP000Params *par, SemecP000State *st, const SemecP000Decision *d)
{
  st->q_local = PetscMax(st->q_local - d->mu_local, 0.0) + st->arrivals;           /* eq. (1) */
  st->q_edge  = PetscMax(st->q_edge - d->mu_edge, 0.0) + d->u_edge;                /* eq. (2) */
  st->z_local = PetscMax(st->z_local + st->q_local - par->q_max_local, 0.0);       /* eq. (15), Q^L(t+1) */
  st->z_edge  = PetscMax(st->z_edge + st->q_edge - par->q_max_edge, 0.0);          /* eq. (16), Q^E(t+1) */
}
