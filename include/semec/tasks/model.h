/* The tasks execution model (-sim_model tasks, the default): discrete tasks
 * with input bits and CPU cycles, queued on the UE (pending, local, tx),
 * at the serving MEC server (edge) and in the shared cloud; uplink over the
 * subcarriers the policy allocates, with co-channel interference between
 * cells (paper 003 eqs. (1)-(2)).  Paper 003's schemes and the baselines of
 * src/policies/ decide in it.  The slot phases are in src/tasks/execute.c,
 * the state, migration, metrics and summary in src/tasks/model.c. */
#ifndef SEMEC_TASKS_MODEL_H
#define SEMEC_TASKS_MODEL_H
#include <semec/engine/model.h>
#include <semec/tasks/queue.h>

typedef enum { SEMEC_MODE_IDLE = 0, SEMEC_MODE_LOCAL, SEMEC_MODE_EDGE, SEMEC_MODE_CLOUD } SemecMode;

/* A UE's state in the tasks model (ue->model). */
typedef struct {
  SemecTaskQueue pending;   /* arrived, not yet committed to a route */
  SemecTaskQueue local;     /* committed to local execution */
  SemecTaskQueue tx;        /* committed to offloading, waiting for upload */
  SemecTaskQueue edge;      /* uploaded, waiting at the serving MEC server */
  /* decision of the current slot (set by the policy) */
  PetscInt       mode;      /* SemecMode for the pending tasks */
  PetscReal      f_edge;    /* MEC capacity allocated to this UE (cycle/s) */
  PetscBool      semantic;  /* offload the pending tasks in semantic mode (paper 003's e) */
  PetscBool      cloud_granted; /* may upload to the cloud in this slot */
  /* results of the current slot */
  PetscReal      rate_bps;  /* uplink rate, paper 003 eq. (2) */
} SemecTasksUE;

/* Per-slot metrics of one cell; reset at the start of every slot. */
typedef struct {
  PetscInt64 arrived, completed, dropped, cloud_denied, backlog;
  PetscInt64 offloaded_edge, offloaded_cloud; /* tasks committed this slot */
  PetscInt64 migrated_in, migrated_out;       /* tasks carried by UEs that changed cell */
  PetscReal  energy_j, delay_sum_s, throughput_bps;
  PetscReal  reward;                          /* sum of paper 003 eq. (8) over completed tasks */
  PetscInt64 deadline_unmet;                  /* deadline constraints (9h) the policy's plan could not meet */
} SemecTasksSlotStats;

/* A cell's state in the tasks model (cell->model). */
typedef struct {
  SemecTaskQueue      cloud;  /* tasks of this cell in the shared cloud, by batch */
  SemecTasksSlotStats slot;
  /* cumulative task counters: arrived + in = completed + dropped + backlog + out */
  PetscInt64          arrived, completed, dropped, migrated_in, migrated_out;
  PetscReal           energy_j, delay_sum_s; /* cumulative energy (J) and delay of completed tasks (s) */
} SemecTasksCell;

static inline SemecTasksUE   *SemecTasksUEOf(const SemecUE *ue) { return (SemecTasksUE *)ue->model; }
static inline SemecTasksCell *SemecTasksCellOf(const SemecCell *cell) { return (SemecTasksCell *)cell->model; }

extern const SemecModelOps SemecModelTasks;

/* Tasks a UE holds in its queues. */
PetscInt64     SemecTasksUEBacklog(const SemecUE *ue);
/* Tasks held by the cell: its UEs' queues plus its tasks in the cloud. */
PetscInt64     SemecTasksCellBacklog(const SemecCell *cell);
/* Raises an error if arrived + in != completed + dropped + backlog + out. */
PetscErrorCode SemecTasksCellCheckConservation(const SemecCell *cell, PetscInt slot);
/* Creates and frees the tasks model's state of a cell and its UEs (also for
 * tests that build cells by hand). */
PetscErrorCode SemecTasksCellCreate(SemecCell *cell);
PetscErrorCode SemecTasksCellDestroy(SemecCell *cell);
PetscErrorCode SemecTasksUECreate(SemecUE *ue);
void           SemecTasksUEDestroy(SemecUE *ue);

/* The slot phases (src/tasks/execute.c). */
PetscErrorCode SemecTasksScenario(SemecSim *sim, PetscInt t);
void           SemecTasksClear(SemecModel *m, SemecCell *cell);
PetscErrorCode SemecTasksCommit(SemecSim *sim, PetscInt t);
PetscErrorCode SemecTasksEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecTasksSettle(SemecSim *sim, PetscInt t);
/* The end-of-run state under /model (src/tasks/checkpoint.c). */
PetscErrorCode SemecTasksCheckpoint(SemecSim *sim, hid_t g);

#endif
