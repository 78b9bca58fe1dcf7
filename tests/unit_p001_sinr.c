/* Paper 001's model across cells, through the full simulation context
 * (SemecSimCreate, the model's decided phase, SemecExchangeInterference, its
 * evaluate phase): the shares of (12) quantised to the 25 subcarriers, the
 * co-channel power a transmitting UE puts into the neighbouring ES, and the
 * SINR of (1) it leaves, by hand.
 *
 * Geometry: ES 0 at (0,0), ES 1 at (200,0), two UEs per cell, path loss
 * 38.97 + 35.3 lg d[m] dB (inputs/p001.opts), no shadowing, N0 -160 dBm/Hz
 * (1e-19 W/Hz), 25 subcarriers of 200 kHz.
 *   cell 0: UE 0 at (50,0) offloads alone (bhat 0) at 0.2 W: all 25
 *           subcarriers, b = 5 MHz; UE 1 executes locally;
 *   cell 1: UE 0 at (120,0) and UE 1 at (200,90) offload with bhat 0 and
 *           ln 2: shares 1/3, 2/3 of 5 MHz, quantised to 25: one each, 23
 *           left: 7.67 -> 7 and 15.33 -> 15, the last to the larger
 *           remainder (UE 0): 9 and 16 subcarriers, [0,9) and [9,25),
 *           at p = 0.1 W and 0.25 W.
 * A UE's power is spread evenly over its subcarriers and reaches the other
 * ES through the large-scale gain only, so
 *   I(cell 0, UE 0) = 9 (0.1/9) G(120) + 16 (0.25/16) G(|(200,90)|)
 *   I(cell 1, UE 0) = 9 (0.2/25) G(|(50,0)-(200,0)| = 150)
 *   I(cell 1, UE 1) = 16 (0.2/25) G(150)
 * and gamma = p g |h|^2 / (b N0 + I), |h|^2 the step's draw read back from
 * the model.  Then cell 1's UEs go local: no co-channel power is left. */
#include <semec/engine/sim.h>
#include <semec/p001/model.h>
#include <stdio.h>
#include <unistd.h>
#include "check.h"

static double G(double d) { return pow(10.0, -(38.97 + 35.3 * log10(d)) / 10.0); }

static void Set(SemecCell *c, PetscInt u, double x, double y, PetscBool offload, double bhat, double p, SemecSim *sim)
{
  SemecUE     *ue = &c->ues[u];
  SemecP001UE *pu = SemecP001UEOf(ue);
  ue->x = x, ue->y = y;
  PetscCallAbort(PETSC_COMM_SELF, SemecUEUpdateGains(&sim->cfg, &sim->topo, c->id, ue, PETSC_FALSE));
  pu->offload = offload;
  pu->bhat    = bhat;
  pu->p       = p;
  pu->f       = 1e9;
}

