/* Paper 002's per-task model (include/semec/p002/task.h): eqs. (2)-(13)
 * against values computed by hand (a separate Python transcription of the
 * equations with Table II and the documented defaults, digits below), the
 * exact 0.5 of local execution at f_ref, the violated-constraint branches of
 * (13), the decision bounds, the one-to-one sub-channel rule, and the
 * exhaustive search against a plain joint enumeration of every UE's
 * decision on small grids.
 *
 * Defaults: B = 2 MHz, sigma^2 = 2 mW, o = 2, o_s = 4, f_s = 3 GHz,
 * kappa^U = 1e-26, kappa^S = 5e-27, f_ref = 1 GHz, t_max = 5 ms,
 * omega = 1/3 each, slopes 0.3 /ms, 4 /J, 8; text 5000 bit, 6e6 FLOP;
 * image 15000 bit, 1.4e7 FLOP; VQA 20000 bit, 2.1e7 FLOP; l^SE = 0.005 l^U,
 * l^S = 1.5 l^U, eps^l = 0.5827, eps_min = 0.56; accuracy map
 * 0.71 mu^0.15 / (1 + exp(-0.5 (10 lg nu + 10))). */
#include <semec/p002/task.h>
#include <semec/p002/exhaustive.h>
#include <semec/engine/rng.h>
#include <stdio.h>
#include <unistd.h>
#include "check.h"

static void Decide(SemecP002Decision *d, PetscBool offload, double p, double f, double mu, double g)
{
  d->offload = offload;
  d->p       = p;
  d->f       = f;
  d->mu      = mu;
  d->gain    = g;
}

