/* Paper 004's execution model, -sim_model sequential_dnn
 * (include/semec/p004/model.h): its options, its state per cell and WD,
 * the cell metrics, the summary with the load check, and /eval.  The slot
 * phases are in src/p004/phases.c. */
#include <semec/engine/sim.h>
#include <semec/engine/options.h>
#include <semec/p004/model.h>
#include <math.h>

#define OPT_REAL SEMEC_OPT_REAL
#define OPT_INT  SEMEC_OPT_INT

static PetscErrorCode Load(MPI_Comm comm, const SemecConfig *cfg, SemecP004Model *pm)
{
  SemecP004Params *par = &pm->par;
  double           W = 1e8, raw_bits = 1e6, w1 = 1.0, w3 = 1.0;

  PetscFunctionBeginUser;
  par->n         = SEMEC_P004_DEFAULT_BLOCK_SLOTS;
  par->gap       = 1.5;  /* Sec. VI: Gamma */
  par->p_max     = 1.0;  /* not in the paper (ours) */
  par->w[1]      = 1.0;  /* w2 per J (ours) */
  par->w[3]      = 100.0;/* w4 per J (ours) */
  par->gamma     = 0.99; /* (ours) */
  PetscOptionsBegin(comm, NULL, "Paper 004 sequential DNN offloading model (-p004_), with -sim_model sequential_dnn", NULL);
  OPT_INT("-p004_block_slots", "Slots per block n (Sec. VI: 5)", par->n);
  OPT_REAL("-p004_task_cycles", "CPU cycles W of one DNN task (Sec. VI prints 1e10: infeasible, docs/models.md)", W);
  OPT_REAL("-p004_output_bits", "Intermediate output of a whole task, zeta W (bit): zeta = this / W", raw_bits);
  OPT_REAL("-p004_snr_gap", "SNR gap Gamma of (3) (Sec. VI: 1.5)", par->gap);
  OPT_REAL("-p004_power_max", "Highest transmit power p_max (W; the paper has none)", par->p_max);
  OPT_REAL("-p004_w1", "Weight w1 of the server queue in (8), per task of W cycles", w1);
  OPT_REAL("-p004_w2", "Weight w2 of the server energy in (8), per J", par->w[1]);
  OPT_REAL("-p004_w3", "Weight w3 of each WD queue in (8), per task of W cycles", w3);
  OPT_REAL("-p004_w4", "Weight w4 of each WD energy in (8), per J", par->w[3]);
  OPT_REAL("-p004_gamma", "Discount factor gamma of (9a)", par->gamma);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p004_block_slots", par->n, 1, SEMEC_P004_MAX_SLOTS);
  SEMEC_CHECK_REAL("-p004_task_cycles", W, 1.0, 1e15);
  PetscCheck(W == floor(W), comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -p004_task_cycles, %.17g, is not a whole number of cycles", W);
  SEMEC_CHECK_REAL("-p004_output_bits", raw_bits, 1e-3, 1e15);
  SEMEC_CHECK_REAL("-p004_snr_gap", par->gap, 1.0, 1e6);
  SEMEC_CHECK_REAL("-p004_power_max", par->p_max, 1e-9, 1e3);
  SEMEC_CHECK_REAL("-p004_w1", w1, 0.0, 1e12);
  SEMEC_CHECK_REAL("-p004_w2", par->w[1], 0.0, 1e12);
  SEMEC_CHECK_REAL("-p004_w3", w3, 0.0, 1e12);
  SEMEC_CHECK_REAL("-p004_w4", par->w[3], 0.0, 1e12);
  PetscCheck(par->gamma > 0.0 && par->gamma < 1.0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -p004_gamma, %g, is out of range: allowed (0, 1)", par->gamma);
  par->W         = (int64_t)W;
  par->zeta      = raw_bits / W;
  par->w[0]      = w1 / W; /* (8) weighs cycles */
  par->w[2]      = w3 / W;
  par->tau       = cfg->slot_s;
  par->B         = cfg->subcarrier_hz;
  par->f_wd_max  = cfg->ue_cpu_hz;
  par->xi_wd     = cfg->ue_kappa;
  par->f_ser_max = cfg->mec_cpu_hz;
  par->xi_ser    = cfg->mec_kappa;
  pm->b          = cfg->arrival_prob;
  pm->K          = cfg->ues_per_cell;
  pm->seed       = cfg->seed;
  pm->noise_w    = pow(10.0, (cfg->noise_dbm_hz - 30.0) / 10.0) * cfg->subcarrier_hz; /* N0 B_k: "AWGN with unit variance" once h is divided by it */
  pm->blocks     = cfg->slots / par->n;
  PetscCheck(cfg->arrival == SEMEC_ARRIVAL_BERNOULLI, comm, PETSC_ERR_ARG_INCOMP,
             "Option -task_arrival, poisson, is not allowed with -sim_model sequential_dnn: give bernoulli (a task arrives in a slot with probability -task_arrival_probability)");
  PetscCheck(cfg->slots % par->n == 0, comm, PETSC_ERR_ARG_INCOMP,
             "Option -sim_slots, %" PetscInt_FMT ", is not a whole number of blocks of -p004_block_slots %" PetscInt_FMT " slots: give a multiple of %" PetscInt_FMT, cfg->slots,
             par->n, par->n);
  PetscCheck(cfg->episode_length == 0, comm, PETSC_ERR_ARG_INCOMP,
             "Option -sim_episode_length, %" PetscInt_FMT ", must be 0 with -sim_model sequential_dnn: the paper's learning is online over one run", cfg->episode_length);
  PetscCheck(cfg->ue_count == SEMEC_COUNT_FIXED, comm, PETSC_ERR_ARG_INCOMP,
             "-sim_model sequential_dnn needs -geom_ue_count fixed: the server's state has one queue per WD (Alg. 2)");
  PetscCheck(cfg->ue_speed_mps == 0.0, comm, PETSC_ERR_ARG_INCOMP, "Option -geom_ue_speed, %g, must be 0 for -sim_model sequential_dnn (the WDs do not move)",
             (double)cfg->ue_speed_mps);
  PetscCheck(pm->K >= 1 && pm->K <= SEMEC_P004_MAX_WDS, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", is out of range for -sim_model sequential_dnn: allowed [1, %d]", pm->K, SEMEC_P004_MAX_WDS);
  PetscCheck(pm->K <= cfg->subcarriers, comm, PETSC_ERR_ARG_INCOMP,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", exceeds -chan_subcarriers %" PetscInt_FMT ": every WD needs its own resource block (FDMA, Sec. II-B)", pm->K,
             cfg->subcarriers);
  PetscCheck(cfg->interference_rounds == 1, comm, PETSC_ERR_ARG_INCOMP,
             "Option -sim_interference_rounds, %" PetscInt_FMT ", must be 1 with -sim_model sequential_dnn: the WDs decide once per block from the interference of the last offload slot",
             cfg->interference_rounds);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Create(SemecModel *m, MPI_Comm comm, const SemecConfig *cfg)
{
  SemecP004Model *pm;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pm));
  m->data = pm;
  PetscCall(Load(comm, cfg, pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecModel *m) { return PetscFree(m->data); }

static PetscErrorCode Help(MPI_Comm comm)
{
  SemecConfig    cfg;
  SemecP004Model pm;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&cfg, sizeof(cfg)));
  cfg.slots          = 0;
  cfg.slot_s         = 0.1;
  cfg.subcarriers    = 4;
  cfg.subcarrier_hz  = 1e6;
  cfg.ues_per_cell   = 4;
  cfg.ue_count       = SEMEC_COUNT_FIXED;
  cfg.arrival        = SEMEC_ARRIVAL_BERNOULLI;
  cfg.interference_rounds = 1;
  PetscCall(Load(comm, &cfg, &pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellCreate(SemecModel *m, const SemecConfig *cfg, SemecCell *cell)
{
  const SemecP004Model *pm = SemecP004ModelOf(m);

  PetscFunctionBeginUser;
  PetscCheck(cell->nue == pm->K, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " WDs: -sim_model sequential_dnn needs %" PetscInt_FMT,
             cell->id, cell->nue, pm->K);
  PetscCall(SemecModelCellCalloc(cell, sizeof(SemecP004Cell), sizeof(SemecP004UE)));
  SemecP004CellOf(cell)->discount = 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellDestroy(SemecModel *m, SemecCell *cell) { return SemecModelCellFree(cell); }

static const SemecMetricInfo Metrics[] = {
  {"arrived", "cycles", "workload arriving at the cell's WDs in the slot (W per task; it joins the queues at the block's end, (1))"},
  {"local_cycles", "cycles", "cycles computed by the cell's WDs in the slot, C/(n tau) each"},
  {"server_cycles", "cycles", "cycles the MEC server computed in the slot"},
  {"energy_local", "J", "paper 004 eq. (2): local computing energy of the cell's WDs in the slot"},
  {"energy_server", "J", "paper 004 eq. (7): the MEC server's energy in the slot, at the chosen rate"},
  {"cost", "1", "paper 004 eq. (8): the block's cost c_t, at the block's last slot (NaN elsewhere)"},
  {"cost_server_queue", "1", "w1 q_t^ser of (8), at the block's last slot"},
  {"cost_server_energy", "1", "w2 E_t^ser of (8), at the block's last slot"},
  {"cost_wd_queue", "1", "sum over the WDs of w3 q_{k,t}^wd of (8), at the block's last slot"},
  {"cost_wd_local_energy", "1", "sum over the WDs of w4 E_{k,t}^wd (2), at the block's last slot"},
  {"cost_wd_offload_energy", "1", "sum over the WDs of w4 E_{k,t}^off (5), at the block's last slot"},
  {"discounted_cost", "1", "paper 004 eq. (9a) so far: sum over blocks t' <= t of gamma^t' c_t', at the block's last slot"},
  {"queue_wd", "cycles", "sum of the WD queues q_{k,t+1}^wd after the block (1), at its last slot"},
  {"queue_server", "cycles", "the server queue q_{t+1}^ser after the block (6), at its last slot"},
  {"offloaded", "cycles", "back-ends delivered to the server after the block, sum of rho_{k,t}, at its last slot"},
  {"offload_energy", "J", "paper 004 eq. (5): transmit energy of the block's offloads, outages included, at its last slot"},
  {"outages", "WDs", "offloads the realised SINR could not carry in the slot (the back-end stayed), at the block's last slot"},
  {"splits", "WDs", "WDs that offloaded a back-end after the block (rho > 0), at its last slot"},
  {"tasks_local", "tasks", "tasks completed locally in the block, at its last slot"},
};

static void MetricValues(const SemecModel *m, const SemecCell *c, double *v)
{
  const SemecP004Cell *pc = SemecP004CellOf(c);
  PetscBool            e  = pc->block_end;
  int64_t              qwd = 0;

  for (PetscInt u = 0; e && u < c->nue; u++) qwd += SemecP004QueueCycles(&SemecP004ModelOf(m)->par, SemecP004UEOf(&c->ues[u])->q);
  v[0]  = (double)pc->slot.arrived;
  v[1]  = (double)pc->slot.local;
  v[2]  = (double)pc->slot.served;
  v[3]  = pc->slot.e_local;
  v[4]  = pc->slot.e_server;
  v[5]  = e ? pc->cost : NAN;
  for (int j = 0; j < 5; j++) v[6 + j] = e ? pc->parts[j] : NAN;
  v[11] = e ? pc->discounted : NAN;
  v[12] = e ? (double)qwd : NAN;
  v[13] = e ? (double)pc->q_ser : NAN;
  v[14] = e ? (double)pc->offloaded : NAN;
  v[15] = e ? pc->e_off_block : NAN;
  v[16] = e ? (double)pc->outages : NAN;
  v[17] = e ? (double)pc->splits : NAN;
  v[18] = e ? (double)pc->done_local : NAN;
}

static PetscErrorCode Summary(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len)
{
  MPI_Comm               comm = SemecCommWorld(sim->comm);
  const SemecP004Model  *pm   = SemecP004ModelOf(sim->model);
  const SemecP004Params *par  = &pm->par;
  int64_t                n[6] = {0, 0, 0, 0, 0, 0}; /* arrived, local, server, WD queues, server queues, outages */
  double                 d[2] = {0, 0};             /* discounted cost, mean cost of the second half, summed over cells */
  int64_t                cmax = SemecP004LocalCapacity(par);
  double                 arrive = (double)par->n * pm->b, finish = (double)(cmax / par->W) + 1.0, server = (double)par->n * par->tau * par->f_ser_max / (double)par->W;
  PetscInt               half = pm->blocks - pm->blocks / 2;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell     *c  = &sim->cells[i];
    const SemecP004Cell *pc = SemecP004CellOf(c);
    n[0] += pc->arrived;
    n[1] += pc->local;
    n[2] += pc->served;
    for (PetscInt u = 0; u < c->nue; u++) n[3] += SemecP004QueueCycles(par, SemecP004UEOf(&c->ues[u])->q);
    n[4] += pc->q_ser;
    n[5] += pc->outages_total;
    d[0] += pc->discounted;
    d[1] += half > 0 ? pc->second_half / (double)half : 0.0;
  }
  PetscCall(SemecCommSumInt64(sim->comm, n, 6));
  PetscCall(SemecCommSumDouble(sim->comm, d, 2));
  *ok = (PetscBool)(n[0] == n[1] + n[2] + n[3] + n[4]);
  if (print) {
    PetscCall(PetscPrintf(comm, "  model      paper 004: %" PetscInt_FMT " WDs per cell, blocks of %" PetscInt_FMT " slots of %g s, W = %.6g cycles, b = %g, %" PetscInt_FMT " blocks\n",
                          pm->K, par->n, par->tau, (double)par->W, pm->b, pm->blocks));
    PetscCall(PetscPrintf(comm, "  load       a WD gets %.4g tasks per block and finishes at most %.4g (%.4g locally + one back-end): %s\n", arrive, finish, finish - 1.0,
                          arrive >= finish ? "OVERLOADED, its queue grows whatever the policy" : "can be stable"));
    PetscCall(PetscPrintf(comm, "  load       the server runs %.4g tasks per block; its %" PetscInt_FMT " WDs offload at most %" PetscInt_FMT ": %s\n", server, pm->K, pm->K,
                          (double)pm->K > server ? "it can be overloaded" : "never overloaded"));
    PetscCall(PetscPrintf(comm, "  cycles     arrived %" PetscInt64_FMT ", local %" PetscInt64_FMT ", server %" PetscInt64_FMT ", queued at WDs %" PetscInt64_FMT ", at servers %" PetscInt64_FMT "\n",
                          n[0], n[1], n[2], n[3], n[4]));
    PetscCall(PetscPrintf(comm, "  check      arrived = local + server + queued: %s\n", *ok ? "OK" : "VIOLATED"));
    PetscCall(PetscPrintf(comm, "  offload    %" PetscInt64_FMT " outages\n", n[5]));
    PetscCall(PetscPrintf(comm, "  cost       discounted (9a) %.6g, mean per block over the second half %.6g (means over cells)\n", d[0] / (double)sim->cfg.cells,
                          d[1] / (double)sim->cfg.cells));
  }
  PetscCall(PetscSNPrintf(why, len, "workload conservation violated network-wide: arrived %" PetscInt64_FMT " != local %" PetscInt64_FMT " + server %" PetscInt64_FMT " + queued %" PetscInt64_FMT " + %" PetscInt64_FMT,
                          n[0], n[1], n[2], n[3], n[4]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /eval: per cell, the discounted cost (9a) over the run and the mean cost per block over its second half. */
static PetscErrorCode Results(SemecSim *sim, hid_t file)
{
  const SemecP004Model *pm = SemecP004ModelOf(sim->model);
  PetscInt              nc = sim->ncells, half = pm->blocks - pm->blocks / 2;
  double               *v[2];
  hid_t                 g;

  PetscFunctionBeginUser;
  g = H5Gcreate2(file, "eval", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot create /eval in the output file");
  for (int j = 0; j < 2; j++) PetscCall(PetscMalloc1(nc + 1, &v[j]));
  for (PetscInt i = 0; i < nc; i++) {
    const SemecP004Cell *pc = SemecP004CellOf(&sim->cells[i]);
    v[0][i]                 = pc->discounted;
    v[1][i]                 = half > 0 ? pc->second_half / (double)half : NAN;
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "discounted_cost", H5T_NATIVE_DOUBLE, nc, v[0], "1",
                                 "paper 004 eq. (9a) over the run, per cell: sum over the blocks t of gamma^t c_t (8), from empty queues and fresh learners"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "mean_cost", H5T_NATIVE_DOUBLE, nc, v[1], "1",
                                 "mean cost (8) per block over the second half of the run (blocks t >= floor(blocks/2)), per cell"));
  for (int j = 0; j < 2; j++) PetscCall(PetscFree(v[j]));
  PetscCheck(H5Gclose(g) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close /eval");
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecModelOps SemecModelSequentialDNN = {
  .name          = "sequential_dnn",
  .help          = "paper 004: blocks of n slots, W-cycle DNN tasks split between WD and MEC server, parametric online Q-learning (-p004_ options)",
  .cloud_unit    = 1.0,
  .metrics       = Metrics,
  .nmetrics      = sizeof(Metrics) / sizeof(Metrics[0]),
  .create        = Create,
  .options_help  = Help,
  .destroy       = Destroy,
  .cell_create   = CellCreate,
  .cell_destroy  = CellDestroy,
  .scenario      = SemecP004PhaseScenario,
  .decided       = SemecP004PhaseDecided,
  .contribution  = SemecP004Contribution,
  .evaluate      = SemecP004PhaseEvaluate,
  .settle        = SemecP004PhaseSettle,
  .metric_values = MetricValues,
  .summary       = Summary,
  .results       = Results,
};
