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
#ifndef SEMEC_CEE_H
#define SEMEC_CEE_H
#include <semec/engine/config.h>
#include <semec/p000/ue.h>
#include <math.h>
#include <stdint.h>

/* Fixed-point unit in which fluid task amounts enter network-wide sums:
 * integer sums are exact, so the cloud state and its admission decisions do
 * not depend on the decomposition. */
#define SEMEC_CEE_FIXED 1048576.0 /* 2^20 units per task */

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
} SemecCee;

/* Reads the -cee_ options (also the accuracy table and the transformer
 * dimensions) and checks them with the engine's options.  Collective. */
PetscErrorCode SemecCeeLoad(MPI_Comm comm, const SemecConfig *cfg, SemecCee *cee);
PetscErrorCode SemecCeeDestroy(SemecCee *cee);
/* -help text of the -cee_ options. */
PetscErrorCode SemecCeeHelp(MPI_Comm comm);

/* Channel gains of UE ue (at x, y) of cell in slot t: |h^E|^2 and |h^C|^2. */
void SemecCeeGains(const SemecConfig *cfg, const SemecCee *cee, const double bs_xy[2], PetscInt cell, PetscInt64 ue, double x, double y,
                   PetscInt t, double *gain_edge, double *gain_cloud);

/* A fluid amount of tasks in the fixed-point unit of the network sums,
 * rounded down (an amount is cut to the grid before it is sent, so the
 * cell and the cloud account the same tasks). */
static inline int64_t SemecCeeFixed(double tasks) { return (int64_t)floor(tasks * SEMEC_CEE_FIXED); }

#endif
