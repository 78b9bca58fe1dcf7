/* The slot engine: the simulation context and the phases of one slot
 * (DESIGN section 2).  main() calls these in order and nothing else.  Each
 * phase does the engine's part (events, exchanges, the cloud, the output)
 * and calls the execution model through its ops table (model.h). */
#ifndef SEMEC_SIM_H
#define SEMEC_SIM_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>
#include <semec/engine/comm.h>
#include <semec/engine/cell.h>
#include <semec/engine/cloud.h>
#include <semec/engine/model.h>
#include <semec/engine/policy.h>
#include <semec/engine/output.h>

typedef struct SemecInterference_s SemecInterference;

typedef struct {
  PetscLogStage run;
  PetscLogEvent scenario, decide, migrate, exchange, evaluate, cloud, learn, output;
} SemecEvents;

struct SemecSim_s {
  SemecConfig   cfg;
  SemecTopology topo;
  SemecComm    *comm;
  PetscInt      ncells;      /* local cells */
  SemecCell    *cells;
  SemecCloud    cloud;
  SemecModel   *model;       /* the execution model (-sim_model) */
  SemecPolicy  *policy;
  SemecOutput  *out;
  SemecEvents   ev;
  SemecInterference *ifx;   /* interference exchange plan (interference.c) */
  double        noise_w;     /* B N0 (W) */
  SemecClock    clock;       /* of the current slot (set by the scenario phase) */
  PetscInt      slots_done;
  uint64_t      checksum;    /* of the recorded metrics (see summary.c) */
  double       *values;      /* [ncells, model's nmetrics]: the slot's cell metrics */
  PetscLogDouble wall_start;
  int64_t       ues_migrated;/* UEs that left a local cell */
  int64_t       cloud_sums[SEMEC_CLOUD_NFIELDS]; /* this rank's part of the slot's cloud Allreduce */
};

/* PetscInitialize for semec: first the MPI-IO setting of the output layer
 * and the checks of the command line that PETSc would skip or recurse on
 * (SemecOptionCheckCommandLine); a command line that fails them is not given
 * to PETSc, and the error names the argument or the options file. */
PetscErrorCode SemecInitialize(int *argc, char ***argv, const char *help);
/* init: options -> config -> decomposition -> model, cells, UEs, policy -> output */
PetscErrorCode SemecSimCreate(MPI_Comm comm, SemecSim **sim);
/* channels, task arrivals, mobility of slot t (the model's scenario) */
PetscErrorCode SemecScenarioAdvance(SemecSim *sim, PetscInt t);
/* association (with UE migration), then allocation by the policy; with
 * -sim_interference_rounds R > 1 the allocation and the interference
 * exchange alternate R times */
PetscErrorCode SemecPolicyDecide(SemecSim *sim, PetscInt t);
/* neighbour exchange of co-channel interference (models with a contribution) */
PetscErrorCode SemecExchangeInterference(SemecSim *sim, PetscInt t);
/* cloud admission and commitment of the decisions (the model's commit) */
PetscErrorCode SemecCommitDecisions(SemecSim *sim, PetscInt t);
/* The network-wide cloud rule every execution model uses: the requests of
 * every UE (request returns whether the UE asks and its amount, in tasks or
 * the model's fixed-point task units) are ranked in one global order, cells
 * from (t mod cells) upwards, wrapping, UEs by id within a cell, and granted
 * while fewer than -cloud_access_max UEs and, with -cloud_queue_max, the
 * room allow; the rank of a request is a prefix sum over ranks (one
 * exclusive scan, skipped when the cloud has no limit), so the verdicts do
 * not depend on the decomposition.  verdict is called for every requesting
 * UE in that order; granted UEs are counted in the slot's cloud access. */
typedef PetscBool (*SemecCloudRequestFn)(const SemecSim *sim, const SemecUE *ue, int64_t *amount);
typedef PetscErrorCode (*SemecCloudVerdictFn)(SemecSim *sim, SemecCell *cell, SemecUE *ue, int64_t amount, PetscBool granted);
PetscErrorCode SemecCloudAdmit(SemecSim *sim, PetscInt t, SemecCloudRequestFn request, SemecCloudVerdictFn verdict);
/* what the decisions do in the slot (the model's evaluate) */
PetscErrorCode SemecEvaluate(SemecSim *sim, PetscInt t);
/* one Allreduce; identical cloud state on every rank; the model settles the slot */
PetscErrorCode SemecExchangeCloud(SemecSim *sim, PetscInt t);
PetscErrorCode SemecPolicyLearn(SemecSim *sim, PetscInt t);
PetscErrorCode SemecOutputSlot(SemecSim *sim, PetscInt t);
/* PETSC_TRUE once SIGTERM/SIGINT asked the run to stop (agreed on all ranks). */
PetscErrorCode SemecSimStopRequested(SemecSim *sim, PetscInt t, PetscBool *stop);
/* flush, status attribute, summary */
PetscErrorCode SemecSimFinish(SemecSim *sim, PetscBool aborted);
PetscErrorCode SemecSimDestroy(SemecSim **sim);

/* Interference plan (interference.c). */
PetscErrorCode SemecInterferenceCreate(SemecSim *sim);
PetscErrorCode SemecInterferenceDestroy(SemecSim *sim);
/* Power (W) received at BS k on each subcarrier from the UEs of cell c that
 * hold it, each at -chan_tx_power (paper 003 eq. (1)); a model whose UEs
 * transmit so on their subcarriers uses it as its contribution. */
void           SemecInterferenceContribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt slot, double *out);
/* Uplink rate of local UE u of cell over the subcarriers it holds, paper
 * 003 eqs. (1)-(2), with the cell's interference of this slot. */
double         SemecUplinkRate(const SemecSim *sim, const SemecCell *cell, PetscInt u, PetscInt slot);

/* -help: every module's options, with units and defaults, the models and the policies. */
PetscErrorCode SemecHelp(MPI_Comm comm);

/* End-of-run table on rank 0 (summary.c); raises an error if the model's
 * conservation check or the cloud copies fail. */
PetscErrorCode SemecSummaryPrint(SemecSim *sim, PetscBool aborted);
/* Adds the slot's recorded metrics (sim->values) to sim->checksum (order independent). */
void           SemecChecksumSlot(SemecSim *sim, PetscInt t);

#endif
