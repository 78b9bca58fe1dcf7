/* Run configuration: every option of semec, read once from PETSc's options
 * database and validated before anything is created.  Fields carry their
 * unit; the option that sets each one is named beside it. */
#ifndef SEMEC_CONFIG_H
#define SEMEC_CONFIG_H
#include <semec/engine/compat.h>

#define SEMEC_MAX_TASK_TYPES 32
#define SEMEC_MAX_BS_LIST    4096

typedef enum { SEMEC_LAYOUT_GRID, SEMEC_LAYOUT_HEX, SEMEC_LAYOUT_LIST } SemecLayout;
typedef enum { SEMEC_DROP_CELL, SEMEC_DROP_ANNULUS } SemecDrop;
typedef enum { SEMEC_COUNT_FIXED, SEMEC_COUNT_POISSON } SemecCount;
typedef enum { SEMEC_PL_P003, SEMEC_PL_P004, SEMEC_PL_EXPONENT } SemecPathLoss;
typedef enum { SEMEC_FADING_NONE, SEMEC_FADING_RAYLEIGH, SEMEC_FADING_RICIAN } SemecFading;
typedef enum { SEMEC_ARRIVAL_POISSON, SEMEC_ARRIVAL_BERNOULLI } SemecArrival;
/* Most models, policies or task-type generators a registry may hold. */
#define SEMEC_MAX_REGISTERED 64

