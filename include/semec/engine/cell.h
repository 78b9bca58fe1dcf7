/* Cells and their UEs: the state a rank owns.  A cell is a BS with its MEC
 * server; its UEs are kept sorted by global id so that every loop over them
 * runs in an order that does not depend on the decomposition.
 *
 * The engine's part of a UE is where it is and how it hears the BSs
 * (position, cached large-scale gains, the cell it is associated with); the
 * engine's part of a cell is its radio state (subcarrier owners, measured
 * interference) and the policy's series.  Everything an execution model
 * adds — task queues, fluid queues, per-slot metrics, cumulative counters —
 * lives behind ue->model and cell->model, created and destroyed by the
 * model (include/semec/engine/model.h) and read through the model's own
 * accessors (for example SemecTasksUEOf in include/semec/tasks/model.h). */
#ifndef SEMEC_CELL_H
#define SEMEC_CELL_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>

typedef struct {
  PetscInt64     id;        /* global UE id */
  PetscReal      x, y;      /* position (m) */
  PetscInt       ngain;     /* 1 + neighbours of the serving cell */
  PetscReal     *shadow_db; /* [ngain] shadowing to the serving BS, then to each neighbour BS (dB) */
  PetscReal     *gain;      /* [ngain] large-scale gain to the same BSs at the current position */
  PetscInt       target;    /* cell the policy associates this UE with */
  void          *model;     /* the execution model's state of this UE (owned by the model) */
} SemecUE;

typedef struct {
  PetscInt        id;            /* global cell id */
  PetscInt        nue, cap_ue;
  SemecUE        *ues;           /* sorted by id */
  PetscInt       *sub_owner;     /* [subcarriers]: local UE index holding subcarrier n, or -1 */
  PetscReal      *interference;  /* [subcarriers]: co-channel power received at the BS in the
                                    latest exchange (W): the previous slot's when policies decide,
                                    this slot's when the slot is evaluated */
  PetscReal      *series;        /* the policy's per-slot records, one after the other (SemecSeriesInfo), or NULL */
  void           *model;         /* the execution model's state of this cell (owned by the model) */
} SemecCell;

PetscErrorCode SemecCellInit(SemecCell *cell, PetscInt id, PetscInt nsub);
/* Frees the engine's part of the cell and of its UEs; the model frees its
 * own state first (SemecModelOps.cell_destroy). */
PetscErrorCode SemecCellDestroy(SemecCell *cell);
/* Inserts a UE (taking ownership of its gains and model state), keeping ids sorted. */
PetscErrorCode SemecCellAddUE(SemecCell *cell, const SemecUE *ue);
/* Removes local UE i (its state is handed to the caller through *ue). */
void           SemecCellRemoveUE(SemecCell *cell, PetscInt i, SemecUE *ue);
/* Frees the engine's part of a UE (its gains). */
void           SemecUEDestroy(SemecUE *ue);
/* (Re)computes ue->gain for the UE served by cell: serving BS first, then
 * the cell's neighbours in topology order.  With reshadow the shadowing is
 * drawn again (new serving cell); otherwise only the distances changed. */
PetscErrorCode SemecUEUpdateGains(const SemecConfig *cfg, const SemecTopology *topo, PetscInt cell, SemecUE *ue, PetscBool reshadow);

#endif
