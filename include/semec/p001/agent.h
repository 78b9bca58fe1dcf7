/* What a learning agent of paper 001 sees and earns (Sec. IV-A), shared by
 * the MAPPO and DQN schemes (src/p001/mappo.c, src/p001/dqn.c):
 *   observation o_i = {s_i, E_i^max, t_i} read as 9 numbers
 *   (../shared/specs/mappo.md A.2): the UE's position relative to its ES
 *   over -geom_r_max (2), its battery B_i / B_max, its queue d_i / d, the
 *   one-hot of its modality (3), the step over T, and its distance to the
 *   ES over -geom_r_max (a function of the location s_i that the networks
 *   would otherwise have to learn; it speeds up learning).  No channel
 *   state: the agents decide without CSI;
 *   action {rho_i, bhat_i, p_i, f_i}: rho from a categorical head, (u_b,
 *   u_p, u_f) in [-1, 1]^3 onto bhat = 3 u_b, p linear in dBm over
 *   [p_min, p_max], f linear over [f_min, f_max] (SemecP001ApplyBox);
 *   reward: the cell's team reward r_t = sum_i r_i (13), with (14) at the
 *   cell's last step of the episode. */
#ifndef SEMEC_P001_AGENT_H
#define SEMEC_P001_AGENT_H
#include <semec/p001/model.h>

#define SEMEC_P001_NOBS 9
#define SEMEC_P001_BHAT_SCALE 3.0 /* bhat = 3 u_b: shares within a ratio e^6 */

/* Writes UE u's observation (SEMEC_P001_NOBS numbers) at clock c into o. */
void   SemecP001Observe(const SemecP001Model *pm, const SemecConfig *cfg, const SemecClock *c, const SemecCell *cell, PetscInt u, double *o);
/* Sets UE u's decision from rho and a box action u3 in [-1, 1]^3. */
void   SemecP001ApplyBox(const SemecP001Model *pm, SemecP001UE *pu, PetscBool offload, const double *u3);
/* The cell's team reward of the step just evaluated (terminal included). */
static inline double SemecP001TeamReward(const SemecCell *cell) { return SemecP001CellOf(cell)->slot.reward; }
/* PETSC_TRUE if the cell's episode ran in the step just evaluated. */
static inline PetscBool SemecP001Stepped(const SemecCell *cell) { return (PetscBool)(SemecP001CellOf(cell)->slot.attempts > 0); }
/* PETSC_TRUE if the cell's episode ended in the step just evaluated. */
static inline PetscBool SemecP001Ended(const SemecCell *cell) { return SemecP001CellOf(cell)->slot.ended; }

#endif
