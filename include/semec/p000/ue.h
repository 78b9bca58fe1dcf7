/* Paper 000's per-UE, per-slot models (Ji & Qin, cloud-edge-end semantic-
 * aware offloading): task rates and queues (1)-(7), SNR (8)-(9), semantic
 * rate and accuracy (10)-(11), cloud transmit power (12), power (13),
 * virtual queues (15)-(16), the UE's term of the drift-plus-penalty
 * objective (22), and the closed-form solutions of the critic's
 * sub-problems (P3.1)-(P3.4) (Sec. IV-B, eqs. (26)-(29)).
 *
 * A task is one sentence of S words (machine translation); the hardware
 * requirement of a task is l = l^en + l^de FLOP, the Transformer counts of
 * paper 001 Appendix A (include/semec/semantic/transformer.h).  Task counts are real
 * numbers (the paper's fluid model: u^L, u^E, u^C, mu^E are "numbers of
 * tasks" per slot computed from frequencies).  Units: SI (s, Hz, W, FLOP,
 * cycle/s); powers are per slot, as in (13), whose sum the paper calls the
 * energy of the slot.
 *
 * Readings (docs/models.md lists them with the reasons):
 *  - (11) and (14f): the MEC link must deliver the accuracy
 *    eps = max{eps_min, u^E S k / (tau b^E)}; u^E > 0 then needs the SNR
 *    f^{-1}(k, eps) and p^{tx,E} = gamma b^E sigma^2 / |h^E|^2 (8); u^E = 0
 *    sends nothing (p^{tx,E} = 0).  Eq. (11) read as an equality would force
 *    u^E >= eps_min tau b / (S k) (9.4 tasks per slot with Tables I-II).
 *  - (12) lacks the "- 1" of Shannon's formula (p = 2^x sigma^2 b / |h|^2
 *    would spend power to send nothing; u_max^C of (27) has the 1):
 *    p^{tx,C} = (2^{u^C S k_0 / (tau b^C)} - 1) sigma^2 b^C / |h^C|^2.
 *  - (P3.1)'s feasible set adds the accuracy bound of (14f) at the highest
 *    transmit power: u^E <= tau b^E f(k, gamma^E(p_max)) / (S k), and 0 if
 *    f(k, gamma^E(p_max)) < eps_min (or gamma^E(p_max) lies below a measured
 *    table's lowest SNR).  Its objective, as the paper says,
 *    omits p^{tx,E}: the closed form solves (26) without it, and the value
 *    returned is that of the same problem; SemecP000Evaluate charges the
 *    real p^{tx,E} in (13) and (22).
 *  - Backlog weights: (22) weighs u^L and u^C by Q^L + Z^L, u^E by
 *    (Q^L + Z^L) - (Q^E + Z^E) and mu^E by Q^E + Z^E.  (P3.1) keeps these,
 *    but (P3.2) prints Q^L + Z^L - (u^E)* and (P3.3), (P3.4) drop Z^L, Z^E.
 *    SEMEC_P000_WEIGHTS_DRIFT (default) uses the weights of (22), so that the
 *    sub-problems are the parts of (P2); SEMEC_P000_WEIGHTS_PRINTED the
 *    printed ones.  They agree when Z = 0 (e.g. Q_max = inf, scenario II)
 *    apart from (P3.2)'s - (u^E)*.
 *  - (14h) f_i^E <= f_max^E per UE, as (P3.4) decomposes it.
 *  - The printed "stationary points" of (P3.2) and (P3.4) are called
 *    boundary points and (P3.1)'s max{min{.}} lacks its 0; the solutions
 *    are clamp(stationary point, 0, upper bound) of the convex problems.
 *  - The sub-problems run once in the paper's order (P3.1) -> (P3.2) ->
 *    (P3.3), (P3.4) independent, each with the previous optima fixed. */
#ifndef SEMEC_P000_H
#define SEMEC_P000_H
#include <semec/engine/compat.h>
#include <semec/semantic/accuracy.h>
#include <semec/semantic/transformer.h>

typedef enum {
  SEMEC_P000_WEIGHTS_DRIFT,  /* the backlog weights of (22) (default) */
  SEMEC_P000_WEIGHTS_PRINTED /* the weights printed in (27)-(29) */
} SemecP000Weights;