static void HandValues(void)
{
  SemecP002Params   par;
  SemecP002Decision d;
  SemecP002Outcome  o;
  double            t_l, e_l;

  SemecP002ParamsDefault(&par);
  PetscCallAbort(PETSC_COMM_SELF, SemecP002ParamsValidate(PETSC_COMM_SELF, &par));
  /* local text at f_ref: t = 6e6 / 2e9 = 3 ms, E = 1e-26 x 3e-3 x 1e27 = 0.03 J, QoE exactly 0.5 */
  Decide(&d, PETSC_FALSE, 0.0, 1e9, 1.0, 0.0);
  SemecP002Evaluate(&par, SEMEC_P002_TEXT, &d, 0, &o);
  CHECK_CLOSE(o.t_task, 3e-3, 1e-15);
  CHECK_CLOSE(o.e_task, 0.03, 1e-15);
  CHECK_CLOSE(o.accuracy, 0.5827, 0.0);
  CHECK_CLOSE(o.qoe, 0.5, 1e-15);
  CHECK_CLOSE(o.reward, 0.5, 1e-15);
  CHECK(o.t_tx == 0.0 && o.e_es == 0.0 && o.rate == 0.0);
  SemecP002LocalReference(&par, SEMEC_P002_TEXT, &t_l, &e_l);
  CHECK_CLOSE(t_l, 3e-3, 1e-15);
  CHECK_CLOSE(e_l, 0.03, 1e-15);
  /* local QoE is 0.5 for every modality at f_ref, whatever the weights */
  par.w_t = 0.6, par.w_e = 0.3, par.w_a = 0.1;
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) {
    SemecP002Evaluate(&par, (SemecP002Modality)m, &d, 0, &o);
    CHECK_CLOSE(o.qoe, 0.5, 1e-15);
  }
  par.w_t = par.w_e = par.w_a = 1.0 / 3.0;
  /* local image at 0.55 GHz: 12.73 ms > t_max, so (13) gives the latency term in ms */
  Decide(&d, PETSC_FALSE, 0.0, 0.55e9, 1.0, 0.0);
  SemecP002Evaluate(&par, SEMEC_P002_IMAGE, &d, 0, &o);
  CHECK_CLOSE(o.t_task, 0.012727272727272728, 1e-14);
  CHECK_CLOSE(o.e_task, 0.021175000000000003, 1e-14);
  CHECK_CLOSE(o.qoe, 0.4002586347477308, 1e-13);
  CHECK(!o.ok_time && o.ok_accuracy && o.ok_energy);
  CHECK_CLOSE(o.reward, -7.7272727272727275, 1e-13);
  /* VQA offloaded, mu = 0.5, p = 50 mW, g = 0.5, f = 0.8 GHz, two UEs offloading */
  Decide(&d, PETSC_TRUE, 0.05, 0.8e9, 0.5, 0.5);
  SemecP002Evaluate(&par, SEMEC_P002_VQA, &d, 2, &o);
  CHECK_CLOSE(o.snr, 12.5, 1e-15);
  CHECK_CLOSE(o.rate, 7509775.004326938, 1e-14);           /* (2) */
  CHECK_CLOSE(o.t_tx, 0.001331597816743945, 1e-13);        /* (3) */
  CHECK_CLOSE(o.t_ue, 0.00013125, 1e-14);                  /* (4): 1.05e5 / (0.5 x 1.6e9) */
  CHECK_CLOSE(o.t_es, 0.00525, 1e-14);                     /* (5): 3.15e7 x 2 / 1.2e10 */
  CHECK_CLOSE(o.t_task, 0.006712847816743945, 1e-13);      /* (6) */
  CHECK_CLOSE(o.e_ue, 0.0007385798908371973, 1e-13);       /* (7) */
  CHECK_CLOSE(o.e_es, 0.08859375000000001, 1e-13);         /* (8) */
  CHECK_CLOSE(o.e_task, 0.08933232989083721, 1e-13);       /* (9) */
  CHECK_CLOSE(o.accuracy, 0.6398699343699279, 1e-13);     /* (10) */
  CHECK_CLOSE(o.qoe, 0.6283404672047643, 1e-13);           /* (11) */
  CHECK_CLOSE(o.reward, -1.712847816743945, 1e-12);        /* (13): 5 - 6.71 ms */
  /* text offloaded raw (mu = 1: no extraction), alone at the ES: every constraint holds */
  Decide(&d, PETSC_TRUE, 0.1, 1e9, 1.0, 0.1);
  SemecP002Evaluate(&par, SEMEC_P002_TEXT, &d, 1, &o);
  CHECK_CLOSE(o.rate, 5169925.001442313, 1e-14);
  CHECK(o.t_ue == 0.0);
  CHECK_CLOSE(o.t_task, 0.0017171320180863537, 1e-13);
  CHECK_CLOSE(o.e_es, 0.10125000000000002, 1e-13);
  CHECK_CLOSE(o.accuracy, 0.7098548212518146, 1e-13);
  CHECK_CLOSE(o.qoe, 0.5862042688873884, 1e-13);
  CHECK(o.ok_time && o.ok_energy && o.ok_accuracy);
  CHECK_CLOSE(o.reward, o.qoe, 0.0);
  /* two violated constraints add up: image, mu = 0.3 at the lowest SNR, with eps_min raised to 0.6 */
  par.task[SEMEC_P002_IMAGE].eps_min = 0.6;
  Decide(&d, PETSC_TRUE, 0.01, 0.55e9, 0.3, 0.1);
  SemecP002Evaluate(&par, SEMEC_P002_IMAGE, &d, 2, &o);
  CHECK_CLOSE(o.t_task, 0.007558521617661986, 1e-13);
  CHECK_CLOSE(o.accuracy, 0.5752284670212029, 1e-13);
  CHECK_CLOSE(o.qoe, 0.4846048483659622, 1e-13);
  CHECK(!o.ok_time && !o.ok_accuracy);
  CHECK_CLOSE(o.reward, 1e3 * (5e-3 - 0.007558521617661986) + (0.5752284670212029 - 0.6), 1e-12);
  /* (12j) on: the battery bounds E^U only */
  par.task[SEMEC_P002_IMAGE].eps_min = 0.56;
  par.e_max                          = 1e-4;
  SemecP002Evaluate(&par, SEMEC_P002_IMAGE, &d, 2, &o);
  CHECK(!o.ok_energy);
  CHECK_CLOSE(o.reward, 1e3 * (5e-3 - o.t_task) + (1e-4 - o.e_ue), 1e-12);
}

