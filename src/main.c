static const char help[] = "semec: semantic-aware task offloading in multi-cell mobile edge computing.\n"
                           "Usage: mpiexec -n R semec -options_file inputs/default.opts [-option value ...]\n\n";

#include <semec/engine/sim.h>

int main(int argc, char **argv)
{
  SemecSim *sim;
  PetscBool stop = PETSC_FALSE, help_only;

  PetscCall(SemecInitialize(&argc, &argv, help));
  PetscCall(PetscOptionsHasHelp(NULL, &help_only));
  if (help_only) {
    PetscCall(SemecHelp(PETSC_COMM_WORLD));
    PetscCall(PetscFinalize());
    return 0;
  }
  PetscCall(SemecSimCreate(PETSC_COMM_WORLD, &sim));
  for (PetscInt t = 0; t < sim->cfg.slots && !stop; t++) {
    PetscCall(SemecScenarioAdvance(sim, t));
    PetscCall(SemecPolicyDecide(sim, t));
    PetscCall(SemecExchangeInterference(sim, t));
    PetscCall(SemecCommitDecisions(sim, t));
    PetscCall(SemecEvaluate(sim, t));
    PetscCall(SemecExchangeCloud(sim, t));
    PetscCall(SemecPolicyLearn(sim, t));
    PetscCall(SemecOutputSlot(sim, t));
    PetscCall(SemecSimStopRequested(sim, t, &stop));
  }
  PetscCall(SemecSimFinish(sim, stop));
  PetscCall(SemecSimDestroy(&sim));
  PetscCall(PetscFinalize());
  return stop ? 3 : 0;
}
