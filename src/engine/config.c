/* Reads every option of semec in one PetscOptionsBegin/End block per module
 * prefix, so that -help documents them all (with unit and default), and
 * validates each value before the run creates anything.  An invalid value
 * raises PETSC_ERR_ARG_OUTOFRANGE with the option, the value and the allowed
 * range; the same check runs on every rank, so all ranks fail together. */
#include <semec/engine/config.h>
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/engine/comm.h>
#include <semec/engine/model.h>
#include <math.h>
#include <string.h>

#define CHECK_INT  SEMEC_CHECK_INT
#define CHECK_REAL SEMEC_CHECK_REAL

#define OPT_INT  SEMEC_OPT_INT
#define OPT_REAL SEMEC_OPT_REAL
#define OPT_BOOL SEMEC_OPT_BOOL
#define NamedOption SemecOptionChooseName

static PetscErrorCode LoadSim(MPI_Comm comm, SemecConfig *c)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  size = SemecCommSizeOf(comm);
  c->cells_per_rank      = 1;
  c->slots               = 100;
  c->seed                = 1;
  c->slot_s              = 0.1;
  c->interference_rounds = 1;
  c->summary             = PETSC_TRUE;
  c->episode_length      = 0;
  c->train_episodes      = 0;
  c->test_episodes       = 0;
  PetscBool slots_set    = PETSC_FALSE;
  /* -sim_model: the names of the registered models (src/registry.c) */
  const char *models[SEMEC_MAX_REGISTERED + 1];
  int         nmodels = 0, model = 0;
  for (; SemecModelRegistry[nmodels] && nmodels < SEMEC_MAX_REGISTERED; nmodels++) models[nmodels] = SemecModelRegistry[nmodels]->name;
  models[nmodels] = NULL;
  PetscOptionsBegin(comm, NULL, "Simulation (-sim_)", NULL);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-sim_model", "Execution model (-help lists them; tasks: discrete tasks, subcarriers, CPU cycles)", models, &model));
  PetscCall(PetscStrncpy(c->model, models[model], sizeof(c->model)));
  OPT_INT("-sim_cells_per_rank", "Cells owned by each MPI rank", c->cells_per_rank);
  c->cells = c->cells_per_rank * size;
  OPT_INT("-sim_cells", "Total number of cells (must equal ranks x -sim_cells_per_rank)", c->cells);
  PetscCall(PetscOptionsHasName(NULL, NULL, "-sim_slots", &slots_set));
  OPT_INT("-sim_slots", "Number of slots to simulate (episodic runs: (-sim_train_episodes + -sim_test_episodes) x -sim_episode_length)", c->slots);
  OPT_INT("-sim_episode_length", "Slots per episode, 0 = not episodic (docs/design.md, Episodes)", c->episode_length);
  OPT_INT("-sim_train_episodes", "Training episodes, first (episodic runs)", c->train_episodes);
  OPT_INT("-sim_test_episodes", "Test episodes, after the training episodes (episodic runs)", c->test_episodes);
  OPT_INT("-sim_seed", "Seed of every random stream", c->seed);
  OPT_REAL("-sim_slot_duration", "Slot length (s)", c->slot_s);
  OPT_INT("-sim_interference_rounds", "Decide/exchange rounds per slot", c->interference_rounds);
  OPT_BOOL("-sim_summary", "Print the end-of-run summary table", c->summary);
  PetscOptionsEnd();
  CHECK_INT("-sim_cells_per_rank", c->cells_per_rank, 1, 1000000);
  CHECK_INT("-sim_cells", c->cells, 1, 100000000);
  PetscCheck(c->cells == (PetscInt)size * c->cells_per_rank, comm, PETSC_ERR_ARG_INCOMP,
             "Option -sim_cells, %" PetscInt_FMT ", does not match %d MPI ranks x -sim_cells_per_rank %" PetscInt_FMT
             " = %" PetscInt_FMT ": run with %" PetscInt_FMT " ranks or change -sim_cells_per_rank",
             c->cells, size, c->cells_per_rank, (PetscInt)size * c->cells_per_rank,
             c->cells % c->cells_per_rank == 0 ? c->cells / c->cells_per_rank : -1);
  CHECK_INT("-sim_episode_length", c->episode_length, 0, 1000000000);
  if (c->episode_length > 0) {
    CHECK_INT("-sim_train_episodes", c->train_episodes, 0, 1000000000);
    CHECK_INT("-sim_test_episodes", c->test_episodes, 0, 1000000000);
    PetscCheck(c->train_episodes + c->test_episodes >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Options -sim_train_episodes %" PetscInt_FMT " and -sim_test_episodes %" PetscInt_FMT " give no episode: an episodic run needs at least one",
               c->train_episodes, c->test_episodes);
    PetscCheck((c->train_episodes + c->test_episodes) <= 1000000000 / c->episode_length, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Options -sim_train_episodes %" PetscInt_FMT " + -sim_test_episodes %" PetscInt_FMT " episodes of -sim_episode_length %" PetscInt_FMT
               " slots exceed 1e9 slots",
               c->train_episodes, c->test_episodes, c->episode_length);
    PetscInt slots = (c->train_episodes + c->test_episodes) * c->episode_length;
    PetscCheck(!slots_set || c->slots == slots, comm, PETSC_ERR_ARG_INCOMP,
               "Option -sim_slots, %" PetscInt_FMT ", does not match the episodes: (%" PetscInt_FMT " + %" PetscInt_FMT ") x %" PetscInt_FMT
               " = %" PetscInt_FMT " slots (leave -sim_slots out in an episodic run)",
               c->slots, c->train_episodes, c->test_episodes, c->episode_length, slots);
    c->slots = slots;
  } else {
    PetscCheck(c->train_episodes == 0 && c->test_episodes == 0, comm, PETSC_ERR_ARG_INCOMP,
               "Options -sim_train_episodes and -sim_test_episodes need -sim_episode_length > 0");
  }
  CHECK_INT("-sim_slots", c->slots, 1, 1000000000);
  CHECK_INT("-sim_seed", c->seed, 0, PETSC_MAX_INT);
  CHECK_REAL("-sim_slot_duration", c->slot_s, 1e-6, 3600.0);
  CHECK_INT("-sim_interference_rounds", c->interference_rounds, 1, 100);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadGeometry(MPI_Comm comm, SemecConfig *c)
{
  static const char *const layouts[] = {"grid", "hex", "list", NULL};
  static const char *const drops[]   = {"cell", "annulus", NULL};
  static const char *const counts[]  = {"fixed", "poisson", NULL};
  int       layout = 0, drop = 0, count = 0;
  PetscInt  n = 2 * SEMEC_MAX_BS_LIST;
  PetscBool set;

  PetscFunctionBeginUser;
  c->isd_m        = 500.0;
  c->r_min_m      = 10.0;
  c->r_max_m      = 250.0;
  c->ues_per_cell = 20;
  c->ue_speed_mps = 0.0;
  PetscOptionsBegin(comm, NULL, "Geometry (-geom_)", NULL);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-geom_layout", "BS layout: grid, hex or list", layouts, &layout));
  OPT_REAL("-geom_isd", "Inter-site distance (m)", c->isd_m);
  PetscCall(SemecOptionCheckNumbers(comm, "-geom_bs_positions", PETSC_FALSE, 2 * SEMEC_MAX_BS_LIST));
  PetscCall(PetscOptionsRealArray("-geom_bs_positions", "BS positions x0,y0,x1,y1,... (m), with -geom_layout list", NULL, c->bs_list, &n, &set));
  PetscCall(NamedOption(PetscOptionsObject, comm, "-geom_ue_drop", "UE drop: cell (uniform in the cell) or annulus (r_min..r_max)", drops, &drop));
  OPT_REAL("-geom_r_min", "Inner radius of the annulus drop (m)", c->r_min_m);
  OPT_REAL("-geom_r_max", "Outer radius of the annulus drop (m)", c->r_max_m);
  OPT_INT("-geom_ues_per_cell", "UEs per cell (fixed) or their mean (poisson)", c->ues_per_cell);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-geom_ue_count", "UEs per cell: fixed or poisson", counts, &count));
  OPT_REAL("-geom_ue_speed", "UE speed, random direction each slot (m/s)", c->ue_speed_mps);
  PetscOptionsEnd();
  c->layout   = (SemecLayout)layout;
  c->drop     = (SemecDrop)drop;
  c->ue_count = (SemecCount)count;
  c->nbs_list = set ? n / 2 : 0;
  CHECK_REAL("-geom_isd", c->isd_m, 1.0, 1e6);
  if (c->layout == SEMEC_LAYOUT_LIST) {
    PetscCheck(set && n % 2 == 0, comm, PETSC_ERR_ARG_WRONG,
               "Option -geom_bs_positions needs x,y pairs with -geom_layout list (got %" PetscInt_FMT " values)", set ? n : 0);
    PetscCheck(c->nbs_list == c->cells, comm, PETSC_ERR_ARG_INCOMP,
               "Option -geom_bs_positions gives %" PetscInt_FMT " BS positions but -sim_cells is %" PetscInt_FMT, c->nbs_list, c->cells);
    for (PetscInt i = 0; i < n; i++) CHECK_REAL("-geom_bs_positions", c->bs_list[i], -1e7, 1e7);
  } else {
    PetscCheck(!set, comm, PETSC_ERR_ARG_INCOMP, "Option -geom_bs_positions is only used with -geom_layout list (layout is %s)", layouts[layout]);
  }
  CHECK_REAL("-geom_r_min", c->r_min_m, 0.0, 1e6);
  CHECK_REAL("-geom_r_max", c->r_max_m, c->r_min_m, 1e6);
  PetscCheck(c->r_max_m > c->r_min_m || c->drop != SEMEC_DROP_ANNULUS, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_r_max, %g, must exceed -geom_r_min, %g", (double)c->r_max_m, (double)c->r_min_m);
  CHECK_INT("-geom_ues_per_cell", c->ues_per_cell, c->ue_count == SEMEC_COUNT_POISSON ? 1 : 0, 10000);
  CHECK_REAL("-geom_ue_speed", c->ue_speed_mps, 0.0, 1000.0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadChannel(MPI_Comm comm, SemecConfig *c)
{
  static const char *const models[] = {"p003", "p004", "exponent", NULL};
  static const char *const fadings[] = {"none", "rayleigh", "rician", NULL};
  int model = 0, fading = 1;

  PetscFunctionBeginUser;
  c->carrier_mhz           = 2400.0;
  c->pl_exponent           = 3.5;
  c->pl_ref_db             = 30.0;
  c->min_distance_m        = 1.0;
  c->shadow_db             = 8.0;
  c->rician_k_db           = 3.0;
  c->noise_dbm_hz          = -174.0;
  c->subcarriers           = 32;
  c->subcarrier_hz         = 1e6;
  c->tx_power_w            = 0.1;
  c->reuse                 = 1;
  c->interference_radius_m = 2000.0;
  c->interference          = PETSC_TRUE;
  PetscOptionsBegin(comm, NULL, "Channel and radio (-chan_)", NULL);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-chan_pathloss", "Path loss: p003 (42.6+26lg d[km]+20lg f[MHz]), p004 (30.6+37.6lg d[m]), exponent (L0+10 alpha lg d[m])", models, &model));
  OPT_REAL("-chan_carrier_frequency", "Carrier frequency (MHz), used by p003", c->carrier_mhz);
  OPT_REAL("-chan_pathloss_exponent", "Path-loss exponent alpha, used by exponent", c->pl_exponent);
  OPT_REAL("-chan_pathloss_reference", "Path loss at 1 m (dB), used by exponent", c->pl_ref_db);
  OPT_REAL("-chan_min_distance", "Path loss is evaluated at max(d, this) (m)", c->min_distance_m);
  OPT_REAL("-chan_shadowing_std", "Log-normal shadowing standard deviation (dB)", c->shadow_db);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-chan_fading", "Small-scale fading per subcarrier per slot: none, rayleigh or rician", fadings, &fading));
  OPT_REAL("-chan_rician_k", "Rician K factor (dB)", c->rician_k_db);
  OPT_REAL("-chan_noise_psd", "Noise power spectral density N0 (dBm/Hz)", c->noise_dbm_hz);
  OPT_INT("-chan_subcarriers", "Subcarriers per cell N", c->subcarriers);
  OPT_REAL("-chan_subcarrier_bandwidth", "Subcarrier bandwidth B (Hz)", c->subcarrier_hz);
  OPT_REAL("-chan_tx_power", "UE transmit power per subcarrier (W)", c->tx_power_w);
  OPT_INT("-chan_reuse", "Frequency reuse: orthogonal bands, cell c uses band c mod reuse", c->reuse);
  OPT_REAL("-chan_interference_radius", "Cells closer than this interfere and are neighbours (m)", c->interference_radius_m);
  OPT_BOOL("-chan_interference", "Model co-channel interference between cells", c->interference);
  PetscOptionsEnd();
  c->pathloss = (SemecPathLoss)model;
  c->fading   = (SemecFading)fading;
  CHECK_REAL("-chan_carrier_frequency", c->carrier_mhz, 1.0, 1e6);
  CHECK_REAL("-chan_pathloss_exponent", c->pl_exponent, 1.0, 8.0);
  CHECK_REAL("-chan_pathloss_reference", c->pl_ref_db, -100.0, 200.0);
  CHECK_REAL("-chan_min_distance", c->min_distance_m, 0.01, 1e4);
  CHECK_REAL("-chan_shadowing_std", c->shadow_db, 0.0, 30.0);
  CHECK_REAL("-chan_rician_k", c->rician_k_db, -30.0, 40.0);
  CHECK_REAL("-chan_noise_psd", c->noise_dbm_hz, -250.0, -50.0);
  CHECK_INT("-chan_subcarriers", c->subcarriers, 1, 4096);
  CHECK_REAL("-chan_subcarrier_bandwidth", c->subcarrier_hz, 1.0, 1e10);
  CHECK_REAL("-chan_tx_power", c->tx_power_w, 0.0, 100.0);
  CHECK_INT("-chan_reuse", c->reuse, 1, c->cells);
  CHECK_REAL("-chan_interference_radius", c->interference_radius_m, 0.0, 1e8);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadTasks(MPI_Comm comm, SemecConfig *c)
{
  static const char *const arrivals[] = {"poisson", "bernoulli", NULL};
  const char *models[SEMEC_MAX_REGISTERED + 2] = {"table"};
  int         arrival = 0, model = 0, nmodels = 1;
  PetscInt  nb = SEMEC_MAX_TASK_TYPES, nc = SEMEC_MAX_TASK_TYPES, nd = SEMEC_MAX_TASK_TYPES, np = SEMEC_MAX_TASK_TYPES;
  PetscInt  nbs = SEMEC_MAX_TASK_TYPES, ncs = SEMEC_MAX_TASK_TYPES, nes = SEMEC_MAX_TASK_TYPES;
  PetscBool sb, sc, sd, sp, sbs, scs, ses;

  PetscFunctionBeginUser;
  c->arrival_rate     = 5.0;
  c->arrival_prob     = 0.5;
  c->ntypes           = 1;
  c->type_bits[0]     = 1e6;
  c->type_cycles[0]   = 1e9;
  c->type_deadline[0] = 0.0;
  c->type_priority[0] = 1;
  c->reward_c1        = 1.0;
  c->reward_c2        = 0.0;
  /* -task_model: table, or a registered generator of task types */
  for (; SemecTaskTypesRegistry[nmodels - 1] && nmodels <= SEMEC_MAX_REGISTERED; nmodels++) models[nmodels] = SemecTaskTypesRegistry[nmodels - 1]->name;
  models[nmodels] = NULL;
  c->ue_queue_max     = 100;
  c->edge_queue_max   = 100;
  PetscOptionsBegin(comm, NULL, "Tasks and queues (-task_)", NULL);
  PetscCall(NamedOption(PetscOptionsObject, comm, "-task_model",
                        "Task types: table (the -task_bits, -task_cycles ... lists) or a generator (-help lists them; eeoi: paper 003 Table IV, -eeoi_ options)",
                        models, &model));
  PetscCall(NamedOption(PetscOptionsObject, comm, "-task_arrival", "Arrival process per UE: poisson or bernoulli", arrivals, &arrival));
  OPT_REAL("-task_arrival_rate", "Poisson arrival rate (tasks/s per UE)", c->arrival_rate);
  OPT_REAL("-task_arrival_probability", "Bernoulli arrival probability per slot", c->arrival_prob);
  PetscCall(SemecOptionCheckNumbers(comm, "-task_bits", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_bits", "Input data of each task type (bit)", NULL, c->type_bits, &nb, &sb));
  PetscCall(SemecOptionCheckNumbers(comm, "-task_cycles", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_cycles", "Computation of each task type (cycle)", NULL, c->type_cycles, &nc, &sc));
  PetscCall(SemecOptionCheckNumbers(comm, "-task_deadline", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_deadline", "Deadline of each task type, 0 = none (s)", NULL, c->type_deadline, &nd, &sd));
  PetscCall(SemecOptionCheckNumbers(comm, "-task_bits_semantic", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_bits_semantic", "Data of each type sent in semantic mode, s/eps (bit); default: -task_bits", NULL, c->type_bits_sem, &nbs, &sbs));
  PetscCall(SemecOptionCheckNumbers(comm, "-task_cycles_semantic", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_cycles_semantic", "Server computation of each type in semantic mode, F_C + c (cycle); default: -task_cycles", NULL, c->type_cycles_sem, &ncs, &scs));
  PetscCall(SemecOptionCheckNumbers(comm, "-task_extraction_cycles", PETSC_FALSE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsRealArray("-task_extraction_cycles", "Semantic extraction of each type on the UE, F_E (cycle); default: 0", NULL, c->type_extract_cycles, &nes, &ses));
  OPT_REAL("-task_reward_c1", "Reward C1 ln(1/(M delay)) + C2 of a completed task, paper 003 eq. (8): C1 (> 0)", c->reward_c1);
  OPT_REAL("-task_reward_c2", "Reward constant C2, paper 003 eq. (8)", c->reward_c2);
  PetscCall(SemecOptionCheckNumbers(comm, "-task_priority", PETSC_TRUE, SEMEC_MAX_TASK_TYPES));
  PetscCall(PetscOptionsIntArray("-task_priority", "Priority of each task type (>= 1)", NULL, c->type_priority, &np, &sp));
  OPT_INT("-task_ue_queue_max", "Tasks a UE holds before it drops arrivals (tasks)", c->ue_queue_max);
  OPT_INT("-task_edge_queue_max", "Tasks of one UE the MEC server holds (tasks)", c->edge_queue_max);
  PetscOptionsEnd();
  c->arrival = (SemecArrival)arrival;
  if (model > 0) {
    PetscCheck(!sb && !sc && !sd && !sp && !sbs && !scs && !ses, comm, PETSC_ERR_ARG_INCOMP,
               "Option -task_model %s generates the task types: remove -task_bits, -task_cycles, -task_deadline, -task_priority and their semantic variants",
               models[model]);
  }
  c->ntypes  = sb ? nb : 1;
  PetscCheck(sc ? nc == c->ntypes : c->ntypes == 1, comm, PETSC_ERR_ARG_SIZ,
             "Option -task_cycles has %" PetscInt_FMT " values but -task_bits has %" PetscInt_FMT ": give one per task type", sc ? nc : 1, c->ntypes);
  PetscCheck(!sd || nd == c->ntypes, comm, PETSC_ERR_ARG_SIZ,
             "Option -task_deadline has %" PetscInt_FMT " values but there are %" PetscInt_FMT " task types", nd, c->ntypes);
  PetscCheck(!sp || np == c->ntypes, comm, PETSC_ERR_ARG_SIZ,
             "Option -task_priority has %" PetscInt_FMT " values but there are %" PetscInt_FMT " task types", np, c->ntypes);
  PetscCheck(!sbs || nbs == c->ntypes, comm, PETSC_ERR_ARG_SIZ, "Option -task_bits_semantic has %" PetscInt_FMT " values but there are %" PetscInt_FMT " task types", nbs, c->ntypes);
  PetscCheck(!scs || ncs == c->ntypes, comm, PETSC_ERR_ARG_SIZ, "Option -task_cycles_semantic has %" PetscInt_FMT " values but there are %" PetscInt_FMT " task types", ncs, c->ntypes);
  PetscCheck(!ses || nes == c->ntypes, comm, PETSC_ERR_ARG_SIZ, "Option -task_extraction_cycles has %" PetscInt_FMT " values but there are %" PetscInt_FMT " task types", nes, c->ntypes);
  CHECK_REAL("-task_reward_c1", c->reward_c1, 1e-12, 1e12);
  CHECK_REAL("-task_reward_c2", c->reward_c2, -1e12, 1e12);
  for (PetscInt i = 0; i < c->ntypes; i++) {
    if (!sd) c->type_deadline[i] = c->type_deadline[0];
    if (!sp) c->type_priority[i] = c->type_priority[0];
    if (!sbs) c->type_bits_sem[i] = c->type_bits[i];
    if (!scs) c->type_cycles_sem[i] = c->type_cycles[i];
    if (!ses) c->type_extract_cycles[i] = 0.0;
    c->type_cycles_linear[i] = c->type_cycles[i];
    CHECK_REAL("-task_bits_semantic", c->type_bits_sem[i], 1.0, 1e15);
    CHECK_REAL("-task_cycles_semantic", c->type_cycles_sem[i], 1.0, 1e18);
    CHECK_REAL("-task_extraction_cycles", c->type_extract_cycles[i], 0.0, 1e18);
    CHECK_REAL("-task_bits", c->type_bits[i], 1.0, 1e15);
    CHECK_REAL("-task_cycles", c->type_cycles[i], 1.0, 1e18);
    CHECK_REAL("-task_deadline", c->type_deadline[i], 0.0, 1e6);
    CHECK_INT("-task_priority", c->type_priority[i], 1, 1000);
  }
  /* Poisson inversion needs mean per slot <= 700 (exp(-mean) representable) */
  CHECK_REAL("-task_arrival_rate", c->arrival_rate, 0.0, 700.0 / c->slot_s);
  CHECK_REAL("-task_arrival_probability", c->arrival_prob, 0.0, 1.0);
  CHECK_INT("-task_ue_queue_max", c->ue_queue_max, 1, 1000000);
  CHECK_INT("-task_edge_queue_max", c->edge_queue_max, 1, 1000000);
  if (model > 0) PetscCall(SemecTaskTypesRegistry[model - 1]->load(comm, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadCompute(MPI_Comm comm, SemecConfig *c)
{
  PetscFunctionBeginUser;
  c->ue_cpu_hz        = 1e9;
  c->ue_kappa         = 1e-27;
  c->mec_cpu_hz       = 20e9;
  c->mec_kappa        = 1e-28;
  c->cloud_cpu_hz     = 0.0;
  c->cloud_queue_max  = 0;
  c->cloud_access_max = 0;
  c->cloud_latency_s  = 0.02;
  c->cloud_bandwidth_hz    = 50e3; /* paper 000 Table II */
  c->cloud_flops_per_cycle = 1.0;
  PetscOptionsBegin(comm, NULL, "Computation: UE (-ue_), MEC server (-mec_), shared cloud (-cloud_)", NULL);
  OPT_REAL("-ue_cpu_frequency", "Local computation capacity f_L (cycle/s)", c->ue_cpu_hz);
  OPT_REAL("-ue_kappa", "UE effective capacitance, power = kappa f^3 (J s^2/cycle^3)", c->ue_kappa);
  OPT_REAL("-mec_cpu_frequency", "MEC server capacity F_k (cycle/s)", c->mec_cpu_hz);
  OPT_REAL("-mec_kappa", "MEC effective capacitance, power = kappa f^3 (J s^2/cycle^3)", c->mec_kappa);
  OPT_REAL("-cloud_cpu_frequency", "Cloud capacity, 0 = infinite (cycle/s)", c->cloud_cpu_hz);
  OPT_INT("-cloud_queue_max", "Tasks the cloud holds, 0 = unbounded (tasks)", c->cloud_queue_max);
  OPT_INT("-cloud_access_max", "UEs uploading to the cloud per slot network-wide, 0 = unlimited", c->cloud_access_max);
  OPT_REAL("-cloud_backhaul_latency", "Latency from BS to cloud and back (s)", c->cloud_latency_s);
  OPT_REAL("-cloud_bandwidth", "Uplink bandwidth BW^C shared network-wide by the -cloud_access_max UEs (Hz; cloud_edge_end model)", c->cloud_bandwidth_hz);
  OPT_REAL("-cloud_flops_per_cycle", "FLOP per cycle of the cloud (cloud_edge_end model)", c->cloud_flops_per_cycle);
  PetscOptionsEnd();
  CHECK_REAL("-ue_cpu_frequency", c->ue_cpu_hz, 1e3, 1e15);
  CHECK_REAL("-ue_kappa", c->ue_kappa, 0.0, 1e-10);
  CHECK_REAL("-mec_cpu_frequency", c->mec_cpu_hz, 1e3, 1e18);
  CHECK_REAL("-mec_kappa", c->mec_kappa, 0.0, 1e-10);
  PetscCheck(c->cloud_cpu_hz == 0.0 || c->cloud_cpu_hz >= 1e3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -cloud_cpu_frequency, %g, is out of range: allowed 0 (infinite) or [1e3, 1e20]", (double)c->cloud_cpu_hz);
  CHECK_REAL("-cloud_cpu_frequency", c->cloud_cpu_hz, 0.0, 1e20);
  CHECK_INT("-cloud_queue_max", c->cloud_queue_max, 0, PETSC_MAX_INT);
  CHECK_INT("-cloud_access_max", c->cloud_access_max, 0, PETSC_MAX_INT);
  CHECK_REAL("-cloud_backhaul_latency", c->cloud_latency_s, 0.0, 3600.0);
  CHECK_REAL("-cloud_bandwidth", c->cloud_bandwidth_hz, 1.0, 1e13);
  CHECK_REAL("-cloud_flops_per_cycle", c->cloud_flops_per_cycle, 1e-3, 1e9);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadPolicyOutput(MPI_Comm comm, SemecConfig *c)
{
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(c->policy, "edge", sizeof(c->policy)));
  PetscCall(PetscStrncpy(c->output_file, "semec.h5", sizeof(c->output_file)));
  c->output_overwrite        = PETSC_FALSE;
  c->output_interval         = 100;
  c->strongest_hysteresis_db = 3.0;
  PetscOptionsBegin(comm, NULL, "Policy (-policy) and output (-output_)", NULL);
  PetscCall(PetscOptionsString("-policy", "Offloading policy (-help lists them per execution model)", NULL, c->policy, c->policy, sizeof(c->policy), NULL));
  OPT_REAL("-strongest_hysteresis", "Policy strongest: gain margin before re-association (dB)", c->strongest_hysteresis_db);
  PetscCall(PetscOptionsString("-output_file", "HDF5 result file", NULL, c->output_file, c->output_file, sizeof(c->output_file), NULL));
  OPT_BOOL("-output_overwrite", "Overwrite an existing result file", c->output_overwrite);
  OPT_INT("-output_interval", "Slots between collective writes (slots)", c->output_interval);
  PetscOptionsEnd();
  PetscCall(SemecPolicyValidateName(comm, c->policy, c->model));
  CHECK_REAL("-strongest_hysteresis", c->strongest_hysteresis_db, 0.0, 100.0);
  PetscCheck(c->output_file[0], comm, PETSC_ERR_ARG_WRONG, "Option -output_file is empty: give a file name");
  CHECK_INT("-output_interval", c->output_interval, 1, 1000000);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecConfigLoad(MPI_Comm comm, SemecConfig *cfg)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(cfg, sizeof(*cfg)));
  PetscCall(LoadSim(comm, cfg));
  PetscCall(LoadGeometry(comm, cfg));
  PetscCall(LoadChannel(comm, cfg));
  PetscCall(LoadTasks(comm, cfg));
  PetscCall(LoadCompute(comm, cfg));
  PetscCall(LoadPolicyOutput(comm, cfg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecConfigReportUnused(MPI_Comm comm)
{
  PetscInt    n;
  char      **names, **values;
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  rank = SemecCommRankIn(comm);
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) {
    /* PETSc's own run-time options are read later by PETSc itself */
    if (!strncmp(names[i], "log_", 4) || !strncmp(names[i], "options_", 8) || !strncmp(names[i], "malloc", 6)) continue;
    if (!rank) PetscCall(PetscFPrintf(comm, stderr, "semec: WARNING: option -%s%s%s was given but no module uses it\n", names[i], values[i] ? " " : "", values[i] ? values[i] : ""));
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecConfigOptionsText(char **text)
{
  char *copts;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetAll(NULL, &copts));
  *text = copts;
  PetscFunctionReturn(PETSC_SUCCESS);
}
