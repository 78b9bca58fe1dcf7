/* Cells and their UEs: the state a rank owns.  A cell is a BS with its MEC
 * server; its UEs are kept sorted by global id so that every loop over them
 * runs in an order that does not depend on the decomposition. */
#ifndef SEMEC_CELL_H
#define SEMEC_CELL_H
#include <semec/engine/config.h>
#include <semec/tasks/queue.h>
#include <semec/engine/geometry.h>
#include <semec/p000/ue.h>

typedef enum { SEMEC_MODE_IDLE = 0, SEMEC_MODE_LOCAL, SEMEC_MODE_EDGE, SEMEC_MODE_CLOUD } SemecMode;

typedef struct {
  PetscInt64     id;        /* global UE id */
  PetscReal      x, y;      /* position (m) */
  PetscInt       ngain;     /* 1 + neighbours of the serving cell */
  PetscReal     *shadow_db; /* [ngain] shadowing to the serving BS, then to each neighbour BS (dB) */
  PetscReal     *gain;      /* [ngain] large-scale gain to the same BSs at the current position */
  SemecTaskQueue pending;   /* arrived, not yet committed to a route */
  SemecTaskQueue local;     /* committed to local execution */
  SemecTaskQueue tx;        /* committed to offloading, waiting for upload */
  SemecTaskQueue edge;      /* uploaded, waiting at the serving MEC server */
  /* decision of the current slot (set by the policy) */
  PetscInt       mode;      /* SemecMode for the pending tasks */
  PetscReal      f_edge;    /* MEC capacity allocated to this UE (cycle/s) */
  PetscBool      semantic;  /* offload the pending tasks in semantic mode (paper 003's e) */
  PetscInt       target;    /* cell the policy associates this UE with */
  PetscBool      cloud_granted; /* may upload to the cloud in this slot */
  /* results of the current slot */
  PetscReal      rate_bps;  /* uplink rate, paper 003 eq. (2) */
  /* paper 000's model (-sim_model cloud_edge_end; cee.h), NULL otherwise
   * (held apart so that the tasks model's UEs stay small; these UEs never
   * migrate) */
  SemecP000State    *cee;   /* queues Theta, arrivals, channels and rho of the slot */
  SemecP000Decision *ceed;  /* the slot's variables and what follows from them */
} SemecUE;

/* Per-slot metrics of one cell; reset at the start of every slot. */
typedef struct {
  PetscInt64 arrived, completed, dropped, cloud_denied, backlog;
  PetscInt64 offloaded_edge, offloaded_cloud; /* tasks committed this slot */
  PetscInt64 migrated_in, migrated_out;       /* tasks carried by UEs that changed cell */
  PetscReal  energy_j, delay_sum_s, throughput_bps;
  PetscReal  reward;                          /* sum of paper 003 eq. (8) over completed tasks */
  PetscInt64 deadline_unmet;                  /* deadline constraints (9h) the policy's plan could not meet */
} SemecCellSlotStats;

/* Per-slot metrics of a cell in paper 000's model (fluid task amounts). */
typedef struct {
  double arrived;                     /* sum of Lambda_i(t) */
  double served_local, served_edge;   /* sum of u^L, of the MEC's min{mu^E, Q^E} */
  double offload_edge, offload_cloud; /* sum of u^E, of u^C (tasks sent to the cloud leave the cell) */
  double objective, power;            /* sum of the UEs' terms of (22) and of (13) (W) */
  double q_local, q_edge, z_local, z_edge; /* sums over the UEs at the end of the slot */
  PetscInt64 cloud_denied;            /* UEs whose cloud request the network-wide rule refused */
} SemecCeeSlotStats;

typedef struct {
  PetscInt        id;            /* global cell id */
  PetscBool       fluid;         /* paper 000's model: metrics in cee, queues in ue->cee */
  PetscInt        nue, cap_ue;
  SemecUE        *ues;           /* sorted by id */
  PetscInt       *sub_owner;     /* [subcarriers]: local UE index holding subcarrier n, or -1 */
  PetscReal      *interference;  /* [subcarriers]: co-channel power received at the BS in the
                                    latest exchange (W): the previous slot's when policies decide,
                                    this slot's when the slot is evaluated */
  SemecTaskQueue  cloud;         /* tasks of this cell in the shared cloud, by batch */
  SemecCellSlotStats slot;
  PetscReal      *series;        /* the policy's per-slot records, one after the other (SemecSeriesInfo), or NULL */
  /* cumulative task counters: arrived + in = completed + dropped + backlog + out */
  PetscInt64      arrived, completed, dropped, migrated_in, migrated_out;
  PetscReal       energy_j, delay_sum_s; /* cumulative energy (J) and delay of completed tasks (s) */
  SemecCeeSlotStats cee;         /* paper 000's model: this slot */
  double          cee_arrived, cee_left; /* cumulative: arrived = left (executed, or sent to the cloud) + queued */
  double          cee_objective;         /* cumulative objective (22) */
} SemecCell;

PetscErrorCode SemecCellInit(SemecCell *cell, PetscInt id, PetscInt nsub);
PetscErrorCode SemecCellDestroy(SemecCell *cell);
/* Inserts a UE (taking ownership of its queues), keeping ids sorted. */
PetscErrorCode SemecCellAddUE(SemecCell *cell, const SemecUE *ue);
/* Removes local UE i (its queues are handed to the caller through *ue). */
void           SemecCellRemoveUE(SemecCell *cell, PetscInt i, SemecUE *ue);
void           SemecUEDestroy(SemecUE *ue);
/* (Re)computes ue->gain for the UE served by cell: serving BS first, then
 * the cell's neighbours in topology order.  With reshadow the shadowing is
 * drawn again (new serving cell); otherwise only the distances changed. */
PetscErrorCode SemecUEUpdateGains(const SemecConfig *cfg, const SemecTopology *topo, PetscInt cell, SemecUE *ue, PetscBool reshadow);
PetscInt64     SemecUEBacklog(const SemecUE *ue);
/* Tasks held by the cell: its UEs' queues plus its tasks in the cloud. */
PetscInt64     SemecCellBacklog(const SemecCell *cell);
/* Raises an error if arrived + in != completed + dropped + backlog + out
 * (paper 000's model: arrived != executed + sent to the cloud + queued, to
 * a relative 1e-9). */
PetscErrorCode SemecCellCheckConservation(const SemecCell *cell, PetscInt slot);

#endif