static void Bounds(void)
{
  SemecP002Params   par;
  SemecP002Decision d;

  SemecP002ParamsDefault(&par);
  Decide(&d, PETSC_TRUE, 0.05, 0.8e9, 0.5, 0.5);
  CHECK(SemecP002DecisionCheck(&par, &d));
  d.mu = 0.29;
  CHECK(!SemecP002DecisionCheck(&par, &d)); /* (12f) */
  d.mu = 0.5, d.p = 0.11;
  CHECK(!SemecP002DecisionCheck(&par, &d)); /* (12g) */
  d.p = 0.05, d.f = 1.01e9;
  CHECK(!SemecP002DecisionCheck(&par, &d)); /* (12h) */
  d.f = 0.8e9, d.p = 0.2, d.mu = 0.1;
  d.offload = PETSC_FALSE; /* a local UE's p and mu do not matter */
  CHECK(SemecP002DecisionCheck(&par, &d));
}

static void BadParameters(void)
{
  SemecP002Params par;
  PetscErrorCode  ierr;

  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  SemecP002ParamsDefault(&par);
  par.w_a = 0.5; /* weights sum to 7/6 */
  ierr    = SemecP002ParamsValidate(PETSC_COMM_SELF, &par);
  CHECK(ierr != 0);
  SemecP002ParamsDefault(&par);
  par.mu_min = 0.0;
  ierr       = SemecP002ParamsValidate(PETSC_COMM_SELF, &par);
  CHECK(ierr != 0);
  SemecP002ParamsDefault(&par);
  par.f_ref = 2e9; /* outside [f_min, f_max] */
  ierr      = SemecP002ParamsValidate(PETSC_COMM_SELF, &par);
  CHECK(ierr != 0);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
}

static void Subchannels(void)
{
  PetscInt       assigned[3], left;
  PetscErrorCode ierr;

  { /* both offload and ask for 0: UE 1 wants it more, UE 0 gets 1 */
    PetscBool off[2] = {PETSC_TRUE, PETSC_TRUE};
    PetscInt  ch[2]  = {0, 0};
    double    pref[] = {0.6, 0.4, 0.7, 0.3};
    PetscCallAbort(PETSC_COMM_SELF, SemecP002AssignSubchannels(2, 2, off, ch, pref, assigned, &left));
    CHECK(assigned[0] == 1 && assigned[1] == 0 && left == 0);
  }
  { /* a tie goes to the lower index */
    PetscBool off[2] = {PETSC_TRUE, PETSC_TRUE};
    PetscInt  ch[2]  = {1, 1};
    double    pref[] = {0.5, 0.5, 0.5, 0.5};
    PetscCallAbort(PETSC_COMM_SELF, SemecP002AssignSubchannels(2, 2, off, ch, pref, assigned, &left));
    CHECK(assigned[0] == 1 && assigned[1] == 0 && left == 0);
  }
  { /* an offloading UE goes before a local one, however eager */
    PetscBool off[2] = {PETSC_FALSE, PETSC_TRUE};
    PetscInt  ch[2]  = {0, 0};
    double    pref[] = {0.9, 0.1, 0.5, 0.5};
    PetscCallAbort(PETSC_COMM_SELF, SemecP002AssignSubchannels(2, 2, off, ch, pref, assigned, &left));
    CHECK(assigned[0] == 1 && assigned[1] == 0 && left == 0);
  }
  { /* K = 1 < N = 3: one offloader is served, one is left over, the local UE gets nothing */
    PetscBool off[3] = {PETSC_TRUE, PETSC_FALSE, PETSC_TRUE};
    PetscInt  ch[3]  = {0, 0, 0};
    double    pref[] = {0.2, 1.0, 0.8};
    PetscCallAbort(PETSC_COMM_SELF, SemecP002AssignSubchannels(3, 1, off, ch, pref, assigned, &left));
    CHECK(assigned[0] == -1 && assigned[1] == -1 && assigned[2] == 0 && left == 1);
  }
  { /* a loser takes the free sub-channel it prefers: UE 0 loses 0 to UE 1 and prefers 2 over 1 */
    PetscBool off[2] = {PETSC_TRUE, PETSC_TRUE};
    PetscInt  ch[2]  = {0, 0};
    double    pref[] = {0.5, 0.1, 0.4, 0.9, 0.05, 0.05};
    PetscCallAbort(PETSC_COMM_SELF, SemecP002AssignSubchannels(2, 3, off, ch, pref, assigned, &left));
    CHECK(assigned[0] == 2 && assigned[1] == 0 && left == 0);
  }
  { /* a choice outside [0, K) is an error */
    PetscBool off[1] = {PETSC_TRUE};
    PetscInt  ch[1]  = {2};
    double    pref[] = {0.5, 0.5};
    PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = SemecP002AssignSubchannels(1, 2, off, ch, pref, assigned, &left);
    PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
    CHECK(ierr != 0);
  }
}

