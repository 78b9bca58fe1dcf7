/* Paper 004's schemes (Sec. V-VI), the policies of -sim_model sequential_dnn
 * (src/p004/policies.c). */
#ifndef SEMEC_P004_POLICIES_H
#define SEMEC_P004_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyP004Proposed, SemecPolicyP004Binary, SemecPolicyP004Even, SemecPolicyP004Random;

#endif
