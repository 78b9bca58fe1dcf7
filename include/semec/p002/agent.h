/* What a learning agent of paper 002 sees and earns (Sec. III-A), shared by
 * the MAPPO and DQN schemes (src/p002/mappo.c, src/p002/dqn.c):
 *   observation o_n = {g_{1,n}, ..., g_{K,n}, l^U_n / l^S_max, l^S_n / l^S_max}
 *   (the loads of the UE's current task scaled by the largest ES load of
 *   the modalities; zeros when its queue is empty), K + 2 numbers;
 *   reward: the cell's team reward r_t = sum_n r_n of (13) over the UEs
 *   that executed a task in the step. */
#ifndef SEMEC_P002_AGENT_H
#define SEMEC_P002_AGENT_H
#include <semec/p002/model.h>

/* Writes UE u's observation (nsub + 2 numbers) into o. */
void   SemecP002Observe(const SemecP002Model *pm, const SemecCell *cell, PetscInt u, double *o);
/* The cell's team reward of the step just evaluated. */
double SemecP002TeamReward(const SemecCell *cell);

#endif
