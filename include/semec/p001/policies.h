/* Paper 001's schemes (Sec. V-A), the policies of -sim_model multimodal_qoe. */
#ifndef SEMEC_P001_POLICIES_H
#define SEMEC_P001_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyP001Local, SemecPolicyP001Remote, SemecPolicyP001Random; /* src/p001/policies.c */
extern const SemecPolicyOps SemecPolicyP001Mappo;                                               /* src/p001/mappo.c */
extern const SemecPolicyOps SemecPolicyP001Dqn, SemecPolicyP001Ddqn;                            /* src/p001/dqn.c */
extern const SemecPolicyOps SemecPolicyP001Exhaustive;                                          /* src/p001/exhaustive.c */

#endif