int main(int argc, char **argv)
{
  const char *const opts[][2] = {
    {"-sim_model", "multimodal_qoe"}, {"-sim_cells", "2"}, {"-sim_cells_per_rank", "2"}, {"-sim_episode_length", "20"}, {"-sim_train_episodes", "0"},
    {"-sim_test_episodes", "1"}, {"-geom_layout", "list"}, {"-geom_bs_positions", "0,0,200,0"}, {"-geom_ues_per_cell", "2"}, {"-geom_ue_drop", "annulus"},
    {"-geom_r_min", "10"}, {"-geom_r_max", "100"}, {"-chan_subcarriers", "25"}, {"-chan_subcarrier_bandwidth", "2e5"}, {"-chan_noise_psd", "-160"},
    {"-chan_shadowing_std", "0"}, {"-chan_pathloss", "exponent"}, {"-chan_pathloss_reference", "38.97"}, {"-chan_pathloss_exponent", "3.53"},
    {"-chan_interference", "true"}, {"-chan_interference_radius", "1000"}, {"-policy", "local"}, {"-output_overwrite", "true"}, {"-sim_summary", "false"},
  };
  char      out[PETSC_MAX_PATH_LEN];
  SemecSim *sim;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  snprintf(out, sizeof(out), "/tmp/semec_unit_p001_sinr_%d.h5", (int)getpid());
  for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) PetscCall(PetscOptionsSetValue(NULL, opts[i][0], opts[i][1]));
  PetscCall(PetscOptionsSetValue(NULL, "-output_file", out));
  PetscCall(SemecSimCreate(PETSC_COMM_WORLD, &sim));
  PetscCall(SemecScenarioAdvance(sim, 0)); /* step 0: the episode's drop, queues, the step's fading */
  SemecCell   *c0 = &sim->cells[0], *c1 = &sim->cells[1];
  SemecP001UE *u00 = SemecP001UEOf(&c0->ues[0]), *u01 = SemecP001UEOf(&c0->ues[1]), *u10 = SemecP001UEOf(&c1->ues[0]), *u11 = SemecP001UEOf(&c1->ues[1]);
  Set(c0, 0, 50, 0, PETSC_TRUE, 0.0, 0.2, sim);
  Set(c0, 1, -60, 0, PETSC_FALSE, 2.0, 0.2, sim);
  Set(c1, 0, 120, 0, PETSC_TRUE, 0.0, 0.1, sim);
  Set(c1, 1, 200, 90, PETSC_TRUE, log(2.0), 0.25, sim);
  CHECK_CLOSE(c0->ues[0].gain[0], G(50), 1e-12);
  CHECK_CLOSE(c1->ues[1].gain[0], G(90), 1e-12);
  for (int i = 0; i < 2; i++) PetscCall(sim->model->ops->decided(sim, &sim->cells[i], 0));
  /* the quantised shares */
  CHECK(u00->d.offload && !u01->d.offload && u10->d.offload && u11->d.offload);
  CHECK(u00->sub0 == 0 && u00->nsub == 25 && u01->nsub == 0);
  CHECK(u10->sub0 == 0 && u10->nsub == 9 && u11->sub0 == 9 && u11->nsub == 16);
  CHECK_CLOSE(u00->d.b, 5e6, 1e-15);
  CHECK_CLOSE(u10->d.b, 1.8e6, 1e-15);
  CHECK_CLOSE(u11->d.b, 3.2e6, 1e-15);
  CHECK(c0->sub_owner[0] == 0 && c0->sub_owner[24] == 0);
  CHECK(c1->sub_owner[0] == 0 && c1->sub_owner[8] == 0 && c1->sub_owner[9] == 1 && c1->sub_owner[24] == 1);
  /* the co-channel power per subcarrier at each ES */
  PetscCall(SemecExchangeInterference(sim, 0));
  const double g11_0 = G(sqrt(200.0 * 200.0 + 90.0 * 90.0));
  CHECK_CLOSE(c0->interference[3], 0.1 / 9 * G(120), 1e-9);
  CHECK_CLOSE(c0->interference[20], 0.25 / 16 * g11_0, 1e-9);
  CHECK_CLOSE(c1->interference[3], 0.2 / 25 * G(150), 1e-9);
  CHECK_CLOSE(c1->interference[20], 0.2 / 25 * G(150), 1e-9);
  PetscCall(SemecEvaluate(sim, 0));
  {
    const double I00 = 0.1 * G(120) + 0.25 * g11_0, I10 = 9 * 0.2 / 25 * G(150), I11 = 16 * 0.2 / 25 * G(150);
    CHECK(u00->fading > 0 && u10->fading > 0 && u11->fading > 0);
    CHECK_CLOSE(u00->d.interference, I00, 1e-9);
    CHECK_CLOSE(u10->d.interference, I10, 1e-9);
    CHECK_CLOSE(u11->d.interference, I11, 1e-9);
    CHECK_CLOSE(u00->out.snr, 0.2 * G(50) * u00->fading / (5e6 * 1e-19 + I00), 1e-9);
    CHECK_CLOSE(u10->out.snr, 0.1 * G(80) * u10->fading / (1.8e6 * 1e-19 + I10), 1e-9);
    CHECK_CLOSE(u11->out.snr, 0.25 * G(90) * u11->fading / (3.2e6 * 1e-19 + I11), 1e-9);
    CHECK(u01->attempted && u01->out.snr == 0.0 && u01->out.accuracy == 1.0);
    printf("SINR cell 0 UE 0: %.6g (interference %.3g W against noise %.3g W)\n", u00->out.snr, I00, 5e6 * 1e-19);
  }
  PetscCall(SemecExchangeCloud(sim, 0)); /* the model settles the slot (its conservation check) */
  /* next step: cell 1 executes locally; nothing reaches ES 0 */
  PetscCall(SemecScenarioAdvance(sim, 1));
  Set(c0, 0, 50, 0, PETSC_TRUE, 0.0, 0.2, sim);
  Set(c1, 0, 120, 0, PETSC_FALSE, 0.0, 0.1, sim);
  Set(c1, 1, 200, 90, PETSC_FALSE, 0.0, 0.25, sim);
  for (int i = 0; i < 2; i++) PetscCall(sim->model->ops->decided(sim, &sim->cells[i], 1));
  PetscCall(SemecExchangeInterference(sim, 1));
  for (PetscInt n = 0; n < 25; n++) CHECK_CLOSE(c0->interference[n], 0.0, 0.0);
  PetscCall(SemecEvaluate(sim, 1));
  CHECK_CLOSE(u00->out.snr, 0.2 * G(50) * u00->fading / (5e6 * 1e-19), 1e-12);
  PetscCall(SemecExchangeCloud(sim, 1));
  PetscCall(SemecSimFinish(sim, PETSC_FALSE));
  PetscCall(SemecSimDestroy(&sim));
  CHECK_EQ_INT(remove(out), 0);
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
