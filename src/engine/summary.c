/* End of run: the self-validation and performance table (CoMD's habit) and
 * the result checksum (XSBench's habit).  The engine prints the run, the
 * cloud, mobility, time, traffic and checksum lines; the execution model
 * prints its own lines and gives its conservation verdict.  The checksum hashes every recorded
 * cell metric with its (cell, slot) and adds the hashes, so it does not
 * depend on the rank count or the order of ranks: equal checksums for two
 * decompositions mean bit-identical /cells datasets. */
#include <semec/engine/sim.h>
#include <string.h>
#include <math.h>

static uint64_t Mix(uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void SemecChecksumSlot(SemecSim *sim, PetscInt t)
{
  PetscInt nm = sim->model->ops->nmetrics;

  for (PetscInt i = 0; i < sim->ncells; i++) {
    uint64_t h = Mix(((uint64_t)sim->cells[i].id << 32) ^ (uint64_t)t);
    for (PetscInt m = 0; m < nm; m++) {
      uint64_t b;
      memcpy(&b, &sim->values[i * nm + m], sizeof(b));
      h = Mix(h ^ b);
    }
    sim->checksum += h >> 32; /* 32-bit terms: the int64 sum cannot overflow */
  }
}

PetscErrorCode SemecSummaryPrint(SemecSim *sim, PetscBool aborted)
{
  MPI_Comm  comm = SemecCommWorld(sim->comm);
  int64_t   n[3] = {0, 0, 0};
  double    wall, bytes;
  double    cellslots = (double)sim->cfg.cells * (double)PetscMax(sim->slots_done, 1);
  PetscInt  size      = SemecCommSize(sim->comm);
  PetscBool ok, print = sim->cfg.summary;
  char      why[512] = "";

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&wall));
  wall -= sim->wall_start;
  for (PetscInt i = 0; i < sim->ncells; i++) n[0] += sim->cells[i].nue;
  n[1] = sim->ues_migrated;
  n[2] = (int64_t)sim->checksum;
  /* traffic of the slot loop, before the summary's own reductions */
  bytes = (double)SemecCommBytesSent(sim->comm) / (double)PetscMax(sim->slots_done, 1);
  PetscCall(SemecCommSumInt64(sim->comm, n, 3));
  PetscCall(SemecCommMaxDouble(sim->comm, &bytes, 1));
  /* every rank advanced its own copy of the cloud: they must agree exactly */
  double cs[10] = {(double)sim->cloud.backlog_tasks, (double)sim->cloud.backlog_cycles, (double)sim->cloud.in_flight, (double)sim->cloud.arrived_total,
                   (double)sim->cloud.completed_total};
  for (int j = 0; j < 5; j++) cs[5 + j] = -cs[j];
  PetscCall(SemecCommMaxDouble(sim->comm, cs, 10));
  PetscBool cloud_same = PETSC_TRUE;
  for (int j = 0; j < 5; j++) cloud_same = (PetscBool)(cloud_same && cs[j] == -cs[5 + j]);
  if (print)
    PetscCall(PetscPrintf(comm, "semec %s (%s): policy %s, %" PetscInt_FMT " cells on %d ranks, %" PetscInt64_FMT " UEs, %" PetscInt_FMT " of %" PetscInt_FMT " slots of %g s%s\n",
                          SEMEC_VERSION, SEMEC_GIT_COMMIT, sim->cfg.policy, sim->cfg.cells, (int)size, n[0], sim->slots_done, sim->cfg.slots,
                          (double)sim->cfg.slot_s, aborted ? " (ABORTED by signal)" : ""));
  PetscCall(sim->model->ops->summary(sim, n[0], print, &ok, why, sizeof(why)));
  if (print) {
    PetscCall(PetscPrintf(comm, "  cloud      %.10g tasks arrived, %.10g completed, backlog %.10g; state identical on all %d ranks: %s\n",
                          (double)sim->cloud.arrived_total * sim->cloud.unit, (double)sim->cloud.completed_total * sim->cloud.unit,
                          (double)sim->cloud.backlog_tasks * sim->cloud.unit, (int)size, cloud_same ? "yes" : "NO"));
    PetscCall(PetscPrintf(comm, "  mobility   %" PetscInt64_FMT " UE handovers\n", n[1]));
    PetscCall(PetscPrintf(comm, "  time       %.3f s wall, %.2f us per cell-slot per rank, %.0f cell-slots/s per rank\n", wall, 1e6 * wall * size / cellslots,
                          cellslots / (wall * size)));
    PetscCall(PetscPrintf(comm, "  traffic    %.0f bytes sent per slot by the busiest rank\n", bytes));
    PetscCall(PetscPrintf(comm, "  checksum   %016llx\n", (unsigned long long)n[2]));
    PetscCall(PetscPrintf(comm, "  output     %s\n", sim->cfg.output_file));
  }
  PetscCheck(cloud_same, comm, PETSC_ERR_PLIB, "the ranks' copies of the shared cloud differ at the end of the run");
  PetscCheck(ok, comm, PETSC_ERR_PLIB, "%s", why);
  PetscFunctionReturn(PETSC_SUCCESS);
}
