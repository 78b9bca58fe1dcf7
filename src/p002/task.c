/* Paper 002's per-task model: equations (2)-(13) for one UE's current task
 * (include/semec/p002/task.h holds the readings). */
#include <semec/p002/task.h>
#include <semec/engine/options.h>
#include <math.h>

const char *const SemecP002ModalityNames[] = {"text", "image", "vqa", NULL};

void SemecP002ParamsDefault(SemecP002Params *par)
{
  /* task sizes, loads and accuracies: not given in the paper; calibrated so
   * that local execution reproduces Table IV's 1.37 J per episode of 2 x 10
   * tasks and 58.27 % (../shared/specs/mappo.md B.1.2) */
  static const double bits[] = {5000.0, 15000.0, 20000.0}, l_local[] = {0.6e7, 1.4e7, 2.1e7};

  par->bandwidth  = 2e6;   /* Table II */
  par->noise_w    = 2e-3;  /* Table II */
  par->o_ue       = 2.0;   /* Table II */
  par->o_es       = 4.0;   /* Table II */
  par->f_es       = 3e9;   /* Table II */
  par->kappa_ue   = 1e-26; /* Table II (alpha^U) */
  par->kappa_es   = 5e-27; /* Table II (alpha^S) */
  par->mu_exp_tx  = 1.0;
  par->mu_exp_ext = 1.0;
  par->f_ref      = 1e9;   /* f_max: local QoE = 0.5 (Sec. IV) */
  par->mu_min     = 0.3;   /* Table II */
  par->p_min      = 10e-3; /* Table II */
  par->p_max      = 100e-3;
  par->f_min      = 0.55e9; /* Table II */
  par->f_max      = 1.0e9;
  par->t_max      = 5e-3;  /* Table II */
  par->e_max      = 0.0;   /* not given: off */
  par->w_t = par->w_e = par->w_a = 1.0 / 3.0; /* Sec. IV */
  par->slope_t = 0.3;
  par->slope_e = 4.0;
  par->slope_a = 8.0;
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) {
    SemecP002Task *t = &par->task[m];
    t->bits          = bits[m];
    t->l_local       = l_local[m];
    t->l_extract     = 0.005 * l_local[m];
    t->l_server      = 1.5 * l_local[m]; /* l^S > l^U (Sec. IV-A) */
    t->eps_local     = 0.5827;           /* Table IV, local */
    t->eps_min       = 0.56;             /* Table II */
    t->eps_server    = 0.71;
    t->theta         = 0.15;
    t->slope_db      = 0.5;
    t->mid_db        = -10.0;
    t->table         = NULL;
  }
}

#define CHECK SEMEC_CHECK_REAL /* the option, the value and the range */

