/* Paper 002's per-task model (Chen, Luo, Chen, Feng, Sun, "Online
 * multi-task offloading for semantic-aware edge computing systems"): one UE
 * executes its current task of modality M (text, image, VQA) either locally
 * or at the edge server (ES) after semantic extraction with factor mu; the
 * equations of Sec. II: rate (2), transmission latency (3), UE computation
 * (4), ES computation (5), task latency (6), energies (7)-(9), accuracy
 * (10), the logistic QoE (11), the constraints (12i)-(12k) and the reward
 * (13).  Everything is a pure function of the parameters, the UE's decision
 * and how many UEs of the cell offload in the step (the ES is shared
 * equally, (5) and (8)).  Units: SI (s, J, W, Hz, FLOP); the QoE slopes take
 * the latency in ms and the energy in J.
 *
 * Readings (docs/models.md, "Paper 002"; ../shared/specs/mappo.md B.7 gives
 * the reasons):
 *  - (2): g is the power gain of the assigned subchannel, drawn from Table
 *    II's range (0.1, 1) in the paper's setup;
 *  - (3)-(4): the exponents p and k of mu are options, default 1 (mu is the
 *    compression ratio of the transmitted volume and the extraction cost
 *    grows as 1/mu); mu = 1 means no extraction, (4)'s first case;
 *  - (5): t^S = l^S (sum rho) / c_s (the printed l^S c_s / sum rho is not a
 *    time); (8): E^S = kappa^S t^S (f_s / sum rho)^3 as printed;
 *  - (10): the paper's map f^M is not published; the default is separable,
 *    eps = eps^S_M mu^theta / (1 + exp(-a (10 lg nu - s_0))), or a measured
 *    table eps(mu, SNR dB) (SemecAccuracy with mu in its k column);
 *  - (11): local execution is the reference at a fixed frequency f_ref, so
 *    that local execution scores exactly 0.5 (Sec. IV); t^l = l^U/(o f_ref),
 *    E^l = kappa^U t^l f_ref^3;
 *  - (12j): E^max bounds the UE's energy E^U (the battery pays only that),
 *    and is off when 0;
 *  - (13): a step that violates constraints is rewarded with the sum of the
 *    violated terms, latency in ms, energy in J, accuracy as a fraction. */
#ifndef SEMEC_P002_TASK_H
#define SEMEC_P002_TASK_H
#include <semec/engine/compat.h>
#include <semec/semantic/accuracy.h>

typedef enum { SEMEC_P002_TEXT, SEMEC_P002_IMAGE, SEMEC_P002_VQA, SEMEC_P002_NMODALITIES } SemecP002Modality;
extern const char *const SemecP002ModalityNames[]; /* "text", "image", "vqa", NULL */

/* What a task of one modality costs and scores. */
typedef struct {
  double bits;        /* s_M: raw data of the task (bit) */
  double l_local;     /* l^U_M: local execution (FLOP) */
  double l_extract;   /* l^SE_M: basic semantic extraction on the UE (FLOP) */
  double l_server;    /* l^S_M: execution at the ES (FLOP) */
  double eps_local;   /* eps^l_M: accuracy of local execution */
  double eps_min;     /* eps_min of (12k) for this modality */
  /* default accuracy map at the ES, (10) */
  double eps_server;  /* eps^S_M: ceiling at mu = 1 and high SNR */
  double theta;       /* exponent of mu */
  double slope_db;    /* a (1/dB) */
  double mid_db;      /* s_0 (dB) */
  const SemecAccuracy *table; /* measured eps(mu, SNR dB), mu in the k column; NULL: the default map */
} SemecP002Task;

