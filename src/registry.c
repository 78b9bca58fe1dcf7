/* The registries: every execution model, every policy and every generator
 * of task types that semec knows, by name.  This is the one file that names
 * them all (the composition root, like PETSc's KSPRegisterAll): the engine
 * finds models and policies only through these tables, so it includes no
 * paper's header.  Adding a paper adds its folder under src/ and its
 * entries here (docs/design.md, "Adding a paper"). */
#include <semec/tasks/model.h>
#include <semec/policies/baselines.h>
#include <semec/p003/eeoi.h>
#include <semec/p003/policies.h>
#include <semec/p000/model.h>
#include <semec/p000/policies.h>
#include <semec/p002/model.h>
#include <semec/p002/policies.h>
#include <semec/p001/model.h>
#include <semec/p001/policies.h>
#include <semec/p004/model.h>
#include <semec/p004/policies.h>

const SemecModelOps *const SemecModelRegistry[] = {
  &SemecModelTasks,        /* the default: discrete tasks (src/tasks/) */
  &SemecModelCloudEdgeEnd, /* paper 000 (src/p000/) */
  &SemecModelSemanticMultitask, /* paper 002 (src/p002/) */
  &SemecModelMultimodalQoE,     /* paper 001 (src/p001/) */
  &SemecModelSequentialDNN,     /* paper 004 (src/p004/) */
  NULL,
};

const SemecPolicyOps *const SemecPolicyRegistry[] = {
  /* tasks model: the baselines (src/policies/) */
  &SemecPolicyLocal, &SemecPolicyEdge, &SemecPolicyCloud, &SemecPolicyRandom, &SemecPolicyStrongest,
  /* tasks model: paper 003 (src/p003/) */
  &SemecPolicyBcd, &SemecPolicyLinear, &SemecPolicyFTM, &SemecPolicyFA, &SemecPolicyUC,
  /* cloud_edge_end model: paper 000 (src/p000/) */
  &SemecPolicyDrlh, &SemecPolicyExhaustive, &SemecPolicyP000Random,
  /* semantic_multitask model: paper 002 (src/p002/) */
  &SemecPolicyP002Local, &SemecPolicyP002Exhaustive, &SemecPolicyP002Mappo, &SemecPolicyP002Unaware, &SemecPolicyP002Dqn,
  /* multimodal_qoe model: paper 001 (src/p001/) */
  &SemecPolicyP001Local, &SemecPolicyP001Remote, &SemecPolicyP001Random, &SemecPolicyP001Mappo, &SemecPolicyP001Dqn, &SemecPolicyP001Ddqn,
  &SemecPolicyP001Exhaustive,
  /* sequential_dnn model: paper 004 (src/p004/) */
  &SemecPolicyP004Proposed, &SemecPolicyP004Binary, &SemecPolicyP004Even, &SemecPolicyP004Random,
  NULL,
};

const SemecTaskTypesOps *const SemecTaskTypesRegistry[] = {
  &SemecP003TaskTypes, /* -task_model eeoi */
  NULL,
};