/* The joint enumeration: every UE's (rho, sub-channel, p, f, mu) at once,
 * no decomposition, the team reward summed with the number offloading
 * counted from the joint choice. */
typedef struct {
  const SemecP002Params *par;
  const SemecP002Grid   *grid;
  PetscInt               nue, nsub;
  const PetscInt        *modality;
  const double          *gain;
  SemecP002Decision      d[4];
  PetscInt               sub[4];
  double                 best;
} Joint;

static void JointRecurse(Joint *j, PetscInt u)
{
  if (u == j->nue) {
    PetscInt noff = 0, used = 0;
    double   total = 0.0;
    for (PetscInt i = 0; i < j->nue; i++)
      if (j->d[i].offload) {
        if ((used >> j->sub[i]) & 1) return; /* two UEs on one sub-channel */
        used |= 1 << j->sub[i];
        noff++;
      }
    for (PetscInt i = 0; i < j->nue; i++) {
      SemecP002Outcome o;
      if (j->modality[i] < 0) continue;
      SemecP002Evaluate(j->par, (SemecP002Modality)j->modality[i], &j->d[i], noff, &o);
      total += o.reward;
    }
    if (total > j->best) j->best = total;
    return;
  }
  if (u >= 4) return; /* nue <= 3: never reached */
  const SemecP002Params *par = j->par;
  for (PetscInt jf = 0; jf < j->grid->nf; jf++) { /* local */
    j->d[u] = (SemecP002Decision){PETSC_FALSE, par->p_min, SemecP002GridLevel(par->f_min, par->f_max, jf, j->grid->nf), 1.0, 0.0, 0.0};
    JointRecurse(j, u + 1);
  }
  if (j->modality[u] < 0) return;
  for (PetscInt k = 0; k < j->nsub; k++)
    for (PetscInt ip = 0; ip < j->grid->np; ip++)
      for (PetscInt jf = 0; jf < j->grid->nf; jf++)
        for (PetscInt lm = 0; lm < j->grid->nmu; lm++) {
          j->d[u]   = (SemecP002Decision){PETSC_TRUE, SemecP002GridLevel(par->p_min, par->p_max, ip, j->grid->np), SemecP002GridLevel(par->f_min, par->f_max, jf, j->grid->nf),
                                          SemecP002GridLevel(par->mu_min, 1.0, lm, j->grid->nmu), j->gain[u * j->nsub + k], 0.0};
          j->sub[u] = k;
          JointRecurse(j, u + 1);
        }
}

