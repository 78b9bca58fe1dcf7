/* Paper 004's execution model (-sim_model sequential_dnn): every cell is the
 * paper's system, a BS with its MEC server and K wireless devices (WDs, the
 * cell's UEs; -geom_ues_per_cell, fixed), each on its own resource block
 * (WD k of the cell holds subcarrier k, -chan_subcarriers >= K, of
 * -chan_subcarrier_bandwidth B Hz).  include/semec/p004/block.h has the
 * equations.
 *
 * Blocks of n slots (-p004_block_slots); engine slot = paper slot.  At the
 * block's first slot the WDs see their state (queue, the block's fading h,
 * the block's n arrival bits) and the policy chooses each WD's offload
 * capacity (from a power, or an amount) and the server's n rates; the split
 * rule fixes each WD's local cycles C and back-end rho.  Every slot runs
 * C/(n tau) locally and the server's rate of the slot.  The block's last
 * slot stands for the offload slot after it: the WDs that split a task
 * transmit rho's output at the power (4) on their resource block, the
 * neighbouring cells' BSs receive it as interference through the engine's
 * exchange, an output that the realised SINR cannot carry is an outage (the
 * back-end stays at the WD, the energy is spent), the queues take (1) and
 * (6), and the cost (8) of the block is charged.  One cell, or
 * -chan_interference false: the paper exactly.
 *
 * Conservation, exact in integer cycles, in every cell at every block end:
 * arrived = computed locally + computed at the server + WD queues + server queue. */
#ifndef SEMEC_P004_MODEL_H
#define SEMEC_P004_MODEL_H
#include <semec/engine/model.h>
#include <semec/p004/block.h>

#define SEMEC_P004_MAX_WDS 1024
#define SEMEC_P004_DEFAULT_BLOCK_SLOTS 5 /* n of Sec. VI, -p004_block_slots */

typedef struct {
  SemecP004Params par;
  double          b;         /* arrival probability per slot, -task_arrival_probability */
  double          noise_w;   /* receiver noise per resource block, N0 B (W) */
  PetscInt        K;         /* WDs per cell */
  PetscInt        blocks;    /* blocks in the run */
  PetscInt        seed;
} SemecP004Model;

/* A WD's state (ue->model). */
typedef struct {
  SemecP004Queue q;          /* at the start of the block */
  uint32_t       beta;       /* the block's arrivals, bit i for slot i */
  double         fading;     /* |h|^2 ~ Exp(1) of the block (-chan_fading) */
  double         h;          /* gain over noise plus the interference last measured, at the decision (1/W) */
  /* the policy's decision at the block's start */
  double         p;          /* the WD's action p_{k,t} (W); NaN for schemes that choose an amount */
  int64_t        cap;        /* offload capacity: the back-end the WD may ship (cycles) */
  PetscBool      whole_only; /* binary offloading */
  /* the block's outcome */
  SemecP004Split split;
  double         p_used;     /* (4) for rho at h (W) */
  double         e_local, e_off; /* (2), (5) (J) */
  PetscBool      outage;     /* the realised SINR could not carry D in the slot */
  double         cost;       /* w3 q + w4 (E^wd + E^off), the WD's part of (8) */
} SemecP004UE;

/* Per-slot sums of a cell. */
typedef struct {
  int64_t arrived, local, served; /* cycles */
  double  e_local, e_server;      /* J */
} SemecP004SlotStats;

/* A cell's state (cell->model). */
typedef struct {
  int64_t            q_ser;      /* server queue at the start of the block (cycles) */
  int64_t            q_ser_left; /* during the block: what the server has still to serve of q_ser */
  double             f[SEMEC_P004_MAX_SLOTS]; /* the server's rates of the block's slots (cycles/s) */
  SemecP004SlotStats slot;
  /* the block just ended (valid at its last slot) */
  PetscBool          block_end;
  double             parts[5];   /* w1 q^ser, w2 E^ser, sum w3 q^wd, sum w4 E^wd, sum w4 E^off */
  double             cost, e_ser_block, e_off_block;
  int64_t            offloaded, outages, splits, done_local, spans;
  /* running */
  PetscInt           block;      /* index t of the current block */
  double             discount;   /* gamma^t */
  double             discounted; /* sum over blocks so far of gamma^t c_t (9a) */
  double             second_half;/* sum of c_t over blocks t >= blocks/2 */
  int64_t            arrived, local, served, outages_total; /* cumulative cycles and outages */
} SemecP004Cell;

static inline SemecP004UE          *SemecP004UEOf(const SemecUE *ue) { return (SemecP004UE *)ue->model; }
static inline SemecP004Cell        *SemecP004CellOf(const SemecCell *cell) { return (SemecP004Cell *)cell->model; }
static inline const SemecP004Model *SemecP004ModelOf(const SemecModel *m) { return (const SemecP004Model *)m->data; }
/* The slot's position in its block: 0 at the decision, n - 1 at the offload. */
static inline PetscInt SemecP004SlotInBlock(const SemecP004Model *pm, PetscInt t) { return t % pm->par.n; }

extern const SemecModelOps SemecModelSequentialDNN;

/* The slot phases (src/p004/phases.c). */
PetscErrorCode SemecP004PhaseScenario(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP004PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t);
void           SemecP004Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out);
PetscErrorCode SemecP004PhaseEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP004PhaseSettle(SemecSim *sim, PetscInt t);

#endif
