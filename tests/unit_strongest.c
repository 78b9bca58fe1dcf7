/* Policy strongest (src/policies/strongest.c) on a constructed three-cell
 * geometry: a UE re-associates to the neighbour BS with the largest
 * large-scale gain when that gain beats the serving BS's by more than
 * -strongest_hysteresis, and stays otherwise.
 *
 * BS 0 at (0,0), BS 1 at (600,0), BS 2 at (0,600); p003 path loss (paper 003
 * eq. (27), F = 2400 MHz), no shadowing, no fading; hysteresis 2 dB.
 * L(d) = 42.6 + 26 lg(d/1000) + 20 lg 2400, so the advantage of BS j over the
 * serving BS 0 is L(d0) - L(dj) = 26 lg(d0/dj) dB.  The six UEs of cell 0:
 *
 *   UE  position    d0        d1        d2        adv BS1   adv BS2   choice
 *   0   (100, 50)   111.8034  502.4938  559.0170  -16.970   -18.173   0 (both weaker)
 *   1   (320, 0)    320.0000  280.0000  680.0000   +1.508    -8.511   0 (BS1 stronger, by < 2 dB)
 *   2   (450, 100)  460.9772  180.2776  672.6812  +10.601    -4.267   1
 *   3   (250, 400)  471.6991  531.5073  320.1562   -1.348    +4.376   2
 *   4   (520, 450)  687.6772  457.0558  541.2024   +4.613    +2.705   1 (both beat 2 dB, BS1 the stronger)
 *   5   (450, 520)  687.6772  541.2024  457.0558   +2.705    +4.613   2 (both beat 2 dB, BS2 the stronger)
 *
 * e.g. UE 1: 26 lg(320/280) = 26 x 0.0579919 = 1.5078 dB < 2 dB; UE 4:
 * d0 = sqrt(520^2 + 450^2) = sqrt(472900), d1 = sqrt(80^2 + 450^2) =
 * sqrt(208900), 26 lg(d0/d1) = 13 lg(472900/208900) = 13 x 0.354836 = 4.613 dB.
 * With hysteresis 5 dB only UE 2 (10.6 dB) moves; with 0 dB UE 1 moves too. */
#include <semec/engine/sim.h>
#include <semec/tasks/model.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static char OutFile[PETSC_MAX_PATH_LEN];

static const double UeX[6] = {100, 320, 450, 250, 520, 450}, UeY[6] = {50, 0, 100, 400, 450, 520};

static PetscErrorCode CreateSim(SemecSim **sim)
{
  const char *const opts[][2] = {
    {"-sim_cells", "3"}, {"-sim_cells_per_rank", "3"}, {"-sim_slots", "1"}, {"-policy", "strongest"}, {"-strongest_hysteresis", "2"},
    {"-geom_layout", "list"}, {"-geom_bs_positions", "0,0,600,0,0,600"}, {"-geom_ues_per_cell", "6"},
    {"-chan_fading", "none"}, {"-chan_shadowing_std", "0"}, {"-chan_pathloss", "p003"}, {"-chan_carrier_frequency", "2400"},
    {"-chan_interference_radius", "2000"}, {"-geom_ue_speed", "0"},
    {"-output_file", OutFile}, {"-output_overwrite", "true"}, {"-sim_summary", "false"},
  };

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) PetscCall(PetscOptionsSetValue(NULL, opts[i][0], opts[i][1]));
  PetscCall(SemecSimCreate(PETSC_COMM_WORLD, sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Places the UEs of cell 0 as in the header and refreshes their cached gains. */
static PetscErrorCode Place(SemecSim *sim)
{
  SemecCell *c0 = &sim->cells[0];

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < 6; u++) {
    c0->ues[u].x = UeX[u];
    c0->ues[u].y = UeY[u];
    PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, c0->id, &c0->ues[u], PETSC_FALSE));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Calls the policy's associate on cell 0 and checks every UE's target. */
static PetscErrorCode CheckTargets(SemecSim *sim, double hyst_db, const PetscInt expect[6])
{
  SemecCell      *c0   = &sim->cells[0];
  SemecPolicyView view = {&sim->cfg, &sim->topo, &sim->cloud, 0, sim->model, sim->comm, sim->clock};

  PetscFunctionBeginUser;
  sim->cfg.strongest_hysteresis_db = hyst_db;
  for (PetscInt u = 0; u < 6; u++) c0->ues[u].target = -7;
  PetscCall(sim->policy->ops->associate(sim->policy, &view, c0));
  for (PetscInt u = 0; u < 6; u++) {
    if (c0->ues[u].target != expect[u]) fprintf(stderr, "unit_strongest: hysteresis %g dB, UE %d: target %d, expected %d\n", hyst_db, (int)u, (int)c0->ues[u].target, (int)expect[u]);
    CHECK_EQ_INT(c0->ues[u].target, expect[u]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestStrongest(void)
{
  SemecSim      *sim;
  const PetscInt expect2[6] = {0, 0, 1, 2, 1, 2}; /* hysteresis 2 dB, the table */
  const PetscInt expect5[6] = {0, 0, 1, 0, 0, 0}; /* 5 dB: only UE 2's 10.6 dB beats it */
  const PetscInt expect0[6] = {0, 1, 1, 2, 1, 2}; /* 0 dB: UE 1's 1.5 dB too */

  PetscFunctionBeginUser;
  PetscCall(CreateSim(&sim));
  CHECK_EQ_INT(sim->ncells, 3);
  CHECK(SemecPolicyAssociates(sim->policy));
  CHECK(!strcmp(sim->policy->ops->name, "strongest"));
  PetscCall(Place(sim));
  /* the gains the policy compares: serving BS first, then the two neighbours
   * (L(111.8034) = 85.4641 dB: gain 10^-8.54641 = 2.8418e-09) */
  CHECK_EQ_INT(sim->cells[0].ues[0].ngain, 3);
  CHECK_CLOSE(sim->cells[0].ues[0].gain[0], pow(10.0, -(42.6 + 26.0 * log10(sqrt(100.0 * 100 + 50 * 50) / 1000.0) + 20.0 * log10(2400.0)) / 10.0), 1e-12);
  PetscCall(CheckTargets(sim, 2.0, expect2));
  PetscCall(CheckTargets(sim, 5.0, expect5));
  PetscCall(CheckTargets(sim, 0.0, expect0));

  /* Through the engine's decision phase (association, migration, edge
   * allocation) with 2 dB: UEs 2 and 4 now belong to cell 1, UEs 3 and 5 to
   * cell 2, UEs 0 and 1 stay in cell 0. */
  sim->cfg.strongest_hysteresis_db = 2.0;
  PetscInt64 id[6];
  for (PetscInt u = 0; u < 6; u++) id[u] = sim->cells[0].ues[u].id;
  PetscCall(SemecPolicyDecide(sim, 0));
  for (PetscInt u = 0; u < 6; u++) {
    PetscInt where = -1;
    for (PetscInt c = 0; c < 3; c++)
      for (PetscInt v = 0; v < sim->cells[c].nue; v++)
        if (sim->cells[c].ues[v].id == id[u]) where = sim->cells[c].id;
    CHECK_EQ_INT(where, expect2[u]);
  }
  PetscCall(SemecSimFinish(sim, PETSC_FALSE));
  PetscCall(SemecSimDestroy(&sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  snprintf(OutFile, sizeof(OutFile), "/tmp/semec_unit_strongest_%d.h5", (int)getpid());
  PetscCall(TestStrongest());
  CHECK_EQ_INT(remove(OutFile), 0);
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