typedef struct {
  double tau;         /* slot length tau (s), Table I: 10 ms */
  double v;           /* Lyapunov weight v, Table I: 2 */
  /* task, Sec. II-B/C */
  double words;       /* S_i, words per sentence, Table I: 10 */
  double k;           /* k_i, semantic symbols per word, Table I: 24 */
  double k0;          /* k_0, bits per word of the source coding (MCC offloading, eq. (12)) */
  double l_en, l_de;  /* l^en, l^de (FLOP per task); l = l^en + l^de */
  /* UE */
  double n_local;     /* n_i^L, FLOP per cycle of the UE GPU, Table I: 2048 */
  double f_local_max; /* f_max^L (cycle/s), Table I: 1.2 GHz */
  double alpha_local; /* alpha^L, Table I: 5.787e-26 */
  /* MEC server */
  double n_edge;      /* n^E, Table I: 6912 */
  double f_edge_max;  /* f_max^E (per UE, (14h)), Table I: 1.41 GHz */
  double alpha_edge;  /* alpha^E, Table I: 4.45e-26 ("weighted") */
  double eta_edge;    /* eta^E of p^E = eta^E alpha^E (f^E)^3; Table I's alpha^E is already weighted: 1 */
  /* radio, Table II */
  double noise_psd;   /* sigma^2 (W/Hz): -174 dBm/Hz */
  double p_tx_max;    /* highest transmit power (W): 20 dBm */
  double eps_min;     /* eps_min of (14f), Table I: 0.9 */
  double q_max_local; /* Q_max^L (tasks; may be inf), Table I: 20 */
  double q_max_edge;  /* Q_max^E (tasks; may be inf), Table I: 5 */
  const SemecAccuracy *accuracy; /* eps = f(k, SNR) */
  SemecP000Weights     weights;
} SemecP000Params;

/* What UE i's slot t starts with: Theta_i(t), Lambda_i(t), the channels and
 * the offloading policy rho (the actor's choice). */
typedef struct {
  double    q_local, q_edge; /* Q_i^L(t), Q_i^E(t) (tasks) */
  double    z_local, z_edge; /* Z_i^L(t), Z_i^E(t), eqs. (15)-(16) */
  double    arrivals;        /* Lambda_i(t), tasks arriving in slot t */
  double    gain_edge;       /* |h_i^E|^2 = g^E |h~^E|^2 (eq. (8)) */
  double    gain_cloud;      /* |h_i^C|^2 = g^C psi^2 |h~^C|^2 (eq. (9)) */
  double    b_edge, b_cloud; /* b_i^E = BW^E / chi^E, b_i^C = BW^C / chi^C (Hz) */
  PetscBool rho_edge, rho_cloud; /* rho_i^E, rho_i^C */
} SemecP000State;

/* The UE's variables X_i(t) and what follows from them. */
typedef struct {
  /* variables (inputs of Evaluate) */
  double u_edge, u_cloud;   /* u_i^E, u_i^C (tasks) */
  double f_local, f_edge;   /* f_i^L, f_i^E (cycle/s) */
  /* derived by Evaluate */
  double f_enc;             /* f_i^en, eq. (6) */
  double u_local;           /* u_i^L, eq. (5) */
  double mu_local;          /* mu_i^L = u^L + u^E + u^C, eq. (1) */
  double mu_edge;           /* mu_i^E, eq. (7) */
  double eps;               /* accuracy the MEC link delivers, (11) with (14f); 0 if u^E = 0 */
  double snr_edge;          /* gamma_i^E at p^{tx,E}, eq. (8) */
  double snr_cloud;         /* gamma_i^C at p^{tx,C}, eq. (9) */
  double p_local;           /* p_i^L = alpha^L ((f^L)^3 + (f^en)^3) */
  double p_edge;            /* p_i^E = eta^E alpha^E (f^E)^3 */
  double p_tx_edge;         /* p_i^{tx,E} (inf if the accuracy is unattainable) */
  double p_tx_cloud;        /* p_i^{tx,C}, eq. (12) */
  double power;             /* UE i's term of (13) */
  double objective;         /* UE i's term of G, eq. (22) */
  PetscBool feasible;       /* (14f)-(14j), rho, p^tx <= p_max (relative tolerance 1e-9) */
} SemecP000Decision;

/* Optimum x and optimal value of a one-dimensional sub-problem. */
typedef struct {
  double x, value;
} SemecP000Opt;

/* Tables I-II with l^en, l^de from the Transformer t for S words and k
 * symbols per word, and the accuracy map acc; k_0 = 40 bit/word (ours: 5
 * ASCII characters of 8 bit, the paper gives none). */
void           SemecP000ParamsDefault(SemecP000Params *par, const SemecTransformer *t, const SemecAccuracy *acc);
PetscErrorCode SemecP000ParamsValidate(MPI_Comm comm, const SemecP000Params *par);

/* u^L = tau n^L f^L / l, eq. (5). */
double SemecP000LocalTasks(const SemecP000Params *par, double f_local);
/* u^E = tau n^L f^en / l^en, eq. (6), and its inverse f^en(u^E). */
double SemecP000EncodedTasks(const SemecP000Params *par, double f_enc);
double SemecP000EncoderFrequency(const SemecP000Params *par, double u_edge);
/* mu^E = tau n^E f^E / l^de, eq. (7). */
double SemecP000EdgeTasks(const SemecP000Params *par, double f_edge);
/* p^L = alpha^L (f^L)^3 + alpha^L (f^en)^3 (Sec. II-B). */
double SemecP000LocalPower(const SemecP000Params *par, double f_local, double f_enc);
/* p^E = eta^E alpha^E (f^E)^3 (Sec. II-B). */
double SemecP000EdgePower(const SemecP000Params *par, double f_edge);
/* gamma = p |h|^2 / (b sigma^2), eqs. (8)-(9). */
double SemecP000Snr(double p_tx, double gain, double bandwidth, double noise_psd);
/* Gamma = b eps / (S k), the semantic rate (tasks/s), eq. (10). */
double SemecP000SemanticRate(const SemecP000Params *par, double bandwidth, double eps);
/* The accuracy the MEC link must deliver to offload u^E tasks in the slot:
 * max{eps_min, u^E S k / (tau b^E)} (eq. (11) with (14f)); 0 if u^E = 0. */
