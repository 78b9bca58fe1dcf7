/* Paper 001's execution model, -sim_model multimodal_qoe
 * (include/semec/p001/model.h): its options, its state per cell and UE, the
 * cell metrics it records, the summary lines and the test-phase results
 * (/eval).  The slot phases are in src/p001/phases.c. */
#include <semec/engine/sim.h>
#include <semec/engine/options.h>
#include <semec/p001/model.h>
#include <math.h>

static const char *const PreferenceNames[] = {"fixed", "dynamic", NULL};
static const char *const BatteryNames[]    = {"full", "random", NULL};

static double DbmToW(double dbm) { return 1e-3 * pow(10.0, dbm / 10.0); }
static double WToDbm(double w) { return 10.0 * log10(w / 1e-3); }

/* A real option in dBm held in W. */
static PetscErrorCode DbmOption(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, double lo, double hi, double *w)
{
  double v = WToDbm(*w);

  PetscFunctionBeginUser;
  SEMEC_OPT_REAL(opt, help, v);
  SEMEC_CHECK_REAL(opt, v, lo, hi);
  *w = DbmToW(v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The ceiling points (k, e_max) of one modality's default accuracy map. */
static PetscErrorCode CeilingOption(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *kopt, const char *copt, SemecP001AccuracyMap *a)
{
  PetscInt  nk, nc;
  PetscBool sk, sc;
  double    k[SEMEC_P001_MAX_CEILING], c[SEMEC_P001_MAX_CEILING];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < SEMEC_P001_MAX_CEILING; i++) { /* the defaults, as -help shows them */
    k[i] = i < a->nceil ? a->ceil_k[i] : 0.0;
    c[i] = i < a->nceil ? a->ceil[i] : 0.0;
  }
  nk = nc = SEMEC_P001_MAX_CEILING; /* capacity; -help lists the unused entries as 0 */
  PetscCall(SemecOptionCheckNumbers(comm, kopt, PETSC_FALSE, SEMEC_P001_MAX_CEILING));
  PetscCall(SemecOptionCheckNumbers(comm, copt, PETSC_FALSE, SEMEC_P001_MAX_CEILING));
  PetscCall(PetscOptionsRealArray(kopt, "Default accuracy map: symbols per unit k of the ceiling points (increasing)", NULL, k, &nk, &sk));
  PetscCall(PetscOptionsRealArray(copt, "Default accuracy map: ceiling e_max(k) at those points", NULL, c, &nc, &sc));
  PetscCheck(sk == sc, comm, PETSC_ERR_ARG_WRONG, "Options %s and %s go together: give both, with one ceiling per k", kopt, copt);
  if (sk) {
    PetscCheck(nk == nc && nk >= 1, comm, PETSC_ERR_ARG_SIZ, "Option %s has %" PetscInt_FMT " values and %s %" PetscInt_FMT ": give one ceiling per k", kopt, nk, copt,
               nc);
    a->nceil = nk;
    for (PetscInt i = 0; i < nk; i++) {
      a->ceil_k[i] = k[i];
      a->ceil[i]   = c[i];
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define OPT_REAL SEMEC_OPT_REAL
#define OPT_INT  SEMEC_OPT_INT

static PetscErrorCode Load(MPI_Comm comm, const SemecConfig *cfg, SemecP001Model *pm)
{
  SemecP001Params   *par = &pm->par;
  char               table[2][PETSC_MAX_PATH_LEN] = {"", ""};
  static const char *const table_opt[] = {"-p001_accuracy_table_text", "-p001_accuracy_table_image"};
  char              *mods[SEMEC_P001_MAX_UES];
  PetscInt           nmods = SEMEC_P001_MAX_UES;
  PetscBool          set;
  int                pref = 0, battery = 1, offload = 0;
  double             slope, mid, shift;

  PetscFunctionBeginUser;
  SemecP001ParamsDefault(par);
  pm->queue         = 10;     /* Sec. V-A: d = 10 tasks */
  pm->words_min     = 10;     /* "100 random task sets": sentence lengths around S^T = 20 (ours) */
  pm->words_max     = 30;
  pm->beta          = 0.5;    /* Sec. V-A: beta^f */
  pm->battery_tasks = 1000.0; /* B_max = 1000 d E_0 (ours) */
  pm->nsub          = cfg->subcarriers;
  pm->seed          = cfg->seed;
  par->bandwidth    = (double)cfg->subcarriers * cfg->subcarrier_hz; /* BW: the cell's band */
  par->noise_psd    = DbmToW(cfg->noise_dbm_hz);                      /* sigma^2 of (1): -chan_noise_psd */
  slope             = par->acc[0].slope;
  mid               = par->acc[0].s_ref;
  shift             = par->acc[0].shift;
  PetscOptionsBegin(comm, NULL, "Paper 001 multimodal QoE model (-p001_), with -sim_model multimodal_qoe", NULL);
  OPT_INT("-p001_queue_length", "Tasks in every UE's queue at the start of an episode, d", pm->queue);
  PetscCall(PetscOptionsStringArray("-p001_modalities", "Modality of UE j of a cell, cycling: text, image, vqa (Sec. V-A: text,image,vqa,vqa)", NULL, mods, &nmods,
                                    &set));
  if (set) {
    PetscCheck(nmods >= 1, comm, PETSC_ERR_ARG_WRONG, "Option -p001_modalities is empty: give text, image or vqa for each UE of a cell");
    for (PetscInt j = 0; j < nmods; j++) {
      PetscInt m = -1;
      for (PetscInt i = 0; i < SEMEC_P001_NMODALITIES; i++)
        if (!strcmp(mods[j], SemecP001ModalityNames[i])) m = i;
      PetscCheck(m >= 0, comm, PETSC_ERR_ARG_WRONG, "Option -p001_modalities, entry %" PetscInt_FMT ", %s, is not a modality: choose text, image or vqa", j, mods[j]);
      pm->modalities[j] = m;
      PetscCall(PetscFree(mods[j]));
    }
    pm->nmod = nmods;
  } else {
    static const PetscInt def[] = {SEMEC_P001_TEXT, SEMEC_P001_IMAGE, SEMEC_P001_VQA, SEMEC_P001_VQA};
    pm->nmod                    = 4;
    for (PetscInt j = 0; j < 4; j++) pm->modalities[j] = def[j];
  }
  OPT_INT("-p001_words_min", "Fewest words of a sentence (drawn uniformly per sentence and task)", pm->words_min);
  OPT_INT("-p001_words_max", "Most words of a sentence", pm->words_max);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p001_preference", "QoE preference beta: fixed (-p001_beta) or dynamic, eq. (28)", PreferenceNames, &pref));
  OPT_REAL("-p001_beta", "Fixed QoE preference for energy beta^f of (9)", pm->beta);
  OPT_REAL("-p001_battery_tasks", "Battery capacity B_max in reference tasks per queue: B_max = this x d x E_0", pm->battery_tasks);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p001_battery_train",
                                  "Battery at the start of a training episode: full, or random (uniform in [0.1, 1] B_max)", BatteryNames, &battery));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p001_offload",
                                  "Offloaded execution: split (encoder on the UE, decoder at the ES) or printed (all of l at the ES, eq. (5))", SemecP001OffloadNames,
                                  &offload));
  OPT_REAL("-p001_ue_flops_per_cycle", "FLOP per cycle of the local GPU, n", par->n_ue);
  OPT_REAL("-p001_es_flops_per_cycle", "FLOP per cycle of the ES GPU, n^rc", par->n_es);
  OPT_REAL("-p001_es_frequency", "ES GPU frequency f^rc (Hz)", par->f_es);
  OPT_REAL("-p001_ue_kappa", "UE energy coefficient alpha^lc", par->kappa_ue);
  OPT_REAL("-p001_es_kappa", "ES energy coefficient alpha^rc of (6)", par->kappa_es);
  PetscCall(DbmOption(PetscOptionsObject, comm, "-p001_circuit_power", "Static and circuit power p^c (dBm)", -100.0, 60.0, &par->p_circuit));
  PetscCall(DbmOption(PetscOptionsObject, comm, "-p001_power_min", "Lowest transmit power (dBm)", -100.0, 60.0, &par->p_min));
  PetscCall(DbmOption(PetscOptionsObject, comm, "-p001_power_max", "Highest transmit power p_max (11d) (dBm)", -100.0, 60.0, &par->p_max));
  OPT_REAL("-p001_frequency_min", "Lowest local GPU frequency (Hz)", par->f_min);
  OPT_REAL("-p001_frequency_max", "Highest local GPU frequency f_max (11e) (Hz)", par->f_max);
  par->f_ref = par->f_max;
  OPT_REAL("-p001_frequency_ref", "Local frequency of the reference t_0, E_0 of (9) (Hz); default f_max", par->f_ref);
  OPT_REAL("-p001_accuracy_min", "Minimum accuracy eps_min (11b)", par->eps_min);
  OPT_REAL("-p001_latency_max", "Latency constraint t_max (11g) (s)", par->t_max);
  OPT_REAL("-p001_download_latency", "Result download latency t^dl of (7) (s)", par->t_dl);
  OPT_REAL("-p001_k_text", "Text semantic encoder output k^T (symbols per word)", par->k_text);
  OPT_REAL("-p001_k_image", "Image semantic encoder output k^I (symbols per patch)", par->k_image);
  OPT_REAL("-p001_patches", "Patches of an image S^I (with <CLS>)", par->patches);
  OPT_INT("-p001_sentences", "Sentences of a text task", par->sentences);
  OPT_REAL("-p001_words", "Words per sentence S^T of the reference task (B_max and (14))", par->words);
  OPT_REAL("-p001_success_reward", "xi_S of the terminal reward (14)", par->xi_s);
  OPT_REAL("-p001_failure_penalty", "xi_F of the terminal reward (14) (1/J)", par->xi_f);
  OPT_REAL("-p001_latency_penalty_max", "Bound on the latency penalty of (13): t_max - t >= -this (s)", par->late_max);
  PetscCall(CeilingOption(PetscOptionsObject, comm, "-p001_ceiling_k_text", "-p001_ceiling_text", &par->acc[0]));
  PetscCall(CeilingOption(PetscOptionsObject, comm, "-p001_ceiling_k_image", "-p001_ceiling_image", &par->acc[1]));
  OPT_REAL("-p001_accuracy_slope", "Default accuracy maps: slope a (1/dB)", slope);
  OPT_REAL("-p001_accuracy_mid", "Default accuracy maps: midpoint s_ref (dB) at k = k_ref (16 text, 32 image)", mid);
  OPT_REAL("-p001_accuracy_shift", "Default accuracy maps: midpoint shift per decade of k (x 10 dB)", shift);
  for (int m = 0; m < 2; m++)
    PetscCall(PetscOptionsString(table_opt[m], "Measured accuracy table 'k snr_db accuracy' for this part (file; default: the map above)", NULL, table[m], table[m],
                                 sizeof(table[m]), &pm->has_table[m]));
  PetscOptionsEnd();
  for (int j = 0; j < 2; j++) {
    par->acc[j].slope = slope;
    par->acc[j].s_ref = mid;
    par->acc[j].shift = shift;
  }
  pm->preference           = (SemecP001PreferenceKind)pref;
  pm->battery_train_random = (PetscBool)(battery == 1);
  par->offload             = (SemecP001Offload)offload;
  SEMEC_CHECK_INT("-p001_queue_length", pm->queue, 1, SEMEC_P001_MAX_QUEUE);
  SEMEC_CHECK_INT("-p001_words_min", pm->words_min, 1, 10000);
  SEMEC_CHECK_INT("-p001_words_max", pm->words_max, pm->words_min, 10000);
  SEMEC_CHECK_REAL("-p001_beta", pm->beta, 0.0, 1.0);
  SEMEC_CHECK_REAL("-p001_battery_tasks", pm->battery_tasks, 1e-6, 1e12);
  PetscCheck(par->p_max >= par->p_min, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -p001_power_max, %g dBm, is below -p001_power_min, %g dBm", WToDbm(par->p_max),
             WToDbm(par->p_min));
  PetscCheck(cfg->ue_count == SEMEC_COUNT_FIXED, comm, PETSC_ERR_ARG_INCOMP, "-sim_model multimodal_qoe needs -geom_ue_count fixed");
  PetscCheck(cfg->drop == SEMEC_DROP_ANNULUS, comm, PETSC_ERR_ARG_INCOMP,
             "Option -geom_ue_drop, cell, is not allowed with -sim_model multimodal_qoe: it drops its UEs every episode in the annulus -geom_r_min .. -geom_r_max, give annulus");
  PetscCheck(cfg->ue_speed_mps == 0.0, comm, PETSC_ERR_ARG_INCOMP, "Option -geom_ue_speed, %g, must be 0 for -sim_model multimodal_qoe (UEs are dropped per episode)",
             (double)cfg->ue_speed_mps);
  PetscCheck(cfg->ues_per_cell >= 1 && cfg->ues_per_cell <= SEMEC_P001_MAX_UES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", is out of range for -sim_model multimodal_qoe: allowed [1, %d]", cfg->ues_per_cell, SEMEC_P001_MAX_UES);
  PetscCheck(cfg->episode_length > 0, comm, PETSC_ERR_ARG_INCOMP,
             "Option -sim_episode_length, %" PetscInt_FMT ", must be at least 1 with -sim_model multimodal_qoe: it is episodic (20 in inputs/p001.opts)", cfg->episode_length);
  pm->quantise = (PetscBool)(cfg->interference && cfg->cells > 1);
  PetscCheck(!pm->quantise || pm->nsub >= cfg->ues_per_cell, comm, PETSC_ERR_ARG_INCOMP,
             "Option -chan_subcarriers, %" PetscInt_FMT ", is below -geom_ues_per_cell %" PetscInt_FMT ": interfering cells quantise the shares of (12) to subcarriers, one at least per offloading UE",
             pm->nsub, cfg->ues_per_cell);
  for (int m = 0; m < 2; m++) {
    if (!pm->has_table[m]) continue;
    PetscBool readable = PETSC_FALSE;
    PetscCheck(table[m][0], comm, PETSC_ERR_ARG_WRONG, "Option %s is empty: give a file of 'k snr_db accuracy' lines", table_opt[m]);
    PetscCall(PetscTestFile(table[m], 'r', &readable));
    PetscCheck(readable, comm, PETSC_ERR_FILE_OPEN, "Option %s, %s, cannot be read (no such file or no permission)", table_opt[m], table[m]);
    PetscCall(SemecAccuracyLoadTable(comm, table[m], &pm->table[m]));
    PetscCall(SemecAccuracyCheckK(comm, &pm->table[m], m ? par->k_image : par->k_text));
    par->acc[m].table = &pm->table[m];
  }
  PetscCall(SemecP001ParamsValidate(comm, par));
  for (int m = 0; m < SEMEC_P001_NMODALITIES; m++) SemecP001TaskNominal(par, (SemecP001Modality)m, &pm->nominal[m]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Create(SemecModel *m, MPI_Comm comm, const SemecConfig *cfg)
{
  SemecP001Model *pm;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pm));
  m->data = pm;
  PetscCall(Load(comm, cfg, pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecModel *m)
{
  SemecP001Model *pm = (SemecP001Model *)m->data;

  PetscFunctionBeginUser;
  for (int i = 0; pm && i < 2; i++)
    if (pm->has_table[i]) PetscCall(SemecAccuracyDestroy(&pm->table[i]));
  PetscCall(PetscFree(m->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Help(MPI_Comm comm)
{
  SemecConfig     cfg;
  SemecP001Model *pm;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&cfg, sizeof(cfg)));
  cfg.subcarriers    = 25;
  cfg.subcarrier_hz  = 2e5;
  cfg.noise_dbm_hz   = -160.0;
  cfg.ues_per_cell   = 4;
  cfg.cells          = 1;
  cfg.ue_count       = SEMEC_COUNT_FIXED;
  cfg.drop           = SEMEC_DROP_ANNULUS;
  cfg.episode_length = 20;
  PetscCall(PetscNew(&pm));
  PetscCall(Load(comm, &cfg, pm));
  for (int i = 0; i < 2; i++)
    if (pm->has_table[i]) PetscCall(SemecAccuracyDestroy(&pm->table[i]));
  PetscCall(PetscFree(pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellCreate(SemecModel *m, const SemecConfig *cfg, SemecCell *cell)
{
  const SemecP001Model *pm = SemecP001ModelOf(m);

  PetscFunctionBeginUser;
  PetscCheck(cell->nue <= SEMEC_P001_MAX_UES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs: allowed at most %d",
             cell->id, cell->nue, SEMEC_P001_MAX_UES);
  PetscCall(SemecModelCellCalloc(cell, sizeof(SemecP001Cell), sizeof(SemecP001UE)));
  for (PetscInt u = 0; u < cell->nue; u++) SemecP001UEOf(&cell->ues[u])->modality = pm->modalities[u % pm->nmod]; /* UE j of the cell */
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellDestroy(SemecModel *m, SemecCell *cell) { return SemecModelCellFree(cell); }

static const SemecMetricInfo Metrics[] = {
  {"qoe", "1", "paper 001 eq. (10): sum over the cell's UEs of the QoE of the tasks that succeeded in the step"},
  {"reward", "1", "paper 001 eqs. (13)-(14): the team reward r_t, the terminal reward included at the cell's last step"},
  {"terminal", "1", "paper 001 eq. (14): the terminal reward r_T at the cell's last step of an episode, else 0"},
  {"attempts", "tasks", "head tasks attempted in the step (one per UE with a task left)"},
  {"successes", "tasks", "tasks that met (11b), (11g) and (11h) and left the queue"},
  {"fail_accuracy", "tasks", "attempts that violated (11b), eps < eps_min"},
  {"fail_latency", "tasks", "attempts that violated (11g), t > t_max"},
  {"fail_energy", "tasks", "attempts that violated (11h), E > battery"},
  {"queue", "tasks", "tasks left in the cell's queues after the step, sum over its UEs (d_i)"},
  {"queue_text", "tasks", "mean queue left per text UE of the cell after the step (Figs. 3-4); NaN without one"},
  {"queue_image", "tasks", "mean queue left per image UE after the step; NaN without one"},
  {"queue_vqa", "tasks", "mean queue left per VQA UE after the step; NaN without one"},
  {"energy", "J", "paper 001 eq. (8): UE energy of the step's attempts, summed"},
  {"energy_es", "J", "paper 001 eq. (6): ES energy of the step's offloaded attempts, summed (not in the objective)"},
  {"accuracy", "1", "mean accuracy eps of the step's attempts (1 when local); NaN if none"},
  {"offloaded", "tasks", "attempts offloaded to the ES"},
  {"battery", "1", "mean battery charge B_i / B_max of the cell's UEs after the step"},
  {"episode_return", "1", "team reward summed over the cell's episode, terminal included, at its last step; NaN elsewhere"},
  {"active", "1", "1 while the cell's episode runs (some queue not empty), 0 once it ended"},
};

static void MetricValues(const SemecModel *m, const SemecCell *c, double *v)
{
  const SemecP001Cell      *pc = SemecP001CellOf(c);
  const SemecP001SlotStats *s  = &pc->slot;
  double                    q[SEMEC_P001_NMODALITIES] = {0, 0, 0}, nq[SEMEC_P001_NMODALITIES] = {0, 0, 0}, queue = 0, battery = 0;

  for (PetscInt u = 0; u < c->nue; u++) {
    const SemecP001UE *pu = SemecP001UEOf(&c->ues[u]);
    q[pu->modality] += (double)pu->queue;
    nq[pu->modality] += 1.0;
    queue += (double)pu->queue;
    battery += pu->battery_max > 0 ? pu->battery / pu->battery_max : 0.0;
  }
  v[0]  = s->qoe;
  v[1]  = s->reward;
  v[2]  = s->terminal;
  v[3]  = (double)s->attempts;
  v[4]  = (double)s->successes;
  v[5]  = (double)s->fail_accuracy;
  v[6]  = (double)s->fail_latency;
  v[7]  = (double)s->fail_energy;
  v[8]  = queue;
  v[9]  = nq[0] > 0 ? q[0] / nq[0] : NAN;
  v[10] = nq[1] > 0 ? q[1] / nq[1] : NAN;
  v[11] = nq[2] > 0 ? q[2] / nq[2] : NAN;
  v[12] = s->energy;
  v[13] = s->energy_es;
  v[14] = s->attempts ? s->accuracy / (double)s->attempts : NAN;
  v[15] = (double)s->offloaded;
  v[16] = c->nue ? battery / (double)c->nue : NAN;
  v[17] = s->ended ? s->episode_return : NAN;
  v[18] = pc->active ? 1.0 : 0.0;
}

static PetscErrorCode Summary(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len)
{
  MPI_Comm              comm = SemecCommWorld(sim->comm);
  const SemecP001Model *pm   = SemecP001ModelOf(sim->model);
  int64_t               n[6] = {0, 0, 0, 0, 0, 0}; /* drawn, done, discarded, queued, test episodes, completed */
  double                d[3] = {0, 0, 0};          /* test Qbar sum, steps sum, energy sum */

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell     *c  = &sim->cells[i];
    const SemecP001Cell *pc = SemecP001CellOf(c);
    n[0] += pc->drawn;
    n[1] += pc->done;
    n[2] += pc->discarded;
    for (PetscInt u = 0; u < c->nue; u++) n[3] += SemecP001UEOf(&c->ues[u])->queue;
    n[4] += pc->test_episodes;
    n[5] += pc->test_completed;
    d[0] += pc->test_qbar;
    d[1] += pc->test_steps;
    d[2] += pc->test_energy;
  }
  PetscCall(SemecCommSumInt64(sim->comm, n, 6));
  PetscCall(SemecCommSumDouble(sim->comm, d, 3));
  *ok = (PetscBool)(n[0] == n[1] + n[2] + n[3]);
  if (print) {
    PetscCall(PetscPrintf(comm, "  model      paper 001: %" PetscInt_FMT " UEs per cell, %" PetscInt_FMT " tasks per UE and episode, %s preference, %s offload%s\n",
                          sim->cfg.ues_per_cell, pm->queue, PreferenceNames[pm->preference], SemecP001OffloadNames[pm->par.offload],
                          pm->quantise ? ", shares on subcarriers" : ""));
    PetscCall(PetscPrintf(comm, "  tasks      drawn %" PetscInt64_FMT ", done %" PetscInt64_FMT ", left at an episode's end %" PetscInt64_FMT ", queued %" PetscInt64_FMT "\n", n[0],
                          n[1], n[2], n[3]));
    PetscCall(PetscPrintf(comm, "  check      drawn = done + left + queued: %s\n", *ok ? "OK" : "VIOLATED"));
    if (n[4])
      PetscCall(PetscPrintf(comm, "  test       sum QoE %.6g per step, %.4g steps per episode, %.4g %% of episodes emptied every queue, energy %.6g J per cell-episode (%" PetscInt64_FMT " episodes)\n",
                            d[0] / (double)n[4], d[1] / (double)n[4], 100.0 * (double)n[5] / (double)n[4], d[2] / (double)n[4], n[4]));
  }
  PetscCall(PetscSNPrintf(why, len, "task conservation violated network-wide: drawn %" PetscInt64_FMT " != done %" PetscInt64_FMT " + left %" PetscInt64_FMT " + queued %" PetscInt64_FMT,
                          n[0], n[1], n[2], n[3]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /eval: the test-phase means per cell, the numbers of Figs. 5-7. */
static PetscErrorCode Results(SemecSim *sim, hid_t file)
{
  PetscInt nc = sim->ncells;
  double  *v[4];
  hid_t    g;

  PetscFunctionBeginUser;
  if (sim->cfg.test_episodes <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  g = H5Gcreate2(file, "eval", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot create /eval in the output file");
  for (int j = 0; j < 4; j++) PetscCall(PetscMalloc1(nc + 1, &v[j]));
  for (PetscInt i = 0; i < nc; i++) {
    const SemecP001Cell *pc = SemecP001CellOf(&sim->cells[i]);
    double               e  = (double)pc->test_episodes;
    v[0][i]                 = e > 0 ? pc->test_qbar / e : NAN;
    v[1][i]                 = pc->test_completed > 0 ? pc->test_steps_completed / (double)pc->test_completed : NAN;
    v[2][i]                 = e > 0 ? (double)pc->test_completed / e : NAN;
    v[3][i]                 = e > 0 ? pc->test_energy / e : NAN;
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "qoe", H5T_NATIVE_DOUBLE, nc, v[0], "1",
                                 "system sum QoE of the test episodes, per cell: (1/t_end) sum over the steps and UEs of the QoE (10) of successful tasks, t_end the step "
                                 "every queue emptied (else T), mean over the test episodes"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "steps_to_empty", H5T_NATIVE_DOUBLE, nc, v[1], "steps",
                                 "mean step t_0 at which every queue of the cell emptied, over the test episodes that emptied them; NaN if none did"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "completion", H5T_NATIVE_DOUBLE, nc, v[2], "1",
                                 "share of the test episodes in which every queue of the cell emptied within T steps"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "energy", H5T_NATIVE_DOUBLE, nc, v[3], "J", "UE energy (8) of a test episode, summed over the cell's UEs, mean"));
  for (int j = 0; j < 4; j++) PetscCall(PetscFree(v[j]));
  PetscCheck(H5Gclose(g) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close /eval");
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecModelOps SemecModelMultimodalQoE = {
  .name          = "multimodal_qoe",
  .help          = "paper 001: text, image and VQA UEs, softmax bandwidth shares, ratio QoE with fixed or battery preference, episodes (-p001_ options)",
  .cloud_unit    = 1.0,
  .metrics       = Metrics,
  .nmetrics      = sizeof(Metrics) / sizeof(Metrics[0]),
  .create        = Create,
  .options_help  = Help,
  .destroy       = Destroy,
  .cell_create   = CellCreate,
  .cell_destroy  = CellDestroy,
  .scenario      = SemecP001PhaseScenario,
  .clear         = SemecP001PhaseClear,
  .decided       = SemecP001PhaseDecided,
  .contribution  = SemecP001Contribution,
  .evaluate      = SemecP001PhaseEvaluate,
  .settle        = SemecP001PhaseSettle,
  .metric_values = MetricValues,
  .summary       = Summary,
  .results       = Results,
};
