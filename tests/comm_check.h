/* MPI helpers for semec's C unit tests: a communication module over
 * PETSC_COMM_WORLD with one cell per rank and no neighbours, and a check
 * that a vector holds the same bits on every rank (shared RL weights under
 * -rl_sync allreduce).  Shared by unit_nn.c, unit_mappo.c and unit_dqn.c. */
#ifndef SEMEC_TEST_COMM_CHECK_H
#define SEMEC_TEST_COMM_CHECK_H
#include <semec/engine/comm.h>
#include <string.h>

static PetscErrorCode MakeComm(SemecComm **comm, PetscMPIInt *size)
{
  SemecConfig   cfg;
  SemecTopology topo;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, size));
  memset(&cfg, 0, sizeof(cfg));
  memset(&topo, 0, sizeof(topo));
  cfg.cells_per_rank = 1;
  cfg.cells          = *size;
  topo.ncells        = *size;
  PetscCall(PetscCalloc2(*size + 1, &topo.nbr_start, 1, &topo.nbr));
  PetscCall(SemecCommCreate(PETSC_COMM_WORLD, &cfg, &topo, comm));
  PetscCall(PetscFree2(topo.nbr_start, topo.nbr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* *same: v [n] is bit-identical on every rank (max of v and of -v agree). */
static PetscErrorCode AllRanksEqual(SemecComm *comm, const double *v, PetscInt n, PetscBool *same)
{
  double *mx, *mn;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(n, &mx, n, &mn));
  for (PetscInt i = 0; i < n; i++) {
    mx[i] = v[i];
    mn[i] = -v[i];
  }
  PetscCall(SemecCommMaxDouble(comm, mx, (int)n));
  PetscCall(SemecCommMaxDouble(comm, mn, (int)n));
  *same = PETSC_TRUE;
  for (PetscInt i = 0; i < n; i++)
    if (mx[i] != -mn[i] || mx[i] != v[i]) *same = PETSC_FALSE;
  PetscCall(PetscFree2(mx, mn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#endif
