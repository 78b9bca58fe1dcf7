/* Paper 002's execution model (-sim_model semantic_multitask): every cell is
 * the paper's access point with its edge server (ES) and N UEs; K
 * sub-channels (-chan_subcarriers) are shared one-to-one; each UE holds a
 * queue of Q tasks (-p002_queue_length, 10) drawn at the start of every
 * episode, of modality text, image or VQA (-p002_modality mixed draws
 * them uniformly; a single modality is Fig. 9), and executes its current
 * task in every step: locally, or at the ES after semantic extraction with
 * factor mu (include/semec/p002/task.h has the equations).
 *
 * Episodes (include/semec/engine/clock.h): Q steps, the queues refilled at
 * step 0.  Draws are keyed by (phase, episode, step): the task modalities
 * by (UE, task index), the power gain g of every (UE, sub-channel) by the
 * step, uniform in [-p002_gain_min, -p002_gain_max] (Table II: (0.1, 1)).
 * Every scheme therefore sees the same test episodes.
 *
 * A step: the policy decides for every UE rho, p, f, mu and a requested
 * sub-channel with its preferences; after the decision the model resolves the requests
 * one-to-one (SemecP002AssignSubchannels: an offloading UE left without a
 * sub-channel executes locally) and records the owners in cell->sub_owner;
 * evaluate applies (2)-(13) with the number of offloading UEs of the cell
 * sharing the ES, and the interference of neighbouring cells' UEs on the
 * same sub-channel (-chan_interference, -chan_reuse) in the SINR; with one
 * cell there is none and the model is exactly the paper's. */
#ifndef SEMEC_P002_MODEL_H
#define SEMEC_P002_MODEL_H
#include <semec/engine/model.h>
#include <semec/engine/clock.h>
#include <semec/p002/task.h>

#define SEMEC_P002_MAX_UES         64
#define SEMEC_P002_MAX_SUBCHANNELS 64
#define SEMEC_P002_MAX_QUEUE       1024

typedef struct {
  SemecP002Params par;
  SemecAccuracy   table[SEMEC_P002_NMODALITIES]; /* loaded by -p002_accuracy_table_<modality> */
  PetscBool       has_table[SEMEC_P002_NMODALITIES];
  PetscInt        nsub;       /* K (-chan_subcarriers) */
  PetscInt        queue;      /* Q, tasks per UE and episode */
  PetscInt        modality;   /* -1: mixed, else one SemecP002Modality */
  double          gain_min, gain_max;
  PetscInt        seed;
} SemecP002Model;

/* A UE's state (ue->model). */
typedef struct {
  PetscInt          next;                             /* index of the current task in the episode's queue */
  PetscInt          drawn;                            /* tasks drawn this episode (Q) */
  int8_t            modality[SEMEC_P002_MAX_QUEUE];   /* the episode's queue */
  double            gain[SEMEC_P002_MAX_SUBCHANNELS]; /* g of every sub-channel in this step */
  /* the policy's decision of the step */
  SemecP002Decision d;                                /* rho, p, f, mu (gain and interference set by the model) */
  PetscInt          choice;                           /* requested sub-channel */
  double            pref[SEMEC_P002_MAX_SUBCHANNELS]; /* preference for each sub-channel */
  /* what happened */
  PetscInt          assigned;                         /* sub-channel, or -1 */
  SemecP002Outcome  out;
  PetscBool         executed;                         /* a task was executed in this step */
} SemecP002UE;

/* Per-slot sums of a cell over the tasks executed in the slot. */
typedef struct {
  PetscInt64 tasks, offloaded, violations, unserved;
  double     qoe, reward, delay, energy_ue, energy_es, accuracy, mu;
} SemecP002SlotStats;

/* A cell's state (cell->model). */
typedef struct {
  SemecP002SlotStats slot;
  PetscInt64         drawn, executed, discarded; /* cumulative tasks: drawn = executed + discarded (left when an episode ended) + queued */
  /* test phase sums, for /eval and the summary */
  PetscInt64         test_tasks, test_episodes;
  double             test_qoe, test_delay, test_energy, test_accuracy, test_offloaded;
  /* training phase */
  PetscInt64         train_tasks;
  double             train_qoe;
} SemecP002Cell;

static inline SemecP002UE          *SemecP002UEOf(const SemecUE *ue) { return (SemecP002UE *)ue->model; }
static inline SemecP002Cell        *SemecP002CellOf(const SemecCell *cell) { return (SemecP002Cell *)cell->model; }
static inline const SemecP002Model *SemecP002ModelOf(const SemecModel *m) { return (const SemecP002Model *)m->data; }

extern const SemecModelOps SemecModelSemanticMultitask;

/* The modality of the current task of a UE (-1 if its queue is empty). */
static inline PetscInt SemecP002Current(const SemecP002UE *u) { return u->next < u->drawn ? u->modality[u->next] : -1; }

/* The slot phases (src/p002/phases.c). */
PetscErrorCode SemecP002PhaseScenario(SemecSim *sim, PetscInt t);
void           SemecP002PhaseClear(SemecModel *m, SemecCell *cell);
PetscErrorCode SemecP002PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t);
/* Co-channel power (W) the transmitting UEs of cell c put into BS k on
 * each sub-channel: p g G_k / G_own, the UE's power times its drawn gain g
 * on the sub-channel, scaled by its large-scale gain to BS k over that to
 * its own BS (path loss and shadowing, -chan_ options). */
void           SemecP002Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out);
PetscErrorCode SemecP002PhaseEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP002PhaseSettle(SemecSim *sim, PetscInt t);

#endif
