/* PETSc's start (after semec's checks of the command line) and the
 * simulation context: creation (options -> config -> decomposition ->
 * model, cells, UEs, policy -> output file), the stop request of
 * SIGTERM/SIGINT, the end of a run and destruction. */
#include <semec/engine/sim.h>
#include <semec/engine/channel.h>
#include <semec/engine/options.h>
#include <signal.h>
#include <stdlib.h>

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

PetscErrorCode SemecInitialize(int *argc, char ***argv, const char *help)
{
  static char skip_petscrc[] = "-skip_petscrc";
  static char *bare[3];
  char         msg[4 * PETSC_MAX_PATH_LEN];
  int          bad;

  SemecOutputPrepareMPIIO();
  bad = SemecOptionCheckCommandLine(*argc, *argv, msg, sizeof(msg));
  if (bad) { /* start PETSc without these options (they may recurse), only to report the error */
    bare[0] = (*argv)[0];
    bare[1] = skip_petscrc;
    *argc   = 2;
    *argv   = bare;
    unsetenv("PETSC_OPTIONS");
  }
  PetscCall(PetscInitialize(argc, argv, NULL, help));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "%s", msg);
  return PETSC_SUCCESS;
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
  PetscCall(SemecModelCreate(world, &sim->cfg, &sim->model));
  PetscCall(CreateUEs(sim));
  for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(sim->model->ops->cell_create(sim->model, &sim->cfg, &sim->cells[i]));
  PetscCall(PetscMalloc1(sim->ncells * sim->model->ops->nmetrics + 1, &sim->values));
  PetscCall(SemecCloudInit(&sim->cfg, sim->model->ops->cloud_unit, &sim->cloud));
  PetscCall(SemecInterferenceCreate(sim));
  PetscCall(SemecPolicyCreate(sim->cfg.policy, &sim->cfg, &sim->policy));
  PetscCall(SemecConfigReportUnused(world));
  /* the output file is created last: any error above leaves nothing behind */
  {
    const SemecSeriesInfo *series = sim->policy->ops->series ? sim->policy->ops->series(sim->policy) : NULL;
    if (series)
      for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(PetscCalloc1(SemecSeriesWidth(series), &sim->cells[i].series));
    PetscCall(SemecOutputCreate(&sim->cfg, sim->comm, &sim->topo, sim->model->ops->metrics, sim->model->ops->nmetrics, series, &sim->out));
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
  SemecConfig cfg;

  PetscFunctionBeginUser;
  PetscCall(SemecConfigLoad(comm, &cfg));
  for (int i = 0; SemecTaskTypesRegistry[i]; i++) /* read by -task_model NAME */
    if (SemecTaskTypesRegistry[i]->options_help) PetscCall(SemecTaskTypesRegistry[i]->options_help(comm));
  PetscCall(SemecModelHelp(comm));
  PetscCall(SemecPolicyHelp(comm, &cfg));
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
  if (sim->model->ops->checkpoint) {
    hid_t g = H5Gcreate2(SemecOutputFile(sim->out), "model", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot create /model in the output file");
    PetscCall(sim->model->ops->checkpoint(sim, g));
    PetscCheck(H5Gclose(g) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close /model");
  }
  if (sim->model->ops->results) PetscCall(sim->model->ops->results(sim, SemecOutputFile(sim->out)));
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
  for (PetscInt i = 0; i < sim->ncells; i++) {
    if (sim->model && sim->cells[i].model) PetscCall(sim->model->ops->cell_destroy(sim->model, &sim->cells[i]));
    PetscCall(SemecCellDestroy(&sim->cells[i]));
  }
  PetscCall(PetscFree(sim->values));
  PetscCall(SemecModelDestroy(&sim->model));
  PetscCall(PetscFree(sim->cells));
  PetscCall(SemecCommDestroy(&sim->comm));
  PetscCall(SemecTopologyDestroy(&sim->topo));
  PetscCall(PetscFree(*psim));
  PetscFunctionReturn(PETSC_SUCCESS);
}
