/* Paper 000's policies (src/p000/drlh.c), on the cloud_edge_end model:
 * drlh, exhaustive and random. */
#ifndef SEMEC_P000_POLICIES_H
#define SEMEC_P000_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyDrlh, SemecPolicyExhaustive, SemecPolicyP000Random;

#endif