typedef struct {
  /* -sim_ */
  PetscInt   cells;          /* -sim_cells: total number of cells (BSs) */
  PetscInt   cells_per_rank; /* -sim_cells_per_rank: cells owned by each MPI rank */
  PetscInt   slots;          /* -sim_slots: number of slots simulated */
  PetscInt   seed;           /* -sim_seed: key of every random stream */
  PetscReal  slot_s;         /* -sim_slot_duration: slot length (s) */
  PetscInt   interference_rounds; /* -sim_interference_rounds: decide/exchange rounds per slot */
  PetscInt   episode_length; /* -sim_episode_length: slots per episode, 0 = not episodic (clock.h) */
  PetscInt   train_episodes; /* -sim_train_episodes: training episodes, first */
  PetscInt   test_episodes;  /* -sim_test_episodes: test episodes, after them */
  char       model[64];      /* -sim_model NAME: the execution model (include/semec/engine/model.h) */
  /* -geom_ */
  SemecLayout layout;        /* -geom_layout grid|hex|list */
  PetscReal   isd_m;         /* -geom_isd: inter-site distance (m) */
  PetscInt    nbs_list;      /* number of coordinates given in -geom_bs_positions / 2 */
  PetscReal   bs_list[2 * SEMEC_MAX_BS_LIST]; /* -geom_bs_positions x0,y0,x1,y1,... (m) */
  SemecDrop   drop;          /* -geom_ue_drop cell|annulus */
  PetscReal   r_min_m;       /* -geom_r_min: inner radius of the annulus drop (m) */
  PetscReal   r_max_m;       /* -geom_r_max: outer radius of the annulus drop (m) */
  PetscInt    ues_per_cell;  /* -geom_ues_per_cell: UEs per cell, or the Poisson mean */
  SemecCount  ue_count;      /* -geom_ue_count fixed|poisson */
  PetscReal   ue_speed_mps;  /* -geom_ue_speed: UE speed (m/s), 0 = static */
  /* -chan_ */
  SemecPathLoss pathloss;    /* -chan_pathloss p003|p004|exponent */
  PetscReal   carrier_mhz;   /* -chan_carrier_frequency (MHz), used by p003 */
  PetscReal   pl_exponent;   /* -chan_pathloss_exponent alpha, used by exponent */
  PetscReal   pl_ref_db;     /* -chan_pathloss_reference: loss at 1 m (dB), used by exponent */
  PetscReal   min_distance_m;/* -chan_min_distance: path loss evaluated at max(d, this) (m) */
  PetscReal   shadow_db;     /* -chan_shadowing_std: log-normal shadowing std (dB) */
  SemecFading fading;        /* -chan_fading none|rayleigh|rician */
  PetscReal   rician_k_db;   /* -chan_rician_k: Rician K factor (dB) */
  PetscReal   noise_dbm_hz;  /* -chan_noise_psd (dBm/Hz) */
  PetscInt    subcarriers;   /* -chan_subcarriers: subcarriers per cell */
  PetscReal   subcarrier_hz; /* -chan_subcarrier_bandwidth: B (Hz) */
  PetscReal   tx_power_w;    /* -chan_tx_power: transmit power per subcarrier (W) */
  PetscInt    reuse;         /* -chan_reuse: number of orthogonal bands; cell c uses band c mod reuse */
  PetscReal   interference_radius_m; /* -chan_interference_radius: neighbour distance (m) */
  PetscBool   interference;  /* -chan_interference: model co-channel interference */
  /* -task_ */
  SemecArrival arrival;      /* -task_arrival poisson|bernoulli */
  PetscReal   arrival_rate;  /* -task_arrival_rate: Poisson mean (tasks/s per UE) */
  PetscReal   arrival_prob;  /* -task_arrival_probability: Bernoulli p per slot */
  PetscInt    ntypes;        /* number of task types (length of the -task_* arrays) */
  PetscReal   type_bits[SEMEC_MAX_TASK_TYPES];     /* -task_bits: input data (bit) */
  PetscReal   type_cycles[SEMEC_MAX_TASK_TYPES];   /* -task_cycles: computation (cycle) */
  PetscReal   type_deadline[SEMEC_MAX_TASK_TYPES]; /* -task_deadline (s), 0 = none */
  PetscInt    type_priority[SEMEC_MAX_TASK_TYPES]; /* -task_priority (>= 1) */
  /* semantic mode (paper 003): what a task becomes when the UE extracts and compresses it */
  PetscReal   type_bits_sem[SEMEC_MAX_TASK_TYPES];     /* -task_bits_semantic: s/eps (bit) */
  PetscReal   type_cycles_sem[SEMEC_MAX_TASK_TYPES];   /* -task_cycles_semantic: F_C + c at the server (cycle) */
  PetscReal   type_extract_cycles[SEMEC_MAX_TASK_TYPES]; /* -task_extraction_cycles: F_E on the UE (cycle) */
  PetscReal   type_cycles_linear[SEMEC_MAX_TASK_TYPES];  /* c_i of the Linear model, theta_m s (paper 003 Sec. IV-C); = -task_cycles by default */
  PetscReal   reward_c1, reward_c2; /* -task_reward_c1, -task_reward_c2: paper 003 eq. (8) */
  PetscInt    ue_queue_max;  /* -task_ue_queue_max: tasks a UE holds (pending+local+tx) */
  PetscInt    edge_queue_max;/* -task_edge_queue_max: tasks a UE may hold at the MEC */
  /* -ue_, -mec_, -cloud_ */
  PetscReal   ue_cpu_hz;     /* -ue_cpu_frequency (cycle/s) */
  PetscReal   ue_kappa;      /* -ue_kappa: effective switched capacitance (J s^2/cycle^3) */
  PetscReal   mec_cpu_hz;    /* -mec_cpu_frequency: F_k (cycle/s) */
  PetscReal   mec_kappa;     /* -mec_kappa (J s^2/cycle^3) */
  PetscReal   cloud_cpu_hz;  /* -cloud_cpu_frequency (cycle/s), 0 = infinite */
  PetscInt    cloud_queue_max;  /* -cloud_queue_max (tasks), 0 = unbounded */
  PetscInt    cloud_access_max; /* -cloud_access_max: UEs uploading to the cloud per slot, 0 = unlimited */
  PetscReal   cloud_latency_s;  /* -cloud_backhaul_latency (s) */
  PetscReal   cloud_bandwidth_hz;    /* -cloud_bandwidth: BW^C shared by the cloud's UEs network-wide (Hz), cloud_edge_end model */
  PetscReal   cloud_flops_per_cycle; /* -cloud_flops_per_cycle: FLOP per cycle of the cloud, cloud_edge_end model */
  /* -policy */
  char        policy[64];    /* -policy name */
  PetscReal   strongest_hysteresis_db; /* -strongest_hysteresis (dB) */
  /* -output_ */
  char        output_file[PETSC_MAX_PATH_LEN]; /* -output_file */
  PetscBool   output_overwrite;  /* -output_overwrite */
  PetscInt    output_interval;   /* -output_interval (slots) */
  PetscBool   summary;           /* -sim_summary: print the end-of-run table */
} SemecConfig;

/* A generator of task types, chosen by -task_model NAME (the built-in
 * "table" reads the -task_bits, -task_cycles ... lists): load reads its own
 * options and fills cfg's type table (ntypes, type_*); options_help prints
 * its options for -help.  Paper 003's EEoI types are one. */
typedef struct {
  const char *name;
  PetscErrorCode (*load)(MPI_Comm comm, SemecConfig *cfg);
  PetscErrorCode (*options_help)(MPI_Comm comm);
} SemecTaskTypesOps;
/* Every task-type generator, ended by NULL (src/registry.c). */
extern const SemecTaskTypesOps *const SemecTaskTypesRegistry[];

/* Reads and validates every option. Collective on comm. Raises a PETSc error
 * naming the option, its value and the allowed range on bad input. */
PetscErrorCode SemecConfigLoad(MPI_Comm comm, SemecConfig *cfg);
/* Warns on rank 0 about options that no module read (typos). */
PetscErrorCode SemecConfigReportUnused(MPI_Comm comm);
/* Full options text (for the output file); caller frees with PetscFree. */
PetscErrorCode SemecConfigOptionsText(char **text);

#endif