typedef struct {
  double bandwidth;   /* B, sub-channel bandwidth (Hz), Table II: 2 MHz */
  double noise_w;     /* sigma_z^2 (W), Table II: 2 mW */
  double o_ue, o_es;  /* FLOP per cycle of the UE and ES GPUs, Table II: 2, 4 */
  double f_es;        /* f_s (Hz), Table II: 3 GHz */
  double kappa_ue;    /* kappa^U, Table II: 1e-26 */
  double kappa_es;    /* kappa^S, Table II: 5e-27 */
  double mu_exp_tx;   /* p of (3), ours: 1 */
  double mu_exp_ext;  /* k of (4), ours: 1 */
  double f_ref;       /* reference local frequency of (11) (Hz), ours: f_max */
  double mu_min;      /* (12f), Table II: 0.3 */
  double p_min, p_max;/* (12g) (W), Table II: 10, 100 mW */
  double f_min, f_max;/* (12h) (Hz), Table II: 0.55, 1.0 GHz */
  double t_max;       /* (12i) (s), Table II: 5 ms */
  double e_max;       /* (12j) (J), 0 = off (not given) */
  double w_t, w_e, w_a;       /* omega_t, omega_e, omega_a of (11), summing to 1; Sec. IV: 1/3 each */
  double slope_t;     /* lambda of (11) (1/ms), ours: 0.3 */
  double slope_e;     /* beta of (11) (1/J), ours: 4 */
  double slope_a;     /* eta of (11), ours: 8 */
  SemecP002Task task[SEMEC_P002_NMODALITIES];
} SemecP002Params;

/* A UE's decision for its current task in one step. */
typedef struct {
  PetscBool offload; /* rho */
  double    p;       /* transmit power (W) */
  double    f;       /* local GPU frequency (Hz) */
  double    mu;      /* semantic extraction factor */
  double    gain;    /* power gain g of the assigned sub-channel (offload only) */
  double    interference; /* co-channel power received at the ES on that sub-channel (W): 0 in one cell */
} SemecP002Decision;

/* What the decision gives. */
typedef struct {
  double    snr, rate;             /* nu (linear; an SINR with interference), R of (2) (bit/s); 0 when local */
  double    t_tx, t_ue, t_es;      /* (3), (4), (5) (s) */
  double    t_task;                /* (6) (s) */
  double    e_ue, e_es, e_task;    /* (7), (8), (9) (J) */
  double    accuracy;              /* (10), or eps^l when local */
  double    qoe;                   /* (11), one task */
  double    reward;                /* (13) */
  PetscBool ok_time, ok_energy, ok_accuracy; /* (12i), (12j), (12k) */
} SemecP002Outcome;

/* Table II, Sec. IV and the documented completions (docs/models.md). */
void           SemecP002ParamsDefault(SemecP002Params *par);
/* Checks every parameter; errors name the parameter's option (-p002_...), value and range. */
PetscErrorCode SemecP002ParamsValidate(MPI_Comm comm, const SemecP002Params *par);

double SemecP002Rate(const SemecP002Params *par, double snr);                                      /* eq. (2): B log2(1 + SNR) */
double SemecP002Accuracy(const SemecP002Params *par, SemecP002Modality m, double mu, double snr); /* eq. (10) */
/* Local execution at f_ref, the reference of (11): latency (s) and energy (J). */
void   SemecP002LocalReference(const SemecP002Params *par, SemecP002Modality m, double *t_l, double *e_l);
/* The outcome of decision d for a task of modality m when noffload UEs of
 * the cell offload in the step (noffload >= 1 if d->offload).  The decision
 * must lie in its bounds (SemecP002DecisionCheck) and an offloaded one have
 * the positive gain of its sub-channel. */
void   SemecP002Evaluate(const SemecP002Params *par, SemecP002Modality m, const SemecP002Decision *d, PetscInt noffload, SemecP002Outcome *o);
/* PETSC_TRUE if f, and for an offloaded decision p and mu, lie within (12f)-(12h). */
PetscBool SemecP002DecisionCheck(const SemecP002Params *par, const SemecP002Decision *d);

/* One-to-one sub-channels (12c)-(12e) from the UEs' independent choices:
 * choice[i] in [0, nsub) is UE i's requested sub-channel and pref[i nsub +
 * k] its preference for sub-channel k (e.g. the policy's probabilities).
 * Offloading UEs are served first; among UEs requesting the same
 * sub-channel the one with the higher preference for it wins (ties: lower
 * index); a UE that lost takes the free sub-channel it prefers most (ties:
 * lower sub-channel).  Local UEs are then given the remaining sub-channels
 * the same way while any is free.  assigned[i] is the sub-channel, or -1
 * when none was left (an offloading UE then executes locally); *left counts
 * the offloading UEs left without one.  A choice outside [0, nsub) is an
 * error. */
PetscErrorCode SemecP002AssignSubchannels(PetscInt nue, PetscInt nsub, const PetscBool *offload, const PetscInt *choice, const double *pref, PetscInt *assigned,
                                          PetscInt *left);

#endif
