/* Paper 001's execution model (-sim_model multimodal_qoe): every cell is the
 * paper's edge server (ES) with I UEs (-geom_ues_per_cell, 4), each with a
 * fixed modality (-p001_modalities, by UE index in the cell: text, image,
 * vqa, vqa), a queue of d tasks (-p001_queue_length, 10) and a battery.
 * include/semec/p001/task.h has the equations.
 *
 * Episodes (include/semec/engine/clock.h, -sim_episode_length T): at step 0
 * every UE is dropped afresh (uniform in the annulus -geom_r_min ..
 * -geom_r_max around its ES, keyed by the episode), its queue refilled
 * (sentence lengths drawn uniformly in -p001_words_min .. -p001_words_max)
 * and its battery charged (full in test episodes; uniform in [0.1, 1]
 * B_max in training episodes with -p001_battery_train random).  Every step
 * draws |h|^2 ~ Exp(1) per UE.  Draws are keyed by (phase, episode, step),
 * so every scheme sees the same test episodes.
 *
 * A step: every UE with a task decides rho, bhat, p and f; the ES shares BW
 * over the offloading UEs by (12); a task that meets (11b), (11g) and (11h)
 * leaves the queue, a failed one is retried in the next step; the battery
 * pays E_i (8).  A cell's episode ends when every queue is empty (step t_0)
 * or at step T; the terminal reward (14) joins the team reward of that
 * step; a cell that finished early idles until the engine's episode ends.
 *
 * Multi-cell (-chan_interference with more than one cell): the shares are
 * quantised to the cell's -chan_subcarriers (SemecP001Quantise), each UE's
 * subcarriers are contiguous from subcarrier 0 in UE order, and the UEs of
 * neighbouring cells on the same subcarriers raise the SINR's noise floor
 * through the engine's exchange (SemecP001Contribution).  With one cell, or
 * without interference, the continuous shares of (12) apply: the paper. */
#ifndef SEMEC_P001_MODEL_H
#define SEMEC_P001_MODEL_H
#include <semec/engine/model.h>
#include <semec/engine/clock.h>
#include <semec/p001/task.h>

#define SEMEC_P001_MAX_UES   SEMEC_P001_MAX_CELL_UES
#define SEMEC_P001_MAX_QUEUE 1024

typedef enum { SEMEC_P001_PREF_FIXED, SEMEC_P001_PREF_DYNAMIC } SemecP001PreferenceKind;

typedef struct {
  SemecP001Params         par;
  SemecAccuracy           table[2];      /* -p001_accuracy_table_text / _image */
  PetscBool               has_table[2];
  SemecP001Task           nominal[SEMEC_P001_NMODALITIES]; /* every sentence of S^T words: E_0 of B_max and (14) */
  PetscInt                queue;         /* d, tasks per UE and episode */
  PetscInt                nmod;          /* modalities given by -p001_modalities */
  PetscInt                modalities[SEMEC_P001_MAX_UES];
  PetscInt                words_min, words_max;
  SemecP001PreferenceKind preference;
  double                  beta;          /* fixed preference beta^f */
  double                  battery_tasks; /* B_max = battery_tasks d E_0 (nominal task) */
  PetscBool               battery_train_random;
  PetscBool               quantise;      /* shares on subcarriers: several cells with interference */
  PetscInt                nsub;
  PetscInt                seed;
} SemecP001Model;

/* A UE's state (ue->model). */
typedef struct {
  PetscInt          modality;
  PetscInt          queue;                  /* d_i(t), tasks left */
  PetscInt          next;                   /* index of the head task in the episode's queue */
  SemecP001Task     head;                   /* the head task (drawn from its key when it comes to the head) */
  double            battery, battery_max;   /* B_i(t), B_max (J) */
  double            fading;                 /* |h_i|^2 of the step */
  double            dx, dy;                 /* position relative to the ES (m) */
  /* the policy's decision of the step */
  PetscBool         offload;                /* rho */
  double            bhat, p, f;             /* bandwidth request of (12), W, Hz */
  /* set by the model after the decision */
  SemecP001Decision d;
  PetscInt          sub0, nsub;             /* subcarriers [sub0, sub0 + nsub) (quantised shares) */
  SemecP001Outcome  out;
  PetscBool         attempted;              /* a task was attempted in this step */
} SemecP001UE;

/* Per-slot sums of a cell. */
typedef struct {
  PetscInt64 attempts, successes, fail_accuracy, fail_latency, fail_energy, offloaded;
  double     qoe, reward, terminal, energy, energy_es, accuracy, episode_return;
  PetscBool  ended; /* the cell's episode ended in this slot */
} SemecP001SlotStats;

/* A cell's state (cell->model). */
typedef struct {
  SemecP001SlotStats slot;
  PetscBool          active;        /* its episode runs (some queue is not empty) */
  PetscInt           steps;         /* steps of the current episode so far */
  double             qoe_episode;   /* sum over the episode's steps of the successful QoE */
  double             return_episode;/* team reward summed over the episode, terminal included */
  double             energy_episode;/* UE energy of the episode so far (J) */
  PetscInt64         drawn, done, discarded; /* tasks: drawn = done + discarded (left at an episode's end) + queued */
  /* test phase, for /eval */
  PetscInt64         test_episodes, test_completed;
  double             test_qbar, test_steps, test_steps_completed, test_energy;
} SemecP001Cell;

static inline SemecP001UE          *SemecP001UEOf(const SemecUE *ue) { return (SemecP001UE *)ue->model; }
static inline SemecP001Cell        *SemecP001CellOf(const SemecCell *cell) { return (SemecP001Cell *)cell->model; }
static inline const SemecP001Model *SemecP001ModelOf(const SemecModel *m) { return (const SemecP001Model *)m->data; }
/* The head task of a UE, or NULL if its queue is empty. */
static inline const SemecP001Task *SemecP001Head(const SemecP001UE *u) { return u->queue > 0 ? &u->head : NULL; }
/* The preference beta of a UE now: fixed, or (28) from its battery. */
static inline double SemecP001Beta(const SemecP001Model *pm, const SemecP001UE *u)
{
  return pm->preference == SEMEC_P001_PREF_FIXED ? pm->beta : SemecP001Preference(u->battery, u->battery_max);
}

extern const SemecModelOps SemecModelMultimodalQoE;

/* The slot phases (src/p001/phases.c). */
PetscErrorCode SemecP001PhaseScenario(SemecSim *sim, PetscInt t);
void           SemecP001PhaseClear(SemecModel *m, SemecCell *cell);
PetscErrorCode SemecP001PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t);
void           SemecP001Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out);
PetscErrorCode SemecP001PhaseEvaluate(SemecSim *sim, PetscInt t);
PetscErrorCode SemecP001PhaseSettle(SemecSim *sim, PetscInt t);

/* The step's bandwidth of every UE of a cell from the decisions (offload,
 * bhat) set by a policy: (12), quantised when the model says so; fills
 * d.offload, d.b, sub0, nsub of each UE and cell->sub_owner.  An offload
 * by a UE without a task is cleared. */
void SemecP001ShareBand(const SemecP001Model *pm, SemecCell *cell);

#endif