double SemecP000RequiredAccuracy(const SemecP000Params *par, double b_edge, double u_edge);
/* p^{tx,E}: SNR f^{-1}(k, eps) of that accuracy, power by (8); 0 if u^E = 0,
 * inf if the accuracy is unattainable or there is no channel. */
double SemecP000EdgeTxPower(const SemecP000Params *par, const SemecP000State *st, double u_edge);
/* p^{tx,C} = (2^{u^C S k_0 / (tau b^C)} - 1) sigma^2 b^C / |h^C|^2, eq. (12) (with the Shannon "- 1"). */
double SemecP000CloudTxPower(const SemecP000Params *par, const SemecP000State *st, double u_cloud);
/* Upper bound of (P3.1): min{Q^L, u_max^E = tau f_max^L n^L / l^en, the
 * accuracy bound at p_max}; 0 if rho^E = 0. */
double SemecP000EdgeVolumeMax(const SemecP000Params *par, const SemecP000State *st);
/* u_max^C = tau b^C / (S k_0) log2(1 + p_max |h^C|^2 / (b^C sigma^2)), below (27); 0 if rho^C = 0. */
double SemecP000CloudVolumeMax(const SemecP000Params *par, const SemecP000State *st);

/* Fills the derived fields of d from its variables: rates (5)-(7),
 * accuracy (11), powers (8)-(9), (12), (13), the objective term (22) and
 * feasibility. */
void SemecP000Evaluate(const SemecP000Params *par, const SemecP000State *st, SemecP000Decision *d);

/* (P3.1), eq. (26): min over 0 <= u <= EdgeVolumeMax of
 *   -w u + v alpha^L (u l^en / (tau n^L))^3,  w = Q^L + Z^L - Q^E - Z^E;
 * u* = 0 if w <= 0, else min{sqrt((tau n^L / l^en)^3 w / (3 v alpha^L)), bound}. */
SemecP000Opt SemecP000SolveP31(const SemecP000Params *par, const SemecP000State *st);
/* (P3.2), eq. (27): min over 0 <= u <= min{Q^L - u^E*, u_max^C} of
 *   -w u + v p^{tx,C}(u),  w = Q^L + Z^L (DRIFT) or Q^L + Z^L - u^E* (PRINTED);
 * u* = clamp(tau b^C / (S k_0) log2(w tau |h^C|^2 / (ln 2 v S k_0 sigma^2)), 0, bound). */
SemecP000Opt SemecP000SolveP32(const SemecP000Params *par, const SemecP000State *st, double u_edge);
/* (P3.3), eq. (28): min over 0 <= f <= min{f_max^L - f^en, (Q^L - u^E* - u^C*) l / (tau n^L)} of
 *   -w tau n^L f / l + v alpha^L f^3,  w = Q^L + Z^L (DRIFT) or Q^L (PRINTED);
 * f* = min{sqrt(w tau n^L / (3 v l alpha^L)), bound} (0 if w <= 0). */
SemecP000Opt SemecP000SolveP33(const SemecP000Params *par, const SemecP000State *st, double u_edge, double u_cloud);
/* (P3.4), eq. (29): min over 0 <= f <= min{f_max^E, Q^E l^de / (tau n^E)} of
 *   -w tau n^E f / l^de + v eta^E alpha^E f^3,  w = Q^E + Z^E (DRIFT) or Q^E (PRINTED);
 * f* = min{sqrt(w tau n^E / (3 v l^de eta^E alpha^E)), bound} (0 if w <= 0). */
SemecP000Opt SemecP000SolveP34(const SemecP000Params *par, const SemecP000State *st);

/* The critic's model-based step for one UE (Sec. IV-B): (P3.1), (P3.2),
 * (P3.3), (P3.4) in order, then Evaluate; d->objective is the UE's term of
 * J*(rho, Xi) (eq. (22) at the solution, p^{tx,E} included). */
void SemecP000Solve(const SemecP000Params *par, const SemecP000State *st, SemecP000Decision *d);

/* End of slot t: Q^L (1), Q^E (2) with Lambda(t) = st->arrivals, then
 * Z^L (15), Z^E (16) from the new queues. */
void SemecP000Advance(const SemecP000Params *par, SemecP000State *st, const SemecP000Decision *d);

#endif
