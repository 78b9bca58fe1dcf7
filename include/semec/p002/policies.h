/* Paper 002's policies on the semantic_multitask model (src/p002/policies.c):
 * local (every task on the UE at f_ref: QoE 0.5 exactly) and exhaustive
 * (the per-step search of include/semec/p002/exhaustive.h).  The learning
 * schemes (mappo, semantic_unaware, dqn) are still to come (issue 9). */
#ifndef SEMEC_P002_POLICIES_H
#define SEMEC_P002_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyP002Local, SemecPolicyP002Exhaustive;

#endif
