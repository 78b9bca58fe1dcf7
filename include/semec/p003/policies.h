/* Paper 003's policies (src/p003/bcd.c), on the tasks model: bcd
 * (Algorithm 4) and its comparison schemes linear, ftm, fa, uc. */
#ifndef SEMEC_P003_POLICIES_H
#define SEMEC_P003_POLICIES_H
#include <semec/engine/policy.h>

extern const SemecPolicyOps SemecPolicyBcd, SemecPolicyLinear, SemecPolicyFTM, SemecPolicyFA, SemecPolicyUC;

#endif
