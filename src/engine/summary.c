/* End of run: the self-validation and performance table (CoMD's habit) and
 * the result checksum (XSBench's habit).  The checksum hashes every recorded
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
  for (PetscInt i = 0; i < sim->ncells; i++) {
    uint64_t h = Mix(((uint64_t)sim->cells[i].id << 32) ^ (uint64_t)t);
    for (int m = 0; m < SEMEC_CM_COUNT; m++) {
      if (!SemecCellMetricUsed((SemecCellMetric)m, sim->cfg.model)) continue;
      double   v = SemecCellMetricValue(&sim->cells[i], (SemecCellMetric)m);
      uint64_t b;
      memcpy(&b, &v, sizeof(b));
      h = Mix(h ^ b);
    }
    sim->checksum += h >> 32; /* 32-bit terms: the int64 sum cannot overflow */
  }
}

PetscErrorCode SemecSummaryPrint(SemecSim *sim, PetscBool aborted)
{
  MPI_Comm comm = SemecCommWorld(sim->comm);
  int64_t  n[9] = {0};
  double   d[2] = {0, 0}, wall, bytes;
  double   cellslots = (double)sim->cfg.cells * (double)PetscMax(sim->slots_done, 1);
  PetscInt size = SemecCommSize(sim->comm);

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&wall));
  wall -= sim->wall_start;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell *c = &sim->cells[i];
    n[0] += c->arrived;
    n[1] += c->completed;
    n[2] += c->dropped;
    n[3] += SemecCellBacklog(c);
    n[4] += c->migrated_in;
    n[5] += c->migrated_out;
    n[6] += c->nue;
    d[0] += c->energy_j;
    d[1] += c->delay_sum_s;
  }
  n[7] = sim->ues_migrated;
  n[8] = (int64_t)sim->checksum;
  /* traffic of the slot loop, before the summary's own reductions */
  bytes = (double)SemecCommBytesSent(sim->comm) / (double)PetscMax(sim->slots_done, 1);
  /* paper 000's model: fluid task amounts and the objective (22) */
  double f[5] = {0, 0, 0, 0, 0};
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell *c = &sim->cells[i];
    f[0] += c->cee_arrived;
    f[1] += c->cee_left;
    for (PetscInt u = 0; c->fluid && u < c->nue; u++) f[2] += c->ues[u].cee->q_local + c->ues[u].cee->q_edge;
    f[3] += c->cee_objective;
  }
  PetscCall(SemecCommSumInt64(sim->comm, n, 9));
  PetscCall(SemecCommSumDouble(sim->comm, d, 2));
  PetscCall(SemecCommSumDouble(sim->comm, f, 4));
  PetscCall(SemecCommMaxDouble(sim->comm, &bytes, 1));
  PetscBool fluid = (PetscBool)(sim->cfg.model == SEMEC_MODEL_CEE);
  PetscBool ok    = fluid ? (PetscBool)(fabs(f[0] - f[1] - f[2]) <= 1e-9 * PetscMax(1.0, f[0])) : (PetscBool)(n[0] == n[1] + n[2] + n[3] && n[4] == n[5]);
  /* every rank advanced its own copy of the cloud: they must agree exactly */
  double cs[10] = {(double)sim->cloud.backlog_tasks, (double)sim->cloud.backlog_cycles, (double)sim->cloud.in_flight, (double)sim->cloud.arrived_total,
                   (double)sim->cloud.completed_total};
  for (int j = 0; j < 5; j++) cs[5 + j] = -cs[j];
  PetscCall(SemecCommMaxDouble(sim->comm, cs, 10));
  PetscBool cloud_same = PETSC_TRUE;
  for (int j = 0; j < 5; j++) cloud_same = (PetscBool)(cloud_same && cs[j] == -cs[5 + j]);
  if (sim->cfg.summary) {
    PetscCall(PetscPrintf(comm, "semec %s (%s): policy %s, %" PetscInt_FMT " cells on %d ranks, %" PetscInt64_FMT " UEs, %" PetscInt_FMT " of %" PetscInt_FMT " slots of %g s%s\n",
                          SEMEC_VERSION, SEMEC_GIT_COMMIT, sim->cfg.policy, sim->cfg.cells, (int)size, n[6], sim->slots_done, sim->cfg.slots,
                          (double)sim->cfg.slot_s, aborted ? " (ABORTED by signal)" : ""));
    if (fluid) {
      const SemecP000Params *par = &sim->cee.par;
      PetscCall(PetscPrintf(comm, "  model      paper 000: l^en %.4g + l^de %.4g FLOP per task, b^E %.4g Hz, b^C %.4g Hz, v %g\n", par->l_en, par->l_de,
                            sim->cee.b_edge, sim->cee.b_cloud, par->v));
      PetscCall(PetscPrintf(comm, "  tasks      arrived %.6g, executed or sent to the cloud %.6g, queued %.6g (%.4g per UE)\n", f[0], f[1], f[2],
                            n[6] ? f[2] / (double)n[6] : 0.0));
      PetscCall(PetscPrintf(comm, "  check      arrived = executed + sent to the cloud + queued: %s\n", ok ? "OK" : "VIOLATED"));
      PetscCall(PetscPrintf(comm, "  energy     %.6g J in total, %.6g W mean power (13) per cell, mean objective (22) %.6g per cell-slot\n", d[0],
                            d[0] / cellslots / sim->cfg.slot_s, f[3] / cellslots));
    } else {
      PetscCall(PetscPrintf(comm, "  tasks      arrived %" PetscInt64_FMT ", completed %" PetscInt64_FMT ", dropped %" PetscInt64_FMT ", backlog %" PetscInt64_FMT "\n",
                            n[0], n[1], n[2], n[3]));
      PetscCall(PetscPrintf(comm, "  check      arrived = completed + dropped + backlog: %s\n", ok ? "OK" : "VIOLATED"));
      PetscCall(PetscPrintf(comm, "  energy     %.6g J in total, %.6g J per cell-slot\n", d[0], d[0] / cellslots));
      PetscCall(PetscPrintf(comm, "  delay      %.6g s mean over completed tasks\n", n[1] ? d[1] / (double)n[1] : 0.0));
    }
    PetscCall(PetscPrintf(comm, "  cloud      %.10g tasks arrived, %.10g completed, backlog %.10g; state identical on all %d ranks: %s\n",
                          (double)sim->cloud.arrived_total * sim->cloud.unit, (double)sim->cloud.completed_total * sim->cloud.unit,
                          (double)sim->cloud.backlog_tasks * sim->cloud.unit, (int)size, cloud_same ? "yes" : "NO"));
    PetscCall(PetscPrintf(comm, "  mobility   %" PetscInt64_FMT " UE handovers\n", n[7]));
    PetscCall(PetscPrintf(comm, "  time       %.3f s wall, %.2f us per cell-slot per rank, %.0f cell-slots/s per rank\n", wall, 1e6 * wall * size / cellslots,
                          cellslots / (wall * size)));
    PetscCall(PetscPrintf(comm, "  traffic    %.0f bytes sent per slot by the busiest rank\n", bytes));
    PetscCall(PetscPrintf(comm, "  checksum   %016llx\n", (unsigned long long)n[8]));
    PetscCall(PetscPrintf(comm, "  output     %s\n", sim->cfg.output_file));
  }
  PetscCheck(cloud_same, comm, PETSC_ERR_PLIB, "the ranks' copies of the shared cloud differ at the end of the run");
  PetscCheck(ok || !fluid, comm, PETSC_ERR_PLIB, "task conservation violated network-wide: arrived %.17g != executed or sent to the cloud %.17g + queued %.17g", f[0], f[1], f[2]);
  PetscCheck(ok, comm, PETSC_ERR_PLIB, "task conservation violated network-wide: arrived %" PetscInt64_FMT " != completed %" PetscInt64_FMT " + dropped %" PetscInt64_FMT " + backlog %" PetscInt64_FMT,
             n[0], n[1], n[2], n[3]);
  PetscFunctionReturn(PETSC_SUCCESS);
}
