/* Execution models: what a task is, how a slot's decisions execute and what
 * a cell reports.  One interface, many implementations chosen at run time by
 * -sim_model NAME, the way PETSc chooses a KSP through its ops table: the
 * slot phases call the model through SemecModelOps and never ask which
 * model runs.  The tasks model (src/tasks/) and paper 000's cloud-edge-end
 * model (src/p000/) are the first two implementations.
 *
 * A model owns the state it adds to cells and UEs (cell->model, ue->model);
 * the engine owns positions, gains, the radio state of a cell, the cloud,
 * the output file and the communication.  The registry of models is the
 * constant table SemecModelRegistry in src/registry.c, the one file that
 * names every model and policy; the engine reaches the models only through
 * it and through this table. */
#ifndef SEMEC_ENGINE_MODEL_H
#define SEMEC_ENGINE_MODEL_H
#include <semec/engine/config.h>
#include <semec/engine/cell.h>
#include <hdf5.h>
#include <stddef.h>

typedef struct SemecSim_s   SemecSim;
typedef struct SemecModel_s SemecModel;

/* A per-cell metric a model records every slot: /cells/<name> [slots, cells]. */
typedef struct {
  const char *name, *units, *description;
} SemecMetricInfo;

#define SEMEC_MAX_CELL_METRICS 32

typedef struct {
  const char *name; /* -sim_model NAME, stable */
  const char *help; /* one line for -help */
  /* Tasks per count of the integer cloud sums (SemecCloud.unit): 1 for
   * whole tasks, a fixed-point unit for fluid amounts. */
  double cloud_unit;
  /* The per-cell metrics, in the order metric_values fills them (that order
   * is also the checksum's). */
  const SemecMetricInfo *metrics;
  PetscInt               nmetrics;

  /* Reads and checks the model's options (collective on comm, errors name
   * the option, value and range) and creates m->data.  cfg is complete. */
  PetscErrorCode (*create)(SemecModel *m, MPI_Comm comm, const SemecConfig *cfg);
  /* Optional: prints the model's options for -help. */
  PetscErrorCode (*options_help)(MPI_Comm comm);
  PetscErrorCode (*destroy)(SemecModel *m);

  /* State of a cell whose UEs have just been dropped: cell->model and every
   * ue->model.  cell_destroy frees both (before the engine frees the cell). */
  PetscErrorCode (*cell_create)(SemecModel *m, const SemecConfig *cfg, SemecCell *cell);
  PetscErrorCode (*cell_destroy)(SemecModel *m, SemecCell *cell);

  /* UE migration between cells (optional: NULL ue_pack means the model's
   * UEs never change cell, and an association that moves one is an error).
   * ue_leave and ue_join account what a UE carries out of and into a cell;
   * a UE going to another rank is packed (ue_pack writes ue_pack_size
   * bytes and returns the end), its state freed (ue_destroy), and rebuilt
   * there by ue_unpack, which advances *p past what ue_pack wrote. */
  void   (*ue_leave)(SemecModel *m, SemecCell *from, const SemecUE *ue);
  void   (*ue_join)(SemecModel *m, SemecCell *to, const SemecUE *ue);
  size_t (*ue_pack_size)(const SemecModel *m, const SemecUE *ue);
  char  *(*ue_pack)(const SemecModel *m, const SemecUE *ue, char *p);
  PetscErrorCode (*ue_unpack)(SemecModel *m, SemecUE *ue, const char **p);
  void   (*ue_destroy)(SemecModel *m, SemecUE *ue);

  /* The slot phases (DESIGN section 2), on every local cell:
   *   scenario  arrivals, mobility, channels of slot t; resets the cell's slot metrics
   *   clear     optional: the decision fields of a cell before each decide round
   *   decided   optional: after each decide round, turns the policy's decisions into the
   *             cell's radio state (cell->sub_owner) before the interference exchange
   *   commit    optional: the network-wide cloud rule (SemecCloudAdmit) and the commitment of the decisions
   *   evaluate  what the decisions do in the slot (rates, execution, energy, queues)
   *   settle    after the cloud advanced: cloud completions, cumulative counters, conservation */
  PetscErrorCode (*scenario)(SemecSim *sim, PetscInt t);
  void           (*clear)(SemecModel *m, SemecCell *cell);
  PetscErrorCode (*decided)(SemecSim *sim, SemecCell *cell, PetscInt t);
  PetscErrorCode (*commit)(SemecSim *sim, PetscInt t);
  PetscErrorCode (*evaluate)(SemecSim *sim, PetscInt t);
  PetscErrorCode (*settle)(SemecSim *sim, PetscInt t);
  /* Optional: the power (W) the UEs of cell c put into BS k on each
   * subcarrier in slot t; NULL: the model has no co-channel interference and
   * the exchange is skipped. */
  void (*contribution)(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out);

  /* The cell's metrics of the slot just evaluated, nmetrics values. */
  void (*metric_values)(const SemecModel *m, const SemecCell *cell, double *values);
  /* The model's lines of the end-of-run summary (printed on rank 0 when
   * print is true; collective) and its network-wide conservation verdict,
   * with the reason in why when it fails.  ues: UEs network-wide. */
  PetscErrorCode (*summary)(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len);
  /* Optional: writes the model's end-of-run state under group g (collective). */
  PetscErrorCode (*checkpoint)(SemecSim *sim, hid_t g);
  /* Optional: writes the model's end-of-run results under the file's root
   * (for example /eval, the test-phase means of an episodic run; collective). */
  PetscErrorCode (*results)(SemecSim *sim, hid_t file);
} SemecModelOps;

struct SemecModel_s {
  const SemecModelOps *ops;
  void                *data; /* the model's run context */
};

/* Every model, ended by NULL (src/registry.c). */
extern const SemecModelOps *const SemecModelRegistry[];

/* The model called name, or NULL. */
const SemecModelOps *SemecModelFind(const char *name);
/* Checks that name is a model; the error lists the models. */
PetscErrorCode SemecModelValidateName(MPI_Comm comm, const char *name);
/* Creates the model of cfg->model (reading its options). */
PetscErrorCode SemecModelCreate(MPI_Comm comm, const SemecConfig *cfg, SemecModel **m);
PetscErrorCode SemecModelDestroy(SemecModel **m);
/* For models whose cell and UE state are plain structs: allocates zeroed
 * state of cell_bytes for the cell and ue_bytes for each of its UEs, and
 * frees it. */
PetscErrorCode SemecModelCellCalloc(SemecCell *cell, size_t cell_bytes, size_t ue_bytes);
PetscErrorCode SemecModelCellFree(SemecCell *cell);
/* -help: the models and their options. */
PetscErrorCode SemecModelHelp(MPI_Comm comm);

#endif
