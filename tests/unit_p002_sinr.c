/* Paper 002's model across cells: the co-channel power a transmitting UE
 * puts into a neighbouring ES and the SINR of (2) it leaves, by hand,
 * through the full simulation context (SemecSimCreate, the model's decided
 * phase, SemecExchangeInterference, its evaluate phase).
 *
 * Geometry: BS 0 at (0,0), BS 1 at (500,0); UE 0 (cell 0) at (100,0), UE 1
 * (cell 1) at (300,0); p003 path loss at 2400 MHz, no shadowing (the
 * values of tests/unit_sinr.c): g(100) = 3.7981972638012996e-09,
 * g(200) = 6.264689170327233e-10, g(300) = 2.1830428195138886e-10,
 * g(400) = 1.0332883648475102e-10.  Both UEs offload on sub-channel 0 at
 * p = 0.05 W with drawn gains g_0, g_1 (Table II's draw, read back from the
 * model), so
 *   I_0 = p g_1 G(UE 1 -> BS 0) / G(UE 1 -> BS 1) = 0.05 g_1 g(300) / g(200)
 *   I_1 = 0.05 g_0 g(400) / g(100)
 * and the SINR of UE 0 is g_0 p / (sigma^2 + I_0), sigma^2 = 2 mW.  A UE on
 * the other sub-channel, or not transmitting, adds nothing. */
#include <semec/engine/sim.h>
#include <semec/p002/model.h>
#include <stdio.h>
#include <unistd.h>
#include "check.h"

#define G100 3.7981972638012996e-09
#define G200 6.264689170327233e-10
#define G300 2.1830428195138886e-10
#define G400 1.0332883648475102e-10

int main(int argc, char **argv)
{
  const char *const opts[][2] = {
    {"-sim_model", "semantic_multitask"}, {"-sim_cells", "2"}, {"-sim_cells_per_rank", "2"}, {"-sim_episode_length", "10"},
    {"-sim_test_episodes", "1"}, {"-geom_layout", "list"}, {"-geom_bs_positions", "0,0,500,0"}, {"-geom_ues_per_cell", "1"},
    {"-chan_subcarriers", "2"}, {"-chan_shadowing_std", "0"}, {"-chan_pathloss", "p003"}, {"-chan_carrier_frequency", "2400"},
    {"-policy", "local"}, {"-output_overwrite", "true"}, {"-sim_summary", "false"},
  };
  char      out[PETSC_MAX_PATH_LEN];
  SemecSim *sim;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  snprintf(out, sizeof(out), "/tmp/semec_unit_p002_sinr_%d.h5", (int)getpid());
  for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) PetscCall(PetscOptionsSetValue(NULL, opts[i][0], opts[i][1]));
  PetscCall(PetscOptionsSetValue(NULL, "-output_file", out));
  PetscCall(SemecSimCreate(PETSC_COMM_WORLD, &sim));
  SemecCell *c0 = &sim->cells[0], *c1 = &sim->cells[1];
  c0->ues[0].x = 100.0, c0->ues[0].y = 0.0;
  c1->ues[0].x = 300.0, c1->ues[0].y = 0.0;
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, 0, &c0->ues[0], PETSC_FALSE));
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, 1, &c1->ues[0], PETSC_FALSE));
  PetscCall(SemecScenarioAdvance(sim, 0));
  SemecP002UE *u0 = SemecP002UEOf(&c0->ues[0]), *u1 = SemecP002UEOf(&c1->ues[0]);
  for (int i = 0; i < 2; i++) {
    SemecCell   *c  = &sim->cells[i];
    SemecP002UE *pu = SemecP002UEOf(&c->ues[0]);
    pu->d           = (SemecP002Decision){PETSC_TRUE, 0.05, 1e9, 0.5, 0.0, 0.0};
    pu->choice      = 0;
    pu->pref[0] = 1.0, pu->pref[1] = 0.0;
    PetscCall(sim->model->ops->decided(sim, c, 0));
  }
  CHECK(c0->sub_owner[0] == 0 && c0->sub_owner[1] == -1 && c1->sub_owner[0] == 0 && c1->sub_owner[1] == -1);
  double g0 = u0->gain[0], g1 = u1->gain[0];
  CHECK(g0 >= 0.1 && g0 <= 1.0 && g1 >= 0.1 && g1 <= 1.0 && u0->d.gain == g0);
  PetscCall(SemecExchangeInterference(sim, 0));
  CHECK_CLOSE(c0->interference[0], 0.05 * g1 * G300 / G200, 1e-9);
  CHECK_CLOSE(c1->interference[0], 0.05 * g0 * G400 / G100, 1e-9);
  CHECK_CLOSE(c0->interference[1], 0.0, 0.0);
  PetscCall(SemecEvaluate(sim, 0));
  CHECK_CLOSE(u0->out.snr, g0 * 0.05 / (2e-3 + 0.05 * g1 * G300 / G200), 1e-9);
  CHECK_CLOSE(u0->out.rate, 2e6 * log2(1.0 + g0 * 0.05 / (2e-3 + 0.05 * g1 * G300 / G200)), 1e-9);
  PetscCall(SemecExchangeCloud(sim, 0)); /* the model settles the slot (its conservation check) */
  /* UE 1 moves to sub-channel 1: no co-channel power left */
  u1->d       = (SemecP002Decision){PETSC_TRUE, 0.05, 1e9, 0.5, 0.0, 0.0};
  u1->choice  = 1;
  u1->pref[0] = 0.0, u1->pref[1] = 1.0;
  u0->d       = (SemecP002Decision){PETSC_TRUE, 0.05, 1e9, 0.5, 0.0, 0.0};
  PetscCall(sim->model->ops->decided(sim, c0, 0));
  PetscCall(sim->model->ops->decided(sim, c1, 0));
  PetscCall(SemecExchangeInterference(sim, 0));
  CHECK_CLOSE(c0->interference[0], 0.0, 0.0);
  CHECK_CLOSE(c1->interference[1], 0.0, 0.0);
  PetscCall(SemecSimFinish(sim, PETSC_FALSE));
  PetscCall(SemecSimDestroy(&sim));
  CHECK_EQ_INT(remove(out), 0);
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