static void ExhaustiveAgainstJoint(void)
{
  SemecP002Params par;
  SemecP002Grid   grid = {2, 2, 3};
  SemecRngKey     key  = {7, SEMEC_STREAM_POLICY, 0, 0, 0};
  PetscInt        idx  = 0;

  SemecP002ParamsDefault(&par);
  par.slope_t = 1.0; /* sharper scores: ties between grid points are rare */
  for (PetscInt trial = 0; trial < 24; trial++) {
    PetscInt          nue = 2 + trial % 2, nsub = 1 + (trial / 2) % 3, modality[3], sub[3];
    double            gain[9], value;
    SemecP002Decision d[3];
    Joint             j;
    for (PetscInt u = 0; u < nue; u++) {
      double r[4];
      SemecRngUniform4(&key, (uint64_t)idx++, r);
      modality[u] = trial % 5 == 4 && u == 0 ? -1 : PetscMin((PetscInt)(3.0 * r[0]), 2); /* sometimes a UE without a task */
      for (PetscInt k = 0; k < nsub; k++) gain[u * nsub + k] = 0.1 + 0.9 * r[1 + k];
    }
    PetscCallAbort(PETSC_COMM_SELF, SemecP002Exhaustive(&par, &grid, nue, nsub, modality, gain, NULL, d, sub, &value));
    j = (Joint){&par, &grid, nue, nsub, modality, gain, {{0}}, {0}, -INFINITY};
    JointRecurse(&j, 0);
    CHECK_CLOSE(value, j.best, 1e-12);
    /* the returned decisions achieve the value, on distinct sub-channels */
    PetscInt noff = 0, used = 0;
    double   total = 0.0;
    for (PetscInt u = 0; u < nue; u++)
      if (sub[u] >= 0) {
        CHECK(d[u].offload && !((used >> sub[u]) & 1) && d[u].gain == gain[u * nsub + sub[u]]);
        used |= 1 << sub[u];
        noff++;
      }
    for (PetscInt u = 0; u < nue; u++) {
      SemecP002Outcome o;
      if (modality[u] < 0) {
        CHECK(sub[u] < 0);
        continue;
      }
      CHECK(SemecP002DecisionCheck(&par, &d[u]));
      SemecP002Evaluate(&par, (SemecP002Modality)modality[u], &d[u], noff, &o);
      total += o.reward;
    }
    CHECK_CLOSE(total, value, 1e-12);
  }
}

/* A measured accuracy table replaces the default map of (10): mu in the
 * table's k column, bilinear in (mu, SNR dB). */
static void AccuracyTable(void)
{
  SemecP002Params par;
  SemecAccuracy   tab;
  char            path[64];
  FILE           *fp;

  snprintf(path, sizeof(path), "/tmp/semec_unit_p002_acc_%d.txt", (int)getpid());
  fp = fopen(path, "w");
  CHECK(fp != NULL);
  if (!fp) return;
  fprintf(fp, "# mu snr_db accuracy\n0.3 0 0.50\n0.3 20 0.60\n1.0 0 0.60\n1.0 20 0.70\n");
  fclose(fp);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyLoadTable(PETSC_COMM_SELF, path, &tab));
  SemecP002ParamsDefault(&par);
  par.task[SEMEC_P002_IMAGE].table = &tab;
  /* mu = 0.65 (halfway), SNR 10 dB (halfway): 0.6; at the grid points the table's values */
  CHECK_CLOSE(SemecP002Accuracy(&par, SEMEC_P002_IMAGE, 0.65, 10.0), 0.6, 1e-12);
  CHECK_CLOSE(SemecP002Accuracy(&par, SEMEC_P002_IMAGE, 1.0, 100.0), 0.7, 1e-12);
  CHECK_CLOSE(SemecP002Accuracy(&par, SEMEC_P002_IMAGE, 0.3, 1.0), 0.5, 1e-12);
  /* the other modalities keep the default map */
  CHECK_CLOSE(SemecP002Accuracy(&par, SEMEC_P002_TEXT, 1.0, 12.5), 0.71 / (1.0 + exp(-0.5 * (10.0 * log10(12.5) + 10.0))), 1e-12);
  PetscCallAbort(PETSC_COMM_SELF, SemecAccuracyDestroy(&tab));
  CHECK(remove(path) == 0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  HandValues();
  Bounds();
  BadParameters();
  Subchannels();
  ExhaustiveAgainstJoint();
  AccuracyTable();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
