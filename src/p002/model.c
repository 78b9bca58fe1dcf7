/* Paper 002's execution model, -sim_model semantic_multitask
 * (include/semec/p002/model.h): its options, its state per cell and UE, the
 * cell metrics it records, the summary lines, the end state (/model) and the
 * test-phase results (/eval).  The slot phases are in src/p002/phases.c. */
#include <semec/engine/sim.h>
#include <semec/engine/options.h>
#include <semec/p002/model.h>
#include <math.h>

static const char *const Modalities[] = {"mixed", "text", "image", "vqa", NULL};

/* One -p002_task_* option: a value per modality (text, image, VQA). */
static PetscErrorCode ModalityOption(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, SemecP002Params *par, size_t offset)
{
  double    v[SEMEC_P002_NMODALITIES];
  PetscInt  n = SEMEC_P002_NMODALITIES;
  PetscBool set;

  PetscFunctionBeginUser;
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) v[m] = *(double *)((char *)&par->task[m] + offset);
  PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_FALSE, SEMEC_P002_NMODALITIES));
  PetscCall(PetscOptionsRealArray(opt, help, NULL, v, &n, &set));
  PetscCheck(!set || n == SEMEC_P002_NMODALITIES, comm, PETSC_ERR_ARG_SIZ, "Option %s has %" PetscInt_FMT " values: give 3, for text, image and VQA", opt, n);
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) *(double *)((char *)&par->task[m] + offset) = v[m];
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define OPT_REAL SEMEC_OPT_REAL
#define OPT_INT  SEMEC_OPT_INT
#define TASK_OPT(opt, help, field) PetscCall(ModalityOption(PetscOptionsObject, comm, opt, help, par, offsetof(SemecP002Task, field)))

