/* The simulation context: creation (options -> config -> decomposition ->
 * cells, UEs, policy -> output file), the learn and output phases, the stop
 * request of SIGTERM/SIGINT, the end of a run and destruction. */
#include <semec/engine/sim.h>
#include <semec/engine/channel.h>
#include <semec/p003/eeoi.h>
#include <signal.h>

/* Set by the signal handler only; read through SemecSimStopRequested. */
static volatile sig_atomic_t StopSignal = 0;
static void OnSignal(int sig) { StopSignal = sig; }

static PetscErrorCode RegisterEvents(SemecEvents *ev)
{
  PetscClassId id;

  PetscFunctionBeginUser;
  PetscCall(PetscClassIdRegister("semec", &id));
  /* a process may create several runs (tests do): register the stage once */
  PetscCall(PetscLogStageGetId("semec slot loop", &ev->run));
  if (ev->run < 0) PetscCall(PetscLogStageRegister("semec slot loop", &ev->run));
  PetscCall(PetscLogEventRegister("SlotScenario", id, &ev->scenario));
  PetscCall(PetscLogEventRegister("SlotDecide", id, &ev->decide));
  PetscCall(PetscLogEventRegister("SlotMigrate", id, &ev->migrate));
  PetscCall(PetscLogEventRegister("SlotExchange", id, &ev->exchange));
  PetscCall(PetscLogEventRegister("SlotEvaluate", id, &ev->evaluate));
  PetscCall(PetscLogEventRegister("SlotCloud", id, &ev->cloud));
  PetscCall(PetscLogEventRegister("SlotLearn", id, &ev->learn));
  PetscCall(PetscLogEventRegister("SlotOutput", id, &ev->output));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Drops the UEs of every local cell; global ids run over cells in order. */
static PetscErrorCode CreateUEs(SemecSim *sim)
{
  PetscInt64 id = 0;
  PetscInt   first = SemecCommFirstCell(sim->comm);

  PetscFunctionBeginUser;
  /* ids of cells before mine: every rank can count them (O(cells), once) */
  for (PetscInt c = 0; c < first; c++) id += SemecGeomUECount(&sim->cfg, c);
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    PetscInt   n    = SemecGeomUECount(&sim->cfg, cell->id);
    for (PetscInt j = 0; j < n; j++, id++) {
      SemecUE ue;
      PetscCall(PetscMemzero(&ue, sizeof(ue)));
      ue.id     = id;
      ue.target = cell->id;
      SemecGeomDropUE(&sim->cfg, &sim->topo, cell->id, id, &ue.x, &ue.y);
      PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, cell->id, &ue, PETSC_TRUE));
      PetscCall(SemecCellAddUE(cell, &ue));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecSimCreate(MPI_Comm world, SemecSim **psim)
{
  SemecSim *sim;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&sim));
  PetscCall(SemecConfigLoad(world, &sim->cfg));
  PetscCall(RegisterEvents(&sim->ev));
  PetscCall(SemecTopologyCreate(&sim->cfg, &sim->topo));
  PetscCall(SemecCommCreate(world, &sim->cfg, &sim->topo, &sim->comm));
  sim->ncells  = SemecCommLocalCells(sim->comm);
  sim->noise_w = SemecNoisePower(&sim->cfg);
  PetscCall(PetscMalloc1(sim->ncells, &sim->cells));
  for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(SemecCellInit(&sim->cells[i], SemecCommFirstCell(sim->comm) + i, sim->cfg.subcarriers));
  PetscCall(CreateUEs(sim));
  PetscCall(SemecCloudInit(&sim->cfg, &sim->cloud));
  if (sim->cfg.model == SEMEC_MODEL_CEE) {
    PetscCall(SemecCeeLoad(world, &sim->cfg, &sim->cee));
    for (PetscInt i = 0; i < sim->ncells; i++) {
      sim->cells[i].fluid = PETSC_TRUE;
      for (PetscInt u = 0; u < sim->cells[i].nue; u++) PetscCall(PetscCalloc2(1, &sim->cells[i].ues[u].cee, 1, &sim->cells[i].ues[u].ceed));
      PetscCheck(sim->cells[i].nue <= 62, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
                 "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs: -sim_model cloud_edge_end allows at most 62 per cell (-geom_ues_per_cell)", sim->cells[i].id,
                 sim->cells[i].nue);
    }
  }
  PetscCall(SemecInterferenceCreate(sim));
  PetscCall(SemecPolicyCreate(sim->cfg.policy, &sim->cfg, &sim->policy));
  PetscCall(SemecConfigReportUnused(world));
  /* the output file is created last: any error above leaves nothing behind */
  {
    const SemecSeriesInfo *series = sim->policy->ops->series ? sim->policy->ops->series(sim->policy) : NULL;
    if (series)
      for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(PetscCalloc1(SemecSeriesWidth(series), &sim->cells[i].series));
    PetscCall(SemecOutputCreate(&sim->cfg, sim->comm, &sim->topo, series, &sim->out));
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  PetscCall(PetscTime(&sim->wall_start));
  PetscCall(PetscLogStagePush(sim->ev.run));
  *psim = sim;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecHelp(MPI_Comm comm)
{
  SemecConfig  cfg;
  SemecEeoi    eeoi;
  SemecPolicy *p;

  PetscFunctionBeginUser;
  PetscCall(SemecPolicyHelp(comm));
  PetscCall(SemecConfigLoad(comm, &cfg));
  PetscCall(SemecEeoiLoad(comm, &eeoi)); /* read by -task_model eeoi */
  PetscCall(SemecCeeHelp(comm));         /* read by -sim_model cloud_edge_end */
  PetscCall(SemecPolicyCreate("bcd", &cfg, &p)); /* the options of the paper 003 policies */
  PetscCall(SemecPolicyDestroy(&p));
  cfg.model = SEMEC_MODEL_CEE;
  PetscCall(SemecPolicyCreate("drlh", &cfg, &p)); /* the options of the paper 000 policies */
  PetscCall(SemecPolicyDestroy(&p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyLearn(SemecSim *sim, PetscInt t)
{
  SemecPolicyView view = {&sim->cfg, &sim->topo, &sim->cloud, t, sim->cfg.model == SEMEC_MODEL_CEE ? &sim->cee : NULL, sim->comm};

  PetscFunctionBeginUser;
  if (!sim->policy->ops->learn) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscLogEventBegin(sim->ev.learn, 0, 0, 0, 0));
  for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(sim->policy->ops->learn(sim->policy, &view, &sim->cells[i]));
  PetscCall(PetscLogEventEnd(sim->ev.learn, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecOutputSlot(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.output, 0, 0, 0, 0));
  SemecChecksumSlot(sim, t);
  PetscCall(SemecOutputRecord(sim->out, t, sim->cells, sim->ncells, &sim->cloud));
  sim->slots_done = t + 1;
  PetscCall(PetscLogEventEnd(sim->ev.output, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecSimStopRequested(SemecSim *sim, PetscInt t, PetscBool *stop)
{
  PetscFunctionBeginUser;
  *stop = (PetscBool)(StopSignal != 0);
  /* agree once per output interval (a collective), so all ranks stop together */
  if ((t + 1) % sim->cfg.output_interval == 0) PetscCall(SemecCommAny(sim->comm, stop));
  else *stop = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecSimFinish(SemecSim *sim, PetscBool aborted)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePop());
  {
    hid_t g = H5Gcreate2(SemecOutputFile(sim->out), "policy", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot create /policy in the output file");
    if (sim->policy->ops->checkpoint) PetscCall(sim->policy->ops->checkpoint(sim->policy, g));
    PetscCheck(H5Gclose(g) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close /policy");
  }
  PetscCall(SemecOutputClose(&sim->out, aborted ? "aborted" : "complete"));
  PetscCall(SemecSummaryPrint(sim, aborted));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecSimDestroy(SemecSim **psim)
{
  SemecSim *sim = *psim;

  PetscFunctionBeginUser;
  if (!sim) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(SemecOutputClose(&sim->out, "aborted"));
  PetscCall(SemecPolicyDestroy(&sim->policy));
  PetscCall(SemecInterferenceDestroy(sim));
  PetscCall(SemecCloudDestroy(&sim->cloud));
  if (sim->cfg.model == SEMEC_MODEL_CEE) PetscCall(SemecCeeDestroy(&sim->cee));
  for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(SemecCellDestroy(&sim->cells[i]));
  PetscCall(PetscFree(sim->cells));
  PetscCall(SemecCommDestroy(&sim->comm));
  PetscCall(SemecTopologyDestroy(&sim->topo));
  PetscCall(PetscFree(*psim));
  PetscFunctionReturn(PETSC_SUCCESS);
}
