/* Paper 000's cloud-edge-end execution model in the engine
 * (-sim_model cloud_edge_end).  Every UE has three execution modes in the
 * same slot: local execution on its GPU, semantic offloading to its cell's
 * MEC server (the UE encodes, the MEC decodes) and raw offloading to the
 * shared cloud (MCC).  Queues are the paper's fluid queues (1)-(2) with the
 * virtual queues (15)-(16); the per-UE equations are in p000.h.
 *
 * Multi-cell reading (docs/models.md): every cell is one of the paper's hot
 * spots, its MEC server at the BS, its UEs in the annulus -geom_r_min ..
 * -geom_r_max; each hot spot reaches the MCC through a BS at distance
 * -cee_cloud_distance in +x from its MEC server.  The MEC limits (chi_max^E,
 * BW^E) are per cell; the cloud's access limit chi_max^C
 * (-cloud_access_max) and bandwidth BW^C (-cloud_bandwidth) are
 * network-wide, so b^C = BW^C / chi_max^C, and the engine arbitrates the
 * cloud requests of all cells every slot (the global prefix rule of
 * design.md).  With one cell this is the paper's setup.
 *
 * Channels (paper 000 eqs. (8)-(9), Table II): |h^E|^2 = g^E x shadowing
 * (-cee_edge_shadowing_std) x Rayleigh fading; |h^C|^2 = g^C psi^2 x Rician
 * fading (K = -cee_cloud_rician_k) with psi log-normal
 * (-cee_cloud_shadowing_std); g from -chan_pathloss; shadowing fixed per
 * link, fading drawn per slot. */
#ifndef SEMEC_P000_MODEL_H
#define SEMEC_P000_MODEL_H
#include <semec/engine/model.h>
#include <semec/p000/ue.h>
#include <math.h>
#include <stdint.h>

/* Fixed-point unit in which fluid task amounts enter network-wide sums:
 * integer sums are exact, so the cloud state and its admission decisions do
 * not depend on the decomposition. */
#define SEMEC_P000_FIXED 1048576.0 /* 2^20 units per task */

typedef struct {
  SemecP000Params  par;
  SemecAccuracy    acc;
  SemecTransformer tf;
  PetscInt         chi_edge;          /* -cee_edge_access_max: chi_max^E, UEs per MEC server per slot */
  double           bw_edge;           /* -cee_edge_bandwidth: BW^E of each cell (Hz) */
  double           b_edge, b_cloud;   /* b^E = BW^E / chi_max^E, b^C = BW^C / chi_max^C (Hz) */
  double           cloud_distance_m;  /* -cee_cloud_distance */
  double           edge_shadow_db;    /* -cee_edge_shadowing_std (dB) */
  double           cloud_shadow_db;   /* -cee_cloud_shadowing_std: psi (dB) */
  double           cloud_rician_k_db; /* -cee_cloud_rician_k (dB) */
  double           cloud_flop_s;      /* cloud capacity (FLOP/s), 0 = infinite */
} SemecP000Model;

/* A UE's state in the model (ue->model). */
typedef struct {
  SemecP000State    st; /* queues Theta, arrivals, channels and rho of the slot */
  SemecP000Decision d;  /* the slot's variables and what follows from them */
} SemecP000UE;

/* Per-slot metrics of a cell (fluid task amounts). */
typedef struct {
  double arrived;                     /* sum of Lambda_i(t) */
  double served_local, served_edge;   /* sum of u^L, of the MEC's min{mu^E, Q^E} */
  double offload_edge, offload_cloud; /* sum of u^E, of u^C (tasks sent to the cloud leave the cell) */
  double objective, power;            /* sum of the UEs' terms of (22) and of (13) (W) */
  double energy_j;                    /* (13) times the slot length (J) */
  double q_local, q_edge, z_local, z_edge; /* sums over the UEs at the end of the slot */
  PetscInt64 cloud_denied;            /* UEs whose cloud request the network-wide rule refused */
} SemecP000SlotStats;

/* A cell's state in the model (cell->model). */
typedef struct {
  SemecP000SlotStats slot;
  double             arrived, left; /* cumulative: arrived = left (executed, or sent to the cloud) + queued */
  double             objective;     /* cumulative objective (22) */
  double             energy_j;      /* cumulative energy (J) */
} SemecP000Cell;

static inline SemecP000UE   *SemecP000UEOf(const SemecUE *ue) { return (SemecP000UE *)ue->model; }
static inline SemecP000Cell *SemecP000CellOf(const SemecCell *cell) { return (SemecP000Cell *)cell->model; }
static inline const SemecP000Model *SemecP000ModelOf(const SemecModel *m) { return (const SemecP000Model *)m->data; }

/* -sim_model cloud_edge_end */
extern const SemecModelOps SemecModelCloudEdgeEnd;

/* Reads the -cee_ options (also the accuracy table and the transformer
 * dimensions) and checks them with the engine's options.  Collective. */
PetscErrorCode SemecP000ModelLoad(MPI_Comm comm, const SemecConfig *cfg, SemecP000Model *pm);
PetscErrorCode SemecP000ModelDestroy(SemecP000Model *pm);
/* -help text of the -cee_ options. */
PetscErrorCode SemecP000ModelHelp(MPI_Comm comm);

/* Channel gains of UE ue (at x, y) of cell in slot t: |h^E|^2 and |h^C|^2. */
void SemecP000Gains(const SemecConfig *cfg, const SemecP000Model *pm, const double bs_xy[2], PetscInt cell, PetscInt64 ue, double x, double y,
                    PetscInt t, double *gain_edge, double *gain_cloud);

/* The slot phases (src/p000/phases.c). */
PetscErrorCode SemecP000PhaseScenario(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP000PhaseCommit(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP000PhaseEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP000PhaseSettle(SemecSim *sim, PetscInt t);
/* Raises an error if arrived != executed + sent to the cloud + queued (to a relative 1e-9). */
PetscErrorCode SemecP000CellCheckConservation(const SemecCell *cell, PetscInt slot);

/* A fluid amount of tasks in the fixed-point unit of the network sums,
 * rounded down (an amount is cut to the grid before it is sent, so the
 * cell and the cloud account the same tasks). */
static inline int64_t SemecP000Fixed(double tasks) { return (int64_t)floor(tasks * SEMEC_P000_FIXED); }

#endif
