/* Paper 002's policies on the semantic_multitask model: local (every task on
 * the UE at f_ref: QoE 0.5 exactly) and exhaustive (the per-step search of
 * include/semec/p002/exhaustive.h) in src/p002/policies.c; mappo and
 * semantic_unaware (mu = 1) on the MAPPO learner in src/p002/mappo.c. */
#ifndef SEMEC_P002_POLICIES_H
#define SEMEC_P002_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyP002Local, SemecPolicyP002Exhaustive, SemecPolicyP002Mappo, SemecPolicyP002Unaware, SemecPolicyP002Dqn;

#endif
