/* The slot engine: the simulation context and the phases of one slot
 * (DESIGN section 2).  main() calls these in order and nothing else. */
#ifndef SEMEC_SIM_H
#define SEMEC_SIM_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>
#include <semec/engine/comm.h>
#include <semec/engine/cell.h>
#include <semec/engine/cloud.h>
#include <semec/engine/policy.h>
#include <semec/engine/output.h>
#include <semec/p000/model.h>

typedef struct SemecInterference_s SemecInterference;

typedef struct {
  PetscLogStage run;
  PetscLogEvent scenario, decide, migrate, exchange, evaluate, cloud, learn, output;
} SemecEvents;

typedef struct {
  SemecConfig   cfg;
  SemecTopology topo;
  SemecComm    *comm;
  PetscInt      ncells;      /* local cells */
  SemecCell    *cells;
  SemecCloud    cloud;
  SemecCee      cee;         /* paper 000's model, with -sim_model cloud_edge_end */
  SemecPolicy  *policy;
  SemecOutput  *out;
  SemecEvents   ev;
  SemecInterference *ifx;   /* interference exchange plan (interference.c) */
  double        noise_w;     /* B N0 (W) */
  PetscInt      slots_done;
  uint64_t      checksum;    /* of the recorded metrics (see summary.c) */
  PetscLogDouble wall_start; 
  int64_t       ues_migrated;/* UEs that left a local cell */
  int64_t       cloud_sums[SEMEC_CLOUD_NFIELDS]; /* this rank's part of the slot's cloud Allreduce */
} SemecSim;

/* init: options -> config -> decomposition -> cells, UEs, policy -> output */
PetscErrorCode SemecSimCreate(MPI_Comm comm, SemecSim **sim);
/* channels, task arrivals, mobility of slot t */
PetscErrorCode SemecScenarioAdvance(SemecSim *sim, PetscInt t);
/* association (with UE migration), then allocation by the policy; with
 * -sim_interference_rounds R > 1 the allocation and the interference
 * exchange alternate R times */
PetscErrorCode SemecPolicyDecide(SemecSim *sim, PetscInt t);
/* neighbour exchange of co-channel interference */
PetscErrorCode SemecExchangeInterference(SemecSim *sim, PetscInt t);
/* cloud admission and commitment of the decided modes */
PetscErrorCode SemecCommitDecisions(SemecSim *sim, PetscInt t);
/* The network-wide cloud rule both execution models use (evaluate.c): the
 * requests of every UE (request returns whether the UE asks and its amount,
 * in tasks or fixed-point task units) are ranked in one global order, cells
 * from (t mod cells) upwards, wrapping, UEs by id within a cell, and granted
 * while fewer than -cloud_access_max UEs and, with -cloud_queue_max, the
 * room allow; the rank of a request is a prefix sum over ranks (one
 * exclusive scan, skipped when the cloud has no limit), so the verdicts do
 * not depend on the decomposition.  verdict is called for every requesting
 * UE in that order; granted UEs are counted in the slot's cloud access. */
typedef PetscBool (*SemecCloudRequestFn)(const SemecSim *sim, const SemecUE *ue, int64_t *amount);
typedef PetscErrorCode (*SemecCloudVerdictFn)(SemecSim *sim, SemecCell *cell, SemecUE *ue, int64_t amount, PetscBool granted);
PetscErrorCode SemecCloudAdmit(SemecSim *sim, PetscInt t, SemecCloudRequestFn request, SemecCloudVerdictFn verdict);
/* rates, uploads, local/edge execution, energy, delay */
PetscErrorCode SemecEvaluate(SemecSim *sim, PetscInt t);
/* one Allreduce; identical cloud state on every rank; cloud completions */
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
/* Power (W) received at BS k on each subcarrier from the UEs of cell c. */
void           SemecInterferenceContribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt slot, double *out);
/* Uplink rate of local UE u of cell, paper 003 eqs. (1)-(2), using the
 * cell's interference of this slot (evaluate.c). */
double         SemecUplinkRate(const SemecSim *sim, const SemecCell *cell, PetscInt u, PetscInt slot);

/* The phases of paper 000's cloud-edge-end model (cee_engine.c), called by
 * the phases above when -sim_model cloud_edge_end. */
PetscErrorCode SemecCeeScenarioAdvance(SemecSim *sim, PetscInt t);
PetscErrorCode SemecCeeAdmitCloud(SemecSim *sim, PetscInt t);
PetscErrorCode SemecCeeEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecCeeSettle(SemecSim *sim, PetscInt t);

/* -help: every module's options, with units and defaults, and the policies. */
PetscErrorCode SemecHelp(MPI_Comm comm);

/* End-of-run table on rank 0 (summary.c); returns the conservation verdict. */
PetscErrorCode SemecSummaryPrint(SemecSim *sim, PetscBool aborted);
/* Adds the slot's recorded metrics to sim->checksum (order independent). */
void           SemecChecksumSlot(SemecSim *sim, PetscInt t);

#endif
