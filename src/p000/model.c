/* Paper 000's cloud-edge-end model (include/semec/p000/model.h): its options
 * and channels, its state per cell and UE, the cell metrics it records, its
 * lines of the summary, and its registration as -sim_model cloud_edge_end.
 * Its slot phases are in src/p000/phases.c. */
#include <semec/engine/sim.h>
#include <semec/p000/model.h>
#include <semec/engine/channel.h>
#include <semec/engine/options.h>

#define OPT_REAL   SEMEC_OPT_REAL
#define OPT_INT    SEMEC_OPT_INT
#define CHECK_REAL SEMEC_CHECK_REAL
#define CHECK_INT  SEMEC_CHECK_INT

static PetscErrorCode LoadTransformer(MPI_Comm comm, SemecTransformer *t)
{
  static const char *const counts[] = {"printed", "physical", NULL};
  int                      count;

  PetscFunctionBeginUser;
  SemecTransformerDefault(t);
  count = (int)t->count;
  PetscOptionsBegin(comm, NULL, "Paper 000 task model: Transformer of paper 001 App. A (-cee_transformer_)", NULL);
  OPT_INT("-cee_transformer_layers", "Encoder and decoder layers L", t->layers);
  OPT_INT("-cee_transformer_heads", "Attention heads h", t->heads);
  OPT_INT("-cee_transformer_d_model", "Embedding dimension d_model (a multiple of the heads)", t->d_model);
  OPT_INT("-cee_transformer_d_ff", "Feed-forward width (physical count only)", t->d_ff);
  OPT_INT("-cee_transformer_vocab", "Output vocabulary of the decoder", t->vocab);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-cee_transformer_count",
                                  "FLOP counts: printed (paper 001 eqs. (29)-(33) as printed) or physical", counts, &count));
  PetscOptionsEnd();
  t->count = (SemecTransformerCount)count;
  CHECK_INT("-cee_transformer_layers", t->layers, 1, 1000);
  CHECK_INT("-cee_transformer_heads", t->heads, 1, 1024);
  CHECK_INT("-cee_transformer_d_model", t->d_model, 1, 1000000);
  CHECK_INT("-cee_transformer_d_ff", t->d_ff, 1, 10000000);
  CHECK_INT("-cee_transformer_vocab", t->vocab, 1, 100000000);
  PetscCheck(t->d_model % t->heads == 0, comm, PETSC_ERR_ARG_INCOMP,
             "Option -cee_transformer_d_model, %" PetscInt_FMT ", is not a multiple of -cee_transformer_heads %" PetscInt_FMT, t->d_model, t->heads);
  PetscCall(SemecTransformerValidate(comm, t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000ModelLoad(MPI_Comm comm, const SemecConfig *cfg, SemecP000Model *cee)
{
  static const char *const weights[] = {"drift", "printed", NULL};
  SemecP000Params         *par       = &cee->par;
  char                     table[PETSC_MAX_PATH_LEN] = "";
  PetscBool                has_table                 = PETSC_FALSE;
  double                   qmax_l, qmax_e;
  int                      w;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(cee, sizeof(*cee)));
  SemecAccuracyDefault(&cee->acc);
  PetscCall(LoadTransformer(comm, &cee->tf));
  SemecP000ParamsDefault(par, &cee->tf, &cee->acc);
  par->tau              = cfg->slot_s;
  par->noise_psd        = pow(10.0, (cfg->noise_dbm_hz - 30.0) / 10.0);
  cee->chi_edge         = 4;      /* Sec. V */
  cee->bw_edge          = 1e6;    /* Table II */
  cee->cloud_distance_m = 500.0;  /* Sec. V */
  cee->edge_shadow_db   = 4.0;    /* Table II, read in docs/models.md */
  cee->cloud_shadow_db  = 8.0;    /* Table II, read in docs/models.md */
  cee->cloud_rician_k_db = 3.0;   /* ours: the paper gives no K */
  qmax_l                = par->q_max_local;
  qmax_e                = par->q_max_edge;
  w                     = (int)par->weights;
  PetscOptionsBegin(comm, NULL, "Paper 000 cloud-edge-end model (-cee_), with -sim_model cloud_edge_end", NULL);
  OPT_REAL("-cee_lyapunov_v", "Lyapunov weight v of (19)-(22)", par->v);
  OPT_REAL("-cee_words", "Words per sentence (task) S", par->words);
  OPT_REAL("-cee_symbols_per_word", "Semantic symbols per word k", par->k);
  OPT_REAL("-cee_bits_per_word", "Bits per word of the source coding for cloud offloading k_0 (bit)", par->k0);
  OPT_REAL("-cee_ue_flops_per_cycle", "UE GPU FLOP per cycle n^L", par->n_local);
  OPT_REAL("-cee_ue_frequency_max", "UE GPU frequency f_max^L (cycle/s)", par->f_local_max);
  OPT_REAL("-cee_ue_alpha", "UE power coefficient alpha^L, p = alpha f^3 (W s^3)", par->alpha_local);
  OPT_REAL("-cee_mec_flops_per_cycle", "MEC GPU FLOP per cycle n^E", par->n_edge);
  OPT_REAL("-cee_mec_frequency_max", "MEC GPU frequency per UE f_max^E (cycle/s)", par->f_edge_max);
  OPT_REAL("-cee_mec_alpha", "MEC weighted power coefficient alpha^E (W s^3)", par->alpha_edge);
  OPT_REAL("-cee_mec_eta", "MEC power weight eta^E, p^E = eta alpha (f^E)^3", par->eta_edge);
  OPT_REAL("-cee_tx_power_max", "Highest transmit power p_max (W)", par->p_tx_max);
  OPT_REAL("-cee_accuracy_min", "Minimum semantic accuracy eps_min of (14f)", par->eps_min);
  OPT_REAL("-cee_queue_max_local", "Q_max^L of (3), 0 = unbounded (tasks)", qmax_l);
  OPT_REAL("-cee_queue_max_edge", "Q_max^E of (4), 0 = unbounded (tasks)", qmax_e);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-cee_weights",
                                  "Backlog weights of (P3.1)-(P3.4): drift (those of (22)) or printed (as printed in (26)-(29))", weights, &w));
  OPT_INT("-cee_edge_access_max", "UEs offloading to each MEC server per slot, chi_max^E", cee->chi_edge);
  OPT_REAL("-cee_edge_bandwidth", "Uplink bandwidth of each MEC server BW^E (Hz)", cee->bw_edge);
  OPT_REAL("-cee_cloud_distance", "Distance from each MEC server to its MCC access BS (m)", cee->cloud_distance_m);
  OPT_REAL("-cee_edge_shadowing_std", "Log-normal shadowing of the MEC link (dB)", cee->edge_shadow_db);
  OPT_REAL("-cee_cloud_shadowing_std", "Log-normal shadowing psi of the MCC link (dB)", cee->cloud_shadow_db);
  OPT_REAL("-cee_cloud_rician_k", "Rician K factor of the MCC link (dB)", cee->cloud_rician_k_db);
  PetscCall(PetscOptionsString("-cee_accuracy_table", "Measured accuracy table eps(k, SNR) (file; default: the logistic curve of docs/models.md)", NULL,
                               table, table, sizeof(table), &has_table));
  PetscOptionsEnd();
  par->weights = (SemecP000Weights)w;
  CHECK_REAL("-cee_lyapunov_v", par->v, 1e-12, 1e12);
  CHECK_REAL("-cee_words", par->words, 1.0, 1e4);
  CHECK_REAL("-cee_symbols_per_word", par->k, 1e-3, 1e4);
  CHECK_REAL("-cee_bits_per_word", par->k0, 1e-3, 1e6);
  CHECK_REAL("-cee_ue_flops_per_cycle", par->n_local, 1e-3, 1e9);
  CHECK_REAL("-cee_ue_frequency_max", par->f_local_max, 1e3, 1e13);
  CHECK_REAL("-cee_ue_alpha", par->alpha_local, 1e-40, 1e-10);
  CHECK_REAL("-cee_mec_flops_per_cycle", par->n_edge, 1e-3, 1e9);
  CHECK_REAL("-cee_mec_frequency_max", par->f_edge_max, 1e3, 1e13);
  CHECK_REAL("-cee_mec_alpha", par->alpha_edge, 1e-40, 1e-10);
  CHECK_REAL("-cee_mec_eta", par->eta_edge, 1e-12, 1e12);
  CHECK_REAL("-cee_tx_power_max", par->p_tx_max, 1e-9, 1e3);
  CHECK_REAL("-cee_accuracy_min", par->eps_min, 0.0, 1.0);
  CHECK_REAL("-cee_queue_max_local", qmax_l, 0.0, 1e9);
  CHECK_REAL("-cee_queue_max_edge", qmax_e, 0.0, 1e9);
  CHECK_INT("-cee_edge_access_max", cee->chi_edge, 1, 62);
  CHECK_REAL("-cee_edge_bandwidth", cee->bw_edge, 1.0, 1e12);
  CHECK_REAL("-cee_cloud_distance", cee->cloud_distance_m, 0.0, 1e7);
  CHECK_REAL("-cee_edge_shadowing_std", cee->edge_shadow_db, 0.0, 30.0);
  CHECK_REAL("-cee_cloud_shadowing_std", cee->cloud_shadow_db, 0.0, 30.0);
  CHECK_REAL("-cee_cloud_rician_k", cee->cloud_rician_k_db, -50.0, 50.0);
  par->q_max_local = qmax_l > 0.0 ? qmax_l : INFINITY;
  par->q_max_edge  = qmax_e > 0.0 ? qmax_e : INFINITY;
  if (has_table) {
    PetscBool readable = PETSC_FALSE;
    PetscCheck(table[0], comm, PETSC_ERR_ARG_WRONG, "Option -cee_accuracy_table is empty: give a file of 'k snr_db accuracy' lines");
    PetscCall(PetscTestFile(table, 'r', &readable));
    PetscCheck(readable, comm, PETSC_ERR_FILE_OPEN, "Option -cee_accuracy_table, %s, cannot be read (no such file or no permission)", table);
    PetscCall(SemecAccuracyLoadTable(comm, table, &cee->acc));
  }
  PetscCall(SemecAccuracyCheckK(comm, &cee->acc, par->k));
  par->l_en = SemecTransformerEncoderFlops(&cee->tf, par->words, par->k); /* paper 001 eq. (32) */
  par->l_de = SemecTransformerDecoderFlops(&cee->tf, par->words);         /* paper 001 eq. (33) */
  PetscCall(SemecP000ParamsValidate(comm, par));
  /* the cloud's limits are network-wide and b^C = BW^C / chi_max^C */
  PetscCheck(cfg->cloud_access_max > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -cloud_access_max, 0 (unlimited), is not allowed with -sim_model cloud_edge_end: give chi_max^C >= 1, the UEs that share "
             "-cloud_bandwidth network-wide");
  PetscCheck(cfg->cloud_access_max <= 62 * cfg->cells, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -cloud_access_max, %" PetscInt_FMT ", is out of range: allowed [1, %" PetscInt_FMT "] (62 per cell)", cfg->cloud_access_max,
             62 * cfg->cells);
  cee->b_edge       = cee->bw_edge / (double)cee->chi_edge;
  cee->b_cloud      = cfg->cloud_bandwidth_hz / (double)cfg->cloud_access_max;
  cee->cloud_flop_s = cfg->cloud_cpu_hz * cfg->cloud_flops_per_cycle;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000ModelDestroy(SemecP000Model *cee)
{
  PetscFunctionBeginUser;
  PetscCall(SemecAccuracyDestroy(&cee->acc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000ModelHelp(MPI_Comm comm)
{
  SemecConfig cfg;
  SemecP000Model cee;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&cfg, sizeof(cfg)));
  cfg.slot_s             = 10e-3;
  cfg.noise_dbm_hz       = -174.0;
  cfg.cloud_access_max   = 2;
  cfg.cells              = 1;
  cfg.cloud_bandwidth_hz = 50e3;
  PetscCall(SemecP000ModelLoad(comm, &cfg, &cee));
  PetscCall(SemecP000ModelDestroy(&cee));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Keys of the two links of a UE: the MEC link is keyed by its cell, the
 * MCC link by cells + cell, so that neither shares draws with the other. */
void SemecP000Gains(const SemecConfig *cfg, const SemecP000Model *cee, const double bs_xy[2], PetscInt cell, PetscInt64 ue, double x, double y, PetscInt t,
                    double *gain_edge, double *gain_cloud)
{
  PetscInt bs_c = cfg->cells + cell;
  double   de   = hypot(x - bs_xy[0], y - bs_xy[1]);
  double   dc   = hypot(x - (bs_xy[0] + cee->cloud_distance_m), y - bs_xy[1]);
  double   se   = cee->edge_shadow_db * SemecShadowingNormal(cfg, cell, ue);
  double   sc   = cee->cloud_shadow_db * SemecShadowingNormal(cfg, bs_c, ue);

  /* paper 000 eq. (8): h^E = sqrt(g^E) h~^E; eq. (9): h^C = sqrt(g^C) psi h~^C */
  *gain_edge  = SemecGainOfLossDb(SemecPathLossDb(cfg, de) + se) * SemecFadingDraw(cfg, SEMEC_FADING_RAYLEIGH, 0.0, cell, ue, t, 0);
  *gain_cloud = SemecGainOfLossDb(SemecPathLossDb(cfg, dc) + sc) * SemecFadingDraw(cfg, SEMEC_FADING_RICIAN, cee->cloud_rician_k_db, bs_c, ue, t, 0);
}

static PetscErrorCode Create(SemecModel *m, MPI_Comm comm, const SemecConfig *cfg)
{
  SemecP000Model *pm;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pm));
  m->data = pm;
  PetscCall(SemecP000ModelLoad(comm, cfg, pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecModel *m)
{
  PetscFunctionBeginUser;
  if (m->data) PetscCall(SemecP000ModelDestroy((SemecP000Model *)m->data));
  PetscCall(PetscFree(m->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The action space of a cell is two bit masks over its UEs (src/p000/actions.c). */
static PetscErrorCode CellCreate(SemecModel *m, const SemecConfig *cfg, SemecCell *cell)
{
  PetscFunctionBeginUser;
  PetscCheck(cell->nue <= 62, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs: -sim_model cloud_edge_end allows at most 62 per cell (-geom_ues_per_cell)", cell->id, cell->nue);
  PetscCall(SemecModelCellCalloc(cell, sizeof(SemecP000Cell), sizeof(SemecP000UE)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellDestroy(SemecModel *m, SemecCell *cell) { return SemecModelCellFree(cell); }

PetscErrorCode SemecP000CellCheckConservation(const SemecCell *cell, PetscInt slot)
{
  const SemecP000Cell *pc     = SemecP000CellOf(cell);
  double               queued = 0.0;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) queued += SemecP000UEOf(&cell->ues[u])->st.q_local + SemecP000UEOf(&cell->ues[u])->st.q_edge;
  PetscCheck(fabs(pc->arrived - pc->left - queued) <= 1e-9 * PetscMax(1.0, pc->arrived), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": arrived %.17g != executed or sent to the cloud %.17g + queued %.17g",
             cell->id, slot, pc->arrived, pc->left, queued);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecMetricInfo Metrics[] = {
  {"energy", "J", "paper 000 eq. (13) times the slot length: the cell's UE computation, MEC computation and transmit energy of the slot"},
  {"backlog", "tasks", "sum over the cell's UEs of Q^L + Q^E at the end of the slot"},
  {"served", "tasks", "tasks that left the cell's queues in the slot: u^L + min{mu^E, Q^E} + the granted u^C"},
  {"arrived", "tasks", "tasks that arrived at the cell's UEs in the slot (sum of Lambda_i)"},
  {"ues", "UEs", "UEs of the cell during the slot"},
  {"cloud_denied", "requests", "UEs whose cloud request the network-wide access limit or queue bound refused in the slot"},
  {"offload_edge", "tasks", "sum of u^E: tasks sent to the MEC server in the slot"},
  {"offload_cloud", "tasks", "sum of the granted u^C: tasks sent to the cloud in the slot"},
  {"objective", "1", "paper 000 eq. (22): the drift-plus-penalty G of the slot, summed over the cell's UEs"},
  {"queue_local", "tasks", "paper 000 eq. (1): sum over the cell's UEs of Q^L at the end of the slot"},
  {"queue_edge", "tasks", "paper 000 eq. (2): sum over the cell's UEs of Q^E at the end of the slot"},
  {"virtual_local", "tasks", "paper 000 eq. (15): sum over the cell's UEs of Z^L at the end of the slot"},
  {"virtual_edge", "tasks", "paper 000 eq. (16): sum over the cell's UEs of Z^E at the end of the slot"},
  {"power", "W", "paper 000 eq. (13): p(t), the cell's UE computation, MEC computation and transmit powers of the slot"},
};

static void MetricValues(const SemecModel *m, const SemecCell *c, double *v)
{
  const SemecP000SlotStats *s = &SemecP000CellOf(c)->slot;
  v[0]  = s->energy_j;
  v[1]  = s->q_local + s->q_edge;
  v[2]  = s->served_local + s->served_edge + s->offload_cloud;
  v[3]  = s->arrived;
  v[4]  = (double)c->nue;
  v[5]  = (double)s->cloud_denied;
  v[6]  = s->offload_edge;
  v[7]  = s->offload_cloud;
  v[8]  = s->objective;
  v[9]  = s->q_local;
  v[10] = s->q_edge;
  v[11] = s->z_local;
  v[12] = s->z_edge;
  v[13] = s->power;
}

static PetscErrorCode Summary(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len)
{
  MPI_Comm              comm      = SemecCommWorld(sim->comm);
  const SemecP000Model *pm        = SemecP000ModelOf(sim->model);
  const SemecP000Params *par      = &pm->par;
  double                cellslots = (double)sim->cfg.cells * (double)PetscMax(sim->slots_done, 1);
  double                f[5]      = {0, 0, 0, 0, 0}; /* arrived, left, queued, objective, energy */

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell     *c  = &sim->cells[i];
    const SemecP000Cell *pc = SemecP000CellOf(c);
    f[0] += pc->arrived;
    f[1] += pc->left;
    for (PetscInt u = 0; u < c->nue; u++) f[2] += SemecP000UEOf(&c->ues[u])->st.q_local + SemecP000UEOf(&c->ues[u])->st.q_edge;
    f[3] += pc->objective;
    f[4] += pc->energy_j;
  }
  PetscCall(SemecCommSumDouble(sim->comm, f, 5));
  *ok = (PetscBool)(fabs(f[0] - f[1] - f[2]) <= 1e-9 * PetscMax(1.0, f[0]));
  if (print) {
    PetscCall(PetscPrintf(comm, "  model      paper 000: l^en %.4g + l^de %.4g FLOP per task, b^E %.4g Hz, b^C %.4g Hz, v %g\n", par->l_en, par->l_de, pm->b_edge,
                          pm->b_cloud, par->v));
    PetscCall(PetscPrintf(comm, "  tasks      arrived %.6g, executed or sent to the cloud %.6g, queued %.6g (%.4g per UE)\n", f[0], f[1], f[2],
                          ues ? f[2] / (double)ues : 0.0));
    PetscCall(PetscPrintf(comm, "  check      arrived = executed + sent to the cloud + queued: %s\n", *ok ? "OK" : "VIOLATED"));
    PetscCall(PetscPrintf(comm, "  energy     %.6g J in total, %.6g W mean power (13) per cell, mean objective (22) %.6g per cell-slot\n", f[4],
                          f[4] / cellslots / sim->cfg.slot_s, f[3] / cellslots));
  }
  PetscCall(PetscSNPrintf(why, len, "task conservation violated network-wide: arrived %.17g != executed or sent to the cloud %.17g + queued %.17g", f[0], f[1], f[2]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The end-of-run state under /model: every UE's queues Theta (by global UE
 * id: the UEs never leave their cell, cells are in rank order) and every
 * cell's cumulative sums; what a restart needs besides the channels, which
 * are drawn afresh every slot. */
static PetscErrorCode Checkpoint(SemecSim *sim, hid_t g)
{
  int64_t nue = 0, k = 0;
  double *ue[4], *cell[4];
  PetscInt nc = sim->ncells;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < nc; i++) nue += sim->cells[i].nue;
  for (int j = 0; j < 4; j++) PetscCall(PetscMalloc2(nue + 1, &ue[j], nc + 1, &cell[j]));
  for (PetscInt i = 0; i < nc; i++) {
    const SemecP000Cell *pc = SemecP000CellOf(&sim->cells[i]);
    cell[0][i]              = pc->arrived;
    cell[1][i]              = pc->left;
    cell[2][i]              = pc->objective;
    cell[3][i]              = pc->energy_j;
    for (PetscInt u = 0; u < sim->cells[i].nue; u++, k++) {
      const SemecP000State *st = &SemecP000UEOf(&sim->cells[i].ues[u])->st;
      ue[0][k]                 = st->q_local;
      ue[1][k]                 = st->q_edge;
      ue[2][k]                 = st->z_local;
      ue[3][k]                 = st->z_edge;
    }
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "q_local", H5T_NATIVE_DOUBLE, nue, ue[0], "tasks", "paper 000 eq. (1): Q^L of each UE (by global id) at the end"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "q_edge", H5T_NATIVE_DOUBLE, nue, ue[1], "tasks", "paper 000 eq. (2): Q^E of each UE at the end"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "z_local", H5T_NATIVE_DOUBLE, nue, ue[2], "tasks", "paper 000 eq. (15): Z^L of each UE at the end"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "z_edge", H5T_NATIVE_DOUBLE, nue, ue[3], "tasks", "paper 000 eq. (16): Z^E of each UE at the end"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_arrived", H5T_NATIVE_DOUBLE, nc, cell[0], "tasks", "tasks that arrived at each cell's UEs, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_left", H5T_NATIVE_DOUBLE, nc, cell[1], "tasks",
                                 "tasks executed by each cell's UEs and MEC server or sent to the cloud, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_objective", H5T_NATIVE_DOUBLE, nc, cell[2], "1", "sum of each cell's objective (22), whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_energy", H5T_NATIVE_DOUBLE, nc, cell[3], "J", "energy each cell spent, whole run"));
  for (int j = 0; j < 4; j++) PetscCall(PetscFree2(ue[j], cell[j]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecModelOps SemecModelCloudEdgeEnd = {
  .name          = "cloud_edge_end",
  .help          = "paper 000: fluid task queues, local / semantic MEC / raw cloud execution in one slot, Lyapunov virtual queues (-cee_ options)",
  .cloud_unit    = 1.0 / SEMEC_P000_FIXED,
  .metrics       = Metrics,
  .nmetrics      = sizeof(Metrics) / sizeof(Metrics[0]),
  .create        = Create,
  .options_help  = SemecP000ModelHelp,
  .destroy       = Destroy,
  .cell_create   = CellCreate,
  .cell_destroy  = CellDestroy,
  .scenario      = SemecP000PhaseScenario,
  .commit        = SemecP000PhaseCommit,
  .evaluate      = SemecP000PhaseEvaluate,
  .settle        = SemecP000PhaseSettle,
  .metric_values = MetricValues,
  .summary       = Summary,
  .checkpoint    = Checkpoint,
};
