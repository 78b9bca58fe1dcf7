/* Advantages and critic targets of a MAPPO rollout (API in
 * include/semec/learn/mappo.h): GAE, paper 002 eq. (23) (= paper 001 eq.
 * (23)), and the three readings of the critic target R_t of eq. (26).
 *
 * Why pure functions over arrays: the learner calls them once per agent and
 * update on that agent's stored steps, and the tests check them against a
 * direct sum of discounted TD residuals without building a learner.
 *
 * Conventions.  done_t means step t ended its episode (terminal: V after it
 * is 0), so a rollout may hold several episodes back to back and the sums
 * of (23) stop at the end of each episode, as the paper's finite sum to T
 * does.  A rollout cut in the middle of an episode (001's 256-step batches)
 * bootstraps with next_value = V(o_n).  Both papers end every episode at a
 * terminal step (001: queues empty or t = T; 002: t = T), so time-limit
 * truncation is treated as termination, as the papers do. */
#include <semec/learn/mappo.h>

const char *const SemecMAPPOReturnNames[] = {"mc", "td", "gae", NULL};

PetscErrorCode SemecMAPPOGAE(PetscInt n, const double *reward, const double *value, const PetscBool *done, double next_value, double gamma,
                             double lambda, double *adv)
{
  double next_adv = 0, vnext = next_value;

  PetscFunctionBeginUser;
  /* backwards: A_t = delta_t + gamma lambda (1 - done_t) A_{t+1}, the recursion of eq. (23) */
  for (PetscInt t = n - 1; t >= 0; t--) {
    double keep  = done[t] ? 0.0 : 1.0;
    double delta = reward[t] + gamma * vnext * keep - value[t]; /* paper 002 eq. (22) */
    next_adv     = delta + gamma * lambda * keep * next_adv;
    adv[t]       = next_adv;
    vnext        = value[t];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecMAPPOReturns(SemecMAPPOReturn kind, PetscInt n, const double *reward, const double *value, const PetscBool *done, double next_value,
                                 double gamma, const double *adv, double *ret)
{
  double next = next_value;

  PetscFunctionBeginUser;
  switch (kind) {
  case SEMEC_MAPPO_RETURN_MC: /* paper 002 eq. (14): discounted reward to the end of the episode */
    for (PetscInt t = n - 1; t >= 0; t--) {
      next   = reward[t] + gamma * (done[t] ? 0.0 : next);
      ret[t] = next;
    }
    break;
  case SEMEC_MAPPO_RETURN_TD: /* the one-step target r_t + gamma V(o_{t+1}) */
    for (PetscInt t = 0; t < n; t++) ret[t] = reward[t] + gamma * (done[t] ? 0.0 : (t + 1 < n ? value[t + 1] : next_value));
    break;
  case SEMEC_MAPPO_RETURN_GAE: /* lambda-return A_t + V_old(o_t) */
    for (PetscInt t = 0; t < n; t++) ret[t] = adv[t] + value[t];
    break;
  default: SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Unknown MAPPO return kind %d", (int)kind);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