PetscErrorCode SemecP002ParamsValidate(MPI_Comm comm, const SemecP002Params *par)
{
  PetscFunctionBeginUser;
  CHECK("-p002_bandwidth", par->bandwidth, 1.0, 1e12);
  CHECK("-p002_noise_power", par->noise_w, 1e-30, 1e3);
  CHECK("-p002_ue_flops_per_cycle", par->o_ue, 1e-3, 1e9);
  CHECK("-p002_es_flops_per_cycle", par->o_es, 1e-3, 1e9);
  CHECK("-p002_es_frequency", par->f_es, 1e3, 1e13);
  CHECK("-p002_ue_kappa", par->kappa_ue, 0.0, 1e-10);
  CHECK("-p002_es_kappa", par->kappa_es, 0.0, 1e-10);
  CHECK("-p002_mu_exponent_tx", par->mu_exp_tx, 1e-3, 10.0);
  CHECK("-p002_mu_exponent_extract", par->mu_exp_ext, 1e-3, 10.0);
  CHECK("-p002_mu_min", par->mu_min, 1e-3, 1.0);
  CHECK("-p002_power_min", par->p_min, 0.0, 1e3);
  CHECK("-p002_power_max", par->p_max, par->p_min, 1e3);
  CHECK("-p002_frequency_min", par->f_min, 1e3, 1e13);
  CHECK("-p002_frequency_max", par->f_max, par->f_min, 1e13);
  CHECK("-p002_frequency_ref", par->f_ref, par->f_min, par->f_max);
  CHECK("-p002_latency_max", par->t_max, 1e-9, 1e6);
  CHECK("-p002_energy_max", par->e_max, 0.0, 1e9);
  CHECK("-p002_weight_delay", par->w_t, 0.0, 1.0);
  CHECK("-p002_weight_energy", par->w_e, 0.0, 1.0);
  CHECK("-p002_weight_accuracy", par->w_a, 0.0, 1.0);
  PetscCheck(fabs(par->w_t + par->w_e + par->w_a - 1.0) <= 1e-9, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Options -p002_weight_delay, -p002_weight_energy, -p002_weight_accuracy sum to %g: they must sum to 1 (eq. (11))", par->w_t + par->w_e + par->w_a);
  CHECK("-p002_slope_delay", par->slope_t, 1e-9, 1e9);
  CHECK("-p002_slope_energy", par->slope_e, 1e-9, 1e9);
  CHECK("-p002_slope_accuracy", par->slope_a, 1e-9, 1e9);
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) {
    const SemecP002Task *t = &par->task[m];
    CHECK("-p002_task_bits", t->bits, 1.0, 1e15);
    CHECK("-p002_task_local_flops", t->l_local, 1.0, 1e18);
    CHECK("-p002_task_extract_flops", t->l_extract, 0.0, 1e18);
    CHECK("-p002_task_server_flops", t->l_server, 1.0, 1e18);
    CHECK("-p002_task_accuracy_local", t->eps_local, 0.0, 1.0);
    CHECK("-p002_task_accuracy_min", t->eps_min, 0.0, 1.0);
    CHECK("-p002_task_accuracy_server", t->eps_server, 0.0, 1.0);
    CHECK("-p002_accuracy_theta", t->theta, 0.0, 10.0);
    CHECK("-p002_accuracy_slope", t->slope_db, 1e-6, 100.0);
    CHECK("-p002_accuracy_mid", t->mid_db, -100.0, 100.0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

double SemecP002Rate(const SemecP002Params *par, double snr)
{
  return par->bandwidth * log2(1.0 + snr); /* paper 002 eq. (2) */
}

double SemecP002Accuracy(const SemecP002Params *par, SemecP002Modality m, double mu, double snr)
{
  const SemecP002Task *t  = &par->task[m];
  double               db = 10.0 * log10(snr);

  if (t->table) return SemecAccuracyEval(t->table, mu, db); /* eq. (10), measured */
  return t->eps_server * pow(mu, t->theta) / (1.0 + exp(-t->slope_db * (db - t->mid_db))); /* eq. (10), default map */
}

void SemecP002LocalReference(const SemecP002Params *par, SemecP002Modality m, double *t_l, double *e_l)
{
  *t_l = par->task[m].l_local / (par->o_ue * par->f_ref);             /* t^l = l^U / c_n at f_ref, eq. (11) */
  *e_l = par->kappa_ue * (*t_l) * par->f_ref * par->f_ref * par->f_ref; /* E^l = kappa^U t^l f^3 */
}

static double Logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

void SemecP002Evaluate(const SemecP002Params *par, SemecP002Modality m, const SemecP002Decision *d, PetscInt noffload, SemecP002Outcome *o)
{
  const SemecP002Task *t   = &par->task[m];
  double               c_n = par->o_ue * d->f, c_s = par->o_es * par->f_es, t_l, e_l;

  *o = (SemecP002Outcome){0};
  if (d->offload) {
    PetscBool extract = (PetscBool)(d->mu < 1.0 - 1e-12);
    o->snr      = d->gain * d->p / (par->noise_w + d->interference); /* eq. (2)'s SNR; an SINR in a multi-cell run */
    o->rate     = SemecP002Rate(par, o->snr);                                          /* eq. (2) */
    o->t_tx     = t->bits * pow(d->mu, par->mu_exp_tx) / o->rate;                      /* eq. (3) */
    o->t_ue     = extract ? t->l_extract / (pow(d->mu, par->mu_exp_ext) * c_n) : 0.0;  /* eq. (4), second case */
    o->t_es     = t->l_server * (double)noffload / c_s;                                /* eq. (5), read l^S / (c_s / sum rho) */
    o->t_task   = o->t_tx + o->t_es + o->t_ue;                                         /* eq. (6) */
    o->e_es     = par->kappa_es * o->t_es * pow(par->f_es / (double)noffload, 3.0);    /* eq. (8) */
    o->accuracy = SemecP002Accuracy(par, m, d->mu, o->snr);                            /* eq. (10) */
  } else {
    o->t_ue     = t->l_local / c_n; /* eq. (4), first case */
    o->t_task   = o->t_ue;          /* eq. (6) */
    o->accuracy = t->eps_local;
  }
  o->e_ue   = par->kappa_ue * o->t_ue * d->f * d->f * d->f + d->p * o->t_tx; /* eq. (7); t_tx = 0 when local */
  o->e_task = o->e_ue + o->e_es;                                            /* eq. (9) */
  SemecP002LocalReference(par, m, &t_l, &e_l);
  o->qoe = par->w_t * Logistic(par->slope_t * 1e3 * (t_l - o->t_task)) + par->w_e * Logistic(par->slope_e * (e_l - o->e_task)) +
           par->w_a * Logistic(par->slope_a * (o->accuracy - t->eps_local)); /* eq. (11), one task */
  o->ok_time     = (PetscBool)(o->t_task <= par->t_max);                    /* (12i) */
  o->ok_energy   = (PetscBool)(par->e_max <= 0.0 || o->e_ue <= par->e_max); /* (12j) */
  o->ok_accuracy = (PetscBool)(o->accuracy >= t->eps_min);                  /* (12k) */
  if (o->ok_time && o->ok_energy && o->ok_accuracy) o->reward = o->qoe;    /* eq. (13) */
  else {
    o->reward = 0.0;
    if (!o->ok_time) o->reward += 1e3 * (par->t_max - o->t_task);
    if (!o->ok_energy) o->reward += par->e_max - o->e_ue;
    if (!o->ok_accuracy) o->reward += o->accuracy - t->eps_min;
  }
}

PetscBool SemecP002DecisionCheck(const SemecP002Params *par, const SemecP002Decision *d)
{
  PetscBool ok = (PetscBool)(d->f >= par->f_min && d->f <= par->f_max);
  if (d->offload) ok = (PetscBool)(ok && d->p >= par->p_min && d->p <= par->p_max && d->mu >= par->mu_min && d->mu <= 1.0);
  return ok;
}

/* Gives the free sub-channels to the unassigned UEs of one group (offload
 * == want): first each requested free sub-channel to its most eager
 * requester, then every UE left, in index order, its most preferred free
 * sub-channel. */
static void AssignGroup(PetscInt nue, PetscInt nsub, const PetscBool *offload, PetscBool want, const PetscInt *choice, const double *pref, PetscInt *assigned,
                        PetscBool *taken)
{
  for (PetscInt k = 0; k < nsub; k++) {
    PetscInt best = -1;
    if (taken[k]) continue;
    for (PetscInt i = 0; i < nue; i++)
      if (assigned[i] < 0 && offload[i] == want && choice[i] == k && (best < 0 || pref[i * nsub + k] > pref[best * nsub + k])) best = i;
    if (best >= 0) {
      assigned[best] = k;
      taken[k]       = PETSC_TRUE;
    }
  }
  for (PetscInt i = 0; i < nue; i++) {
    PetscInt best = -1;
    if (assigned[i] >= 0 || offload[i] != want) continue;
    for (PetscInt k = 0; k < nsub; k++)
      if (!taken[k] && (best < 0 || pref[i * nsub + k] > pref[i * nsub + best])) best = k;
    if (best < 0) return; /* no sub-channel left */
    assigned[i] = best;
    taken[best] = PETSC_TRUE;
  }
}

PetscErrorCode SemecP002AssignSubchannels(PetscInt nue, PetscInt nsub, const PetscBool *offload, const PetscInt *choice, const double *pref, PetscInt *assigned,
                                          PetscInt *left)
{
  PetscBool stack[64] = {PETSC_FALSE}, *taken = stack;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < nue; i++) {
    PetscCheck(choice[i] >= 0 && choice[i] < nsub, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "UE %" PetscInt_FMT " chose sub-channel %" PetscInt_FMT ", allowed [0, %" PetscInt_FMT ")",
               i, choice[i], nsub);
    assigned[i] = -1;
  }
  if (nsub > 64) PetscCall(PetscCalloc1(nsub, &taken));
  AssignGroup(nue, nsub, offload, PETSC_TRUE, choice, pref, assigned, taken);
  AssignGroup(nue, nsub, offload, PETSC_FALSE, choice, pref, assigned, taken);
  *left = 0;
  for (PetscInt i = 0; i < nue; i++) *left += (offload[i] && assigned[i] < 0) ? 1 : 0;
  if (taken != stack) PetscCall(PetscFree(taken));
  PetscFunctionReturn(PETSC_SUCCESS);
}
