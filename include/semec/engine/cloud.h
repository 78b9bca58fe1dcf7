/* The cloud (MCC) shared by all cells.  Every rank holds an identical copy
 * and advances it from the same network-wide sums, so no rank is special.
 * Quantities are integers (tasks, cycles) so that the sums are exact and the
 * state is bit-identical for any decomposition. */
#ifndef SEMEC_CLOUD_H
#define SEMEC_CLOUD_H
#include <semec/engine/config.h>
#include <stdint.h>

typedef struct { int64_t slot, tasks, cycles; } SemecCloudBatch;

/* What every rank contributes to the per-slot cloud Allreduce. */
typedef enum {
  SEMEC_CLOUD_ARRIVED_TASKS, SEMEC_CLOUD_ARRIVED_CYCLES, SEMEC_CLOUD_GRANTED_TASKS,
  SEMEC_CLOUD_CANCELLED_TASKS, SEMEC_CLOUD_ACCESS_UES, SEMEC_CLOUD_NFIELDS
} SemecCloudField;

typedef struct {
  double   unit;            /* tasks per count: the model's cloud_unit (1 for whole tasks, 2^-20 for paper 000's fluid tasks) */
  double   cpu_hz;          /* 0 = infinite capacity */
  int64_t  queue_max;       /* 0 = unbounded */
  int64_t  access_max;      /* 0 = unlimited */
  double   latency_s;
  SemecCloudBatch *fifo;    /* batches waiting, oldest first */
  int      head, count, cap;
  int64_t  backlog_tasks, backlog_cycles;
  int64_t  in_flight;       /* tasks granted to the cloud, not yet arrived there */
  int64_t  arrived_total, completed_total;
  /* batches completed in the last advance, oldest first */
  int64_t *done_slot; double *done_time_s; int ndone, cap_done;
  int64_t  slot_arrived, slot_completed; /* of the last advance */
  int64_t  slot_access;                  /* UEs granted cloud access in the last slot, network-wide */
} SemecCloud;

/* unit: tasks per count of the integer sums (SemecModelOps.cloud_unit). */
PetscErrorCode SemecCloudInit(const SemecConfig *cfg, double unit, SemecCloud *cloud);
PetscErrorCode SemecCloudDestroy(SemecCloud *cloud);
/* Advances the cloud over slot t given the network-wide sums of the slot. */
PetscErrorCode SemecCloudAdvance(SemecCloud *cloud, PetscInt slot, double slot_s, const int64_t sums[SEMEC_CLOUD_NFIELDS]);
/* Room the admission rule may still grant (counts); INT64_MAX when unbounded. */
int64_t        SemecCloudRoom(const SemecCloud *cloud);
/* Completion time (s, including backhaul) of batch b if it completed in the
 * last advance, or -1. */
double         SemecCloudBatchDoneTime(const SemecCloud *cloud, int64_t batch);

#endif
