/* Network geometry: base-station layout, the neighbour graph between cells,
 * UE drops and UE mobility.  The topology is global (every rank holds all BS
 * positions: O(cells) memory, read-only), so any rank can evaluate any link. */
#ifndef SEMEC_GEOMETRY_H
#define SEMEC_GEOMETRY_H
#include <semec/engine/config.h>

typedef struct {
  PetscInt  ncells;
  PetscReal *x, *y;          /* BS positions (m) */
  PetscInt  *band;           /* frequency band of each cell, c mod reuse */
  PetscInt  *nbr_start;      /* CSR: neighbours of c are nbr[nbr_start[c] .. nbr_start[c+1]) */
  PetscInt  *nbr;            /* ascending global ids, within the interference radius, self excluded */
  PetscReal cell_radius;     /* radius of the region a cell covers (m) */
  PetscReal xmin, xmax, ymin, ymax; /* area UEs move in (m) */
} SemecTopology;

PetscErrorCode SemecTopologyCreate(const SemecConfig *cfg, SemecTopology *topo);
PetscErrorCode SemecTopologyDestroy(SemecTopology *topo);
PetscBool      SemecTopologyAreNeighbours(const SemecTopology *topo, PetscInt a, PetscInt b);
/* The position of neighbour k in c's neighbour list (k must be one): a UE
 * of cell c caches its gain to k at ue->gain[1 + position]. */
PetscInt       SemecTopologyNeighbourIndex(const SemecTopology *topo, PetscInt c, PetscInt k);

/* Number of UEs dropped in cell c at start (fixed, or Poisson keyed by cell). */
PetscInt SemecGeomUECount(const SemecConfig *cfg, PetscInt cell);
/* Initial position of UE ue_id dropped in cell c (uniform in the cell region,
 * or uniform in the annulus r_min..r_max around the BS, paper 000 Sec. V). */
void     SemecGeomDropUE(const SemecConfig *cfg, const SemecTopology *topo, PetscInt cell,
                         PetscInt64 ue_id, PetscReal *x, PetscReal *y);
/* Moves a UE for one slot: random direction at -geom_ue_speed, reflected at
 * the area boundary. */
void     SemecGeomMoveUE(const SemecConfig *cfg, const SemecTopology *topo, PetscInt64 ue_id,
                         PetscInt slot, PetscReal *x, PetscReal *y);

#endif