static PetscErrorCode Load(MPI_Comm comm, const SemecConfig *cfg, SemecP002Model *pm)
{
  SemecP002Params *par = &pm->par;
  char             table[SEMEC_P002_NMODALITIES][PETSC_MAX_PATH_LEN] = {"", "", ""};
  static const char *const table_opt[] = {"-p002_accuracy_table_text", "-p002_accuracy_table_image", "-p002_accuracy_table_vqa"};
  int              modality = 0;

  PetscFunctionBeginUser;
  SemecP002ParamsDefault(par);
  pm->queue    = 10;  /* Sec. IV: 10 tasks per UE */
  pm->gain_min = 0.1; /* Table II */
  pm->gain_max = 1.0;
  pm->nsub     = cfg->subcarriers;
  pm->seed     = cfg->seed;
  PetscOptionsBegin(comm, NULL, "Paper 002 semantic multi-task model (-p002_), with -sim_model semantic_multitask", NULL);
  OPT_INT("-p002_queue_length", "Tasks in every UE's queue at the start of an episode, Q", pm->queue);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p002_modality", "Task modalities: mixed (uniform draw), or only text, image or vqa (Fig. 9)",
                                  Modalities, &modality));
  OPT_REAL("-p002_gain_min", "Lowest power gain g of a sub-channel (Table II)", pm->gain_min);
  OPT_REAL("-p002_gain_max", "Highest power gain g of a sub-channel (Table II)", pm->gain_max);
  OPT_REAL("-p002_bandwidth", "Sub-channel bandwidth B (Hz)", par->bandwidth);
  OPT_REAL("-p002_noise_power", "Noise power sigma_z^2 per sub-channel (W)", par->noise_w);
  OPT_REAL("-p002_ue_flops_per_cycle", "FLOP per cycle of the UE GPU, o_n", par->o_ue);
  OPT_REAL("-p002_es_flops_per_cycle", "FLOP per cycle of the ES GPU, o_s", par->o_es);
  OPT_REAL("-p002_es_frequency", "ES GPU frequency f_s (Hz)", par->f_es);
  OPT_REAL("-p002_ue_kappa", "UE energy coefficient kappa^U", par->kappa_ue);
  OPT_REAL("-p002_es_kappa", "ES energy coefficient kappa^S", par->kappa_es);
  OPT_REAL("-p002_mu_exponent_tx", "Exponent p of mu in the transmission latency (3)", par->mu_exp_tx);
  OPT_REAL("-p002_mu_exponent_extract", "Exponent k of mu in the extraction time (4)", par->mu_exp_ext);
  OPT_REAL("-p002_frequency_ref", "Local GPU frequency of the QoE reference (11) (Hz)", par->f_ref);
  OPT_REAL("-p002_mu_min", "Lowest semantic extraction factor mu_min (12f)", par->mu_min);
  OPT_REAL("-p002_power_min", "Lowest transmit power (W)", par->p_min);
  OPT_REAL("-p002_power_max", "Highest transmit power p_max (12g) (W)", par->p_max);
  OPT_REAL("-p002_frequency_min", "Lowest local GPU frequency (Hz)", par->f_min);
  OPT_REAL("-p002_frequency_max", "Highest local GPU frequency f_max (12h) (Hz)", par->f_max);
  OPT_REAL("-p002_latency_max", "Latency constraint t_max (12i) (s)", par->t_max);
  OPT_REAL("-p002_energy_max", "Battery bound E^max on the UE energy (12j) (J), 0 = off", par->e_max);
  OPT_REAL("-p002_weight_delay", "QoE weight omega_t (11); the three weights sum to 1", par->w_t);
  OPT_REAL("-p002_weight_energy", "QoE weight omega_e (11)", par->w_e);
  OPT_REAL("-p002_weight_accuracy", "QoE weight omega_a (11)", par->w_a);
  OPT_REAL("-p002_slope_delay", "Slope lambda of the latency score (11) (1/ms)", par->slope_t);
  OPT_REAL("-p002_slope_energy", "Slope beta of the energy score (11) (1/J)", par->slope_e);
  OPT_REAL("-p002_slope_accuracy", "Slope eta of the accuracy score (11)", par->slope_a);
  TASK_OPT("-p002_task_bits", "Raw data s of a task, text,image,vqa (bit)", bits);
  TASK_OPT("-p002_task_local_flops", "Local load l^U, text,image,vqa (FLOP)", l_local);
  TASK_OPT("-p002_task_extract_flops", "Basic extraction load l^SE, text,image,vqa (FLOP)", l_extract);
  TASK_OPT("-p002_task_server_flops", "ES load l^S, text,image,vqa (FLOP)", l_server);
  TASK_OPT("-p002_task_accuracy_local", "Accuracy of local execution eps^l, text,image,vqa", eps_local);
  TASK_OPT("-p002_task_accuracy_min", "Minimum accuracy eps_min (12k), text,image,vqa", eps_min);
  TASK_OPT("-p002_task_accuracy_server", "Default accuracy map: ceiling eps^S at mu = 1, text,image,vqa", eps_server);
  TASK_OPT("-p002_accuracy_theta", "Default accuracy map: exponent of mu, text,image,vqa", theta);
  TASK_OPT("-p002_accuracy_slope", "Default accuracy map: slope a (1/dB), text,image,vqa", slope_db);
  TASK_OPT("-p002_accuracy_mid", "Default accuracy map: midpoint s_0 (dB), text,image,vqa", mid_db);
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++)
    PetscCall(PetscOptionsString(table_opt[m], "Measured accuracy table 'mu snr_db accuracy' for this modality (file; default: the map above)", NULL, table[m],
                                 table[m], sizeof(table[m]), &pm->has_table[m]));
  PetscOptionsEnd();
  pm->modality = modality - 1;
  SEMEC_CHECK_INT("-p002_queue_length", pm->queue, 1, SEMEC_P002_MAX_QUEUE);
  SEMEC_CHECK_REAL("-p002_gain_min", pm->gain_min, 1e-30, 1e6);
  SEMEC_CHECK_REAL("-p002_gain_max", pm->gain_max, pm->gain_min, 1e6);
  PetscCheck(pm->nsub <= SEMEC_P002_MAX_SUBCHANNELS, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -chan_subcarriers, %" PetscInt_FMT ", is out of range for -sim_model semantic_multitask: allowed [1, %d] sub-channels", pm->nsub,
             SEMEC_P002_MAX_SUBCHANNELS);
  PetscCheck(cfg->ue_count == SEMEC_COUNT_FIXED, comm, PETSC_ERR_ARG_INCOMP, "-sim_model semantic_multitask needs -geom_ue_count fixed");
  PetscCheck(pm->nsub >= cfg->ues_per_cell, comm, PETSC_ERR_ARG_INCOMP,
             "Option -chan_subcarriers, %" PetscInt_FMT ", is below -geom_ues_per_cell %" PetscInt_FMT ": the one-to-one sub-channels of (12d)-(12e) need at least one per UE",
             pm->nsub, cfg->ues_per_cell);
  PetscCheck(cfg->ues_per_cell >= 1 && cfg->ues_per_cell <= SEMEC_P002_MAX_UES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", is out of range for -sim_model semantic_multitask: allowed [1, %d]", cfg->ues_per_cell,
             SEMEC_P002_MAX_UES);
  for (int m = 0; m < SEMEC_P002_NMODALITIES; m++) {
    if (!pm->has_table[m]) continue;
    PetscBool readable = PETSC_FALSE;
    PetscCheck(table[m][0], comm, PETSC_ERR_ARG_WRONG, "Option %s is empty: give a file of 'mu snr_db accuracy' lines", table_opt[m]);
    PetscCall(PetscTestFile(table[m], 'r', &readable));
    PetscCheck(readable, comm, PETSC_ERR_FILE_OPEN, "Option %s, %s, cannot be read (no such file or no permission)", table_opt[m], table[m]);
    PetscCall(SemecAccuracyLoadTable(comm, table[m], &pm->table[m]));
    PetscCall(SemecAccuracyCheckK(comm, &pm->table[m], par->mu_min));
    PetscCall(SemecAccuracyCheckK(comm, &pm->table[m], 1.0));
    par->task[m].table = &pm->table[m];
  }
  PetscCall(SemecP002ParamsValidate(comm, par));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Create(SemecModel *m, MPI_Comm comm, const SemecConfig *cfg)
{
  SemecP002Model *pm;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pm));
  m->data = pm;
  PetscCall(Load(comm, cfg, pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecModel *m)
{
  SemecP002Model *pm = (SemecP002Model *)m->data;

  PetscFunctionBeginUser;
  for (int i = 0; pm && i < SEMEC_P002_NMODALITIES; i++)
    if (pm->has_table[i]) PetscCall(SemecAccuracyDestroy(&pm->table[i]));
  PetscCall(PetscFree(m->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Help(MPI_Comm comm)
{
  SemecConfig    cfg;
  SemecP002Model pm;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&cfg, sizeof(cfg)));
  cfg.subcarriers  = 2;
  cfg.ues_per_cell = 2;
  cfg.ue_count     = SEMEC_COUNT_FIXED;
  PetscCall(PetscMemzero(&pm, sizeof(pm)));
  PetscCall(Load(comm, &cfg, &pm));
  for (int i = 0; i < SEMEC_P002_NMODALITIES; i++)
    if (pm.has_table[i]) PetscCall(SemecAccuracyDestroy(&pm.table[i]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellCreate(SemecModel *m, const SemecConfig *cfg, SemecCell *cell)
{
  PetscFunctionBeginUser;
  PetscCheck(cell->nue <= SEMEC_P002_MAX_UES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs: allowed at most %d",
             cell->id, cell->nue, SEMEC_P002_MAX_UES);
  PetscCall(SemecModelCellCalloc(cell, sizeof(SemecP002Cell), sizeof(SemecP002UE)));
  for (PetscInt u = 0; u < cell->nue; u++) SemecP002UEOf(&cell->ues[u])->assigned = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellDestroy(SemecModel *m, SemecCell *cell) { return SemecModelCellFree(cell); }

static const SemecMetricInfo Metrics[] = {
  {"tasks", "tasks", "tasks the cell's UEs executed in the slot (one per UE with a task left in its queue)"},
  {"qoe", "1", "paper 002 eq. (11): mean QoE per task executed in the slot; NaN if none"},
  {"reward", "1", "paper 002 eq. (13): the team reward, sum over the cell's UEs of r_n"},
  {"delay", "s", "paper 002 eq. (6): mean latency t^M per task executed in the slot; NaN if none"},
  {"energy_ue", "J", "paper 002 eq. (7): UE energy E^U of the tasks executed in the slot, summed"},
  {"energy_es", "J", "paper 002 eq. (8): ES energy E^S of the tasks executed in the slot, summed"},
  {"accuracy", "1", "paper 002 eq. (10): mean accuracy per task executed in the slot (eps^l when local); NaN if none"},
  {"mu", "1", "mean semantic extraction factor of the tasks offloaded in the slot; NaN if none"},
  {"offload", "1", "fraction of the tasks executed in the slot that were offloaded; NaN if none"},
  {"violations", "tasks", "tasks of the slot that violated (12i), (12j) or (12k)"},
  {"unserved", "UEs", "offloading UEs left without a sub-channel by the one-to-one rule (they executed locally)"},
  {"ues", "UEs", "UEs of the cell"},
};

static void MetricValues(const SemecModel *m, const SemecCell *c, double *v)
{
  const SemecP002SlotStats *s = &SemecP002CellOf(c)->slot;
  double                    n = (double)s->tasks;
  v[0]  = n;
  v[1]  = s->tasks ? s->qoe / n : NAN;
  v[2]  = s->reward;
  v[3]  = s->tasks ? s->delay / n : NAN;
  v[4]  = s->energy_ue;
  v[5]  = s->energy_es;
  v[6]  = s->tasks ? s->accuracy / n : NAN;
  v[7]  = s->offloaded ? s->mu / (double)s->offloaded : NAN;
  v[8]  = s->tasks ? (double)s->offloaded / n : NAN;
  v[9]  = (double)s->violations;
  v[10] = (double)s->unserved;
  v[11] = (double)c->nue;
}

static PetscErrorCode Summary(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len)
{
  MPI_Comm              comm = SemecCommWorld(sim->comm);
  const SemecP002Model *pm   = SemecP002ModelOf(sim->model);
  int64_t               n[7] = {0, 0, 0, 0, 0, 0, 0}; /* drawn, executed, discarded, queued, test tasks, test episodes, train tasks */
  double                d[6] = {0, 0, 0, 0, 0, 0};    /* test qoe, delay, energy, accuracy, offloaded; train qoe */

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell     *c  = &sim->cells[i];
    const SemecP002Cell *pc = SemecP002CellOf(c);
    n[0] += pc->drawn;
    n[1] += pc->executed;
    n[2] += pc->discarded;
    for (PetscInt u = 0; u < c->nue; u++) n[3] += SemecP002UEOf(&c->ues[u])->drawn - SemecP002UEOf(&c->ues[u])->next;
    n[4] += pc->test_tasks;
    n[5] += pc->test_episodes;
    n[6] += pc->train_tasks;
    d[0] += pc->test_qoe;
    d[1] += pc->test_delay;
    d[2] += pc->test_energy;
    d[3] += pc->test_accuracy;
    d[4] += pc->test_offloaded;
    d[5] += pc->train_qoe;
  }
  PetscCall(SemecCommSumInt64(sim->comm, n, 7));
  PetscCall(SemecCommSumDouble(sim->comm, d, 6));
  *ok = (PetscBool)(n[0] == n[1] + n[2] + n[3]);
  if (print) {
    PetscCall(PetscPrintf(comm, "  model      paper 002: %" PetscInt_FMT " UEs and %" PetscInt_FMT " sub-channels per cell, %" PetscInt_FMT " tasks per UE and episode\n",
                          sim->cfg.ues_per_cell, pm->nsub, pm->queue));
    PetscCall(PetscPrintf(comm, "  tasks      drawn %" PetscInt64_FMT ", executed %" PetscInt64_FMT ", discarded at an episode's end %" PetscInt64_FMT ", queued %" PetscInt64_FMT "\n",
                          n[0], n[1], n[2], n[3]));
    PetscCall(PetscPrintf(comm, "  check      drawn = executed + discarded + queued: %s\n", *ok ? "OK" : "VIOLATED"));
    if (n[6]) PetscCall(PetscPrintf(comm, "  train      QoE %.6g mean per task over %" PetscInt64_FMT " tasks\n", d[5] / (double)n[6], n[6]));
    if (n[4])
      PetscCall(PetscPrintf(comm, "  test       QoE %.6g per task, delay %.6g ms, energy %.6g J per cell-episode, accuracy %.4g %%, offloaded %.4g %% (%" PetscInt64_FMT " tasks)\n",
                            d[0] / (double)n[4], 1e3 * d[1] / (double)n[4], n[5] ? d[2] / (double)n[5] : NAN, 100.0 * d[3] / (double)n[4], 100.0 * d[4] / (double)n[4],
                            n[4]));
  }
  PetscCall(PetscSNPrintf(why, len, "task conservation violated network-wide: drawn %" PetscInt64_FMT " != executed %" PetscInt64_FMT " + discarded %" PetscInt64_FMT
                          " + queued %" PetscInt64_FMT, n[0], n[1], n[2], n[3]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /eval: the test-phase means per cell, the headline of Tables III-V. */
static PetscErrorCode Results(SemecSim *sim, hid_t file)
{
  PetscInt nc = sim->ncells;
  double  *v[5];
  hid_t    g;

  PetscFunctionBeginUser;
  if (sim->cfg.episode_length <= 0 || sim->cfg.test_episodes <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  g = H5Gcreate2(file, "eval", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot create /eval in the output file");
  for (int j = 0; j < 5; j++) PetscCall(PetscMalloc1(nc + 1, &v[j]));
  for (PetscInt i = 0; i < nc; i++) {
    const SemecP002Cell *pc = SemecP002CellOf(&sim->cells[i]);
    double               n  = (double)pc->test_tasks;
    v[0][i]                 = n > 0 ? pc->test_qoe / n : NAN;
    v[1][i]                 = n > 0 ? 1e3 * pc->test_delay / n : NAN;
    v[2][i]                 = pc->test_episodes > 0 ? pc->test_energy / (double)pc->test_episodes : NAN;
    v[3][i]                 = n > 0 ? pc->test_accuracy / n : NAN;
    v[4][i]                 = n > 0 ? pc->test_offloaded / n : NAN;
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "qoe", H5T_NATIVE_DOUBLE, nc, v[0], "1", "paper 002 eq. (11): mean QoE per task over the test episodes, per cell"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "delay", H5T_NATIVE_DOUBLE, nc, v[1], "ms", "mean latency (6) per task over the test episodes, per cell"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "energy", H5T_NATIVE_DOUBLE, nc, v[2], "J",
                                 "energy (9) of all the cell's tasks of a test episode (UE and ES), mean over the test episodes"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "accuracy", H5T_NATIVE_DOUBLE, nc, v[3], "1", "mean accuracy (10) per task over the test episodes, per cell"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "offload", H5T_NATIVE_DOUBLE, nc, v[4], "1", "fraction of the test tasks offloaded, per cell"));
  for (int j = 0; j < 5; j++) PetscCall(PetscFree(v[j]));
  PetscCheck(H5Gclose(g) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close /eval");
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecModelOps SemecModelSemanticMultitask = {
  .name          = "semantic_multitask",
  .help          = "paper 002: multi-modal tasks, semantic extraction factor mu, one-to-one sub-channels, logistic QoE, episodes (-p002_ options)",
  .cloud_unit    = 1.0,
  .metrics       = Metrics,
  .nmetrics      = sizeof(Metrics) / sizeof(Metrics[0]),
  .create        = Create,
  .options_help  = Help,
  .destroy       = Destroy,
  .cell_create   = CellCreate,
  .cell_destroy  = CellDestroy,
  .scenario      = SemecP002PhaseScenario,
  .clear         = SemecP002PhaseClear,
  .decided       = SemecP002PhaseDecided,
  .contribution  = SemecP002Contribution,
  .evaluate      = SemecP002PhaseEvaluate,
  .settle        = SemecP002PhaseSettle,
  .metric_values = MetricValues,
  .summary       = Summary,
  .results       = Results,
};
