/* The tasks model's slot by hand (issue 18, point 2, first item): energies,
 * delays, rewards (paper 003 eq. (8)), throughput, one cloud task with its
 * backhaul latency and a refused grant, and one task that expires, through
 * the full simulation context (SemecSimCreate, the phases one by one, the
 * policy's decisions set by hand as tests/unit_sinr.c does).
 *
 * Scenario: one cell, BS at (0,0), UE 0 at (100,0), UE 1 at (200,0); p003
 * path loss (F = 2400 MHz), no fading, no shadowing, 4 subcarriers of
 * B = 1 MHz, P = 0.1 W per subcarrier, N0 = -174 dBm/Hz; no random arrivals
 * (Bernoulli with probability 0): the test injects tasks made by
 * SemecTaskMake at the start of a slot (arrival = slot start).
 * One task type: 1e6 bit, 5e7 cycle, deadline 0.25 s after arrival,
 * priority M = 2; reward C1 = 1, C2 = 3.  Slot 0.1 s.  UE CPU f = 1e9
 * cycle/s, kappa 1e-27 (power kappa f^3 = 1 W); MEC share f = 1e10 cycle/s
 * set by hand, kappa 1e-28 (power 100 W); cloud 1e9 cycle/s, backhaul
 * latency 0.05 s, at most 1 UE per slot (-cloud_access_max 1).
 *
 * Rates (paper 003 eqs. (1)-(2), no interference; the gains are those of
 * tests/unit_sinr.c's header, g(100) = 3.7981972638013e-09,
 * g(200) = 6.264689170327233e-10, B N0 = 3.9810717055349695e-15 W):
 *   per subcarrier r0 = 1e6 log2(1 + 0.1 g(100)/(B N0)) = 16541813.574481428 bit/s
 *                  r1 = 1e6 log2(1 + 0.1 g(200)/(B N0)) = 13941890.130158767 bit/s
 *
 * Slot 0 [0, 0.1): task A at UE 0 (local), task B at UE 1 (edge, MEC share
 *   1e10), UE 1 holds subcarriers 1, 2, 3 (UE 0 holds 0, uploads nothing).
 *   A: CPU 5e7/1e9 = 0.05 s, done 0.05, delay 0.05, energy 1 W x 0.05 = 0.05 J,
 *      reward ln(1/(2 x 0.05)) + 3 = ln 10 + 3 = 5.302585092994046.
 *   B: rate 3 r1 = 41825670.3904763, upload tB = 1e6/41825670.3904763 = 0.023908762027343378 s,
 *      transmit energy 0.1 W x 3 x tB = 0.007172628608203013 J;
 *      MEC 5e7/1e10 = 0.005 s from tB, done tB + 0.005 = 0.02890876202734338 = delay,
 *      MEC energy 1e-28 (1e10)^3 x 0.005 = 0.5 J,
 *      reward ln(1/(2 x 0.02890876202734338)) + 3 = 2.8504633649177475 + 3.
 *   Slot: completed 2, delay sum 0.07890876202734338, mean 0.03945438101367169,
 *   energy 0.05 + 0.007172628608203013 + 0.5 = 0.557172628608203 J,
 *   reward 11.153048457911794, throughput 1e6/0.1 = 1e7 bit/s, edge 1.
 * Slot 1 [0.1, 0.2): task C at UE 1, its data set by hand to 2e6 bit, cloud;
 *   UE 0 holds 0, 1, UE 1 holds 3.  Only UE 1 asks: granted.  In 0.1 s at
 *   r1 UE 1 sends floor(1394189.0130158768) = 1394189 bit, 605811 remain.
 *   Throughput 13941890 bit/s, energy 0.1 W x 1 x 0.1 s = 0.01 J, nothing completes.
 * Slot 2 [0.2, 0.3): task E at UE 0 and task F at UE 1, both cloud.  Ranking
 *   (cell 0, UEs by id): UE 0 granted, UE 1 (new task F and C still
 *   uploading) refused: cloud_denied = 1 (its one new task); F runs locally,
 *   done 0.25, delay 0.05, 0.05 J, reward ln 10 + 3; UE 1 uploads nothing
 *   (C keeps 605811 bit, no transmit energy).  E: rate 2 r0 = 33083627.148962855,
 *   upload 1e6/33083627.148962855 = 0.030226431808621963 s, energy
 *   0.1 x 2 x 0.030226431808621963 = 0.006045286361724393 J; E joins batch 2.
 *   Slot: completed 1 (F), energy 0.05604528636172439 J, throughput 1e7,
 *   delay 0.05, reward 5.302585092994046, offloaded to the cloud 1.
 * Slot 3 [0.3, 0.4): UE 1 asks with C still uploading: granted (alone).  It
 *   sends 605811 bit in 605811/r1 = 0.04345257309764076 s, energy
 *   0.004345257309764076 J, throughput 6058110 bit/s; C joins batch 3.
 *   The cloud serves batch 2 from 0.3: 5e7/1e9 = 0.05 s, done 0.35, plus
 *   backhaul 0.05: E completes at 0.40 in slot 3, delay 0.40 - 0.2 = 0.2,
 *   reward ln(1/(2 x 0.2)) + 3 = 3.916290731874155.
 * Slot 4 [0.4, 0.5): task X at UE 0, left pending (mode idle).  The cloud
 *   serves batch 3 from 0.4: done 0.45 + 0.05 = 0.50: C completes in slot 4,
 *   delay 0.5 - 0.1 = 0.4, reward ln(1/(2 x 0.4)) + 3 = 3.2231435513142097.
 * Slots 5-7: X's deadline is 0.4 + 0.25 = 0.65; at the start of slot 6
 *   (0.6) it has not passed, at slot 7 (0.7) it has: dropped in slot 7.
 * Totals: arrived 6 (A B C E F X), completed 5, dropped 1, backlog 0.
 *
 * Mutations of issue 18 this test catches, each tried on 2026-12-02 by
 * editing src/, rebuilding and running it; each made it fail:
 *   - reward (8) without the priority M (execute.c Complete): the rewards of
 *     slots 0, 2, 3, 4 are off by ln 2 per task;
 *   - deadline read as absolute time (task.c SemecTaskMake): C is dropped in
 *     slot 3 and X in slot 5 instead of slot 7;
 *   - a UE refused by the access limit uploading anyway (execute.c Upload,
 *     the cloud_granted check): UE 1 sends C's rest in slot 2 (throughput,
 *     energy, C's remaining bits) and C completes in slot 3;
 *   - transmit energy for one subcarrier instead of the UE's allocation
 *     (SemecTasksEvaluate): the energies of slots 0 and 2;
 *   - cloud tasks completing one second late (cloud.c RecordDone): E's and
 *     C's delays 1.2 and 1.4 s and their rewards.
 * Also caught: the UE's computing energy with f^2 instead of f^3 (slot 0
 * energy), the first survivor of the list.
 */
#include <semec/engine/sim.h>
#include <semec/tasks/model.h>
#include <semec/tasks/task.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include "check.h"

#define R0       16541813.574481428 /* bit/s per subcarrier, UE 0 */
#define R1       13941890.130158767 /* bit/s per subcarrier, UE 1 */
#define LN10_C2  5.302585092994046  /* ln(1/(2 x 0.05)) + 3 */
#define RTOL     1e-12

static char OutFile[PETSC_MAX_PATH_LEN];

static PetscErrorCode CreateSim(SemecSim **sim)
{
  const char *const opts[][2] = {
    {"-sim_cells", "1"}, {"-sim_cells_per_rank", "1"}, {"-sim_slots", "8"}, {"-sim_slot_duration", "0.1"},
    {"-geom_layout", "list"}, {"-geom_bs_positions", "0,0"}, {"-geom_ues_per_cell", "2"},
    {"-chan_fading", "none"}, {"-chan_shadowing_std", "0"}, {"-chan_pathloss", "p003"},
    {"-chan_carrier_frequency", "2400"}, {"-chan_subcarriers", "4"}, {"-chan_subcarrier_bandwidth", "1e6"},
    {"-chan_tx_power", "0.1"}, {"-chan_noise_psd", "-174"},
    {"-task_arrival", "bernoulli"}, {"-task_arrival_probability", "0"},
    {"-task_bits", "1e6"}, {"-task_cycles", "5e7"}, {"-task_deadline", "0.25"}, {"-task_priority", "2"},
    {"-task_reward_c1", "1"}, {"-task_reward_c2", "3"},
    {"-ue_cpu_frequency", "1e9"}, {"-ue_kappa", "1e-27"}, {"-mec_cpu_frequency", "2e10"}, {"-mec_kappa", "1e-28"},
    {"-cloud_cpu_frequency", "1e9"}, {"-cloud_backhaul_latency", "0.05"}, {"-cloud_access_max", "1"},
    {"-output_file", OutFile}, {"-output_overwrite", "true"}, {"-sim_summary", "false"},
  };

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) PetscCall(PetscOptionsSetValue(NULL, opts[i][0], opts[i][1]));
  PetscCall(SemecSimCreate(PETSC_COMM_WORLD, sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A task of UE u arriving at the start of slot t, counted as the scenario
 * counts an arrival; bits > 0 replaces the type's data size. */
static PetscErrorCode Inject(SemecSim *sim, PetscInt u, PetscInt t, int64_t bits)
{
  SemecCell      *cell = &sim->cells[0];
  SemecTasksCell *tc   = SemecTasksCellOf(cell);
  SemecTask       task;

  PetscFunctionBeginUser;
  SemecTaskMake(&sim->cfg, cell->ues[u].id, t, 0, &task);
  if (bits > 0) task.bits = bits;
  PetscCall(SemecTaskQueuePush(&SemecTasksUEOf(&cell->ues[u])->pending, &task));
  tc->arrived++;
  tc->slot.arrived++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The policy's decisions, set by hand: modes, UE 1's MEC share, subcarrier owners. */
static void Decide(SemecSim *sim, SemecMode m0, SemecMode m1, double f1, const PetscInt owner[4])
{
  SemecCell *cell = &sim->cells[0];
  for (PetscInt u = 0; u < 2; u++) {
    SemecTasksUE *q = SemecTasksUEOf(&cell->ues[u]);
    q->mode         = u == 0 ? m0 : m1;
    q->f_edge       = u == 1 ? f1 : 0.0;
    q->semantic     = PETSC_FALSE;
  }
  for (PetscInt n = 0; n < 4; n++) cell->sub_owner[n] = owner[n];
}

static PetscErrorCode RunPhases(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  PetscCall(SemecExchangeInterference(sim, t));
  PetscCall(SemecCommitDecisions(sim, t));
  PetscCall(SemecEvaluate(sim, t));
  PetscCall(SemecExchangeCloud(sim, t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The cell's metrics of the slot (what the output records), in the order of
 * src/tasks/model.c's Metrics table: v[0] energy ... v[13] reward. */
static void Metrics(SemecSim *sim, double v[15]) { sim->model->ops->metric_values(sim->model, &sim->cells[0], v); }

static PetscErrorCode TestSlots(void)
{
  SemecSim                  *sim;
  SemecCell                 *cell;
  SemecTasksCell            *tc;
  const SemecTasksSlotStats *s;
  double                     v[15];
  const PetscInt             own0[4] = {0, 1, 1, 1}, own1[4] = {0, 0, -1, 1}, none[4] = {-1, -1, -1, -1};

  PetscFunctionBeginUser;
  PetscCall(CreateSim(&sim));
  CHECK_EQ_INT(sim->ncells, 1);
  cell = &sim->cells[0];
  CHECK_EQ_INT(cell->nue, 2);
  tc = SemecTasksCellOf(cell);
  s  = &tc->slot;
  cell->ues[0].x = 100.0; cell->ues[0].y = 0.0;
  cell->ues[1].x = 200.0; cell->ues[1].y = 0.0;
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, cell->id, &cell->ues[0], PETSC_FALSE));
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, cell->id, &cell->ues[1], PETSC_FALSE));

  /* slot 0: A local at UE 0, B at the MEC server via UE 1's three subcarriers */
  PetscCall(SemecScenarioAdvance(sim, 0));
  CHECK_EQ_INT(s->arrived, 0); /* probability 0: no random arrival */
  PetscCall(Inject(sim, 0, 0, 0));
  PetscCall(Inject(sim, 1, 0, 0));
  Decide(sim, SEMEC_MODE_LOCAL, SEMEC_MODE_EDGE, 1e10, own0);
  PetscCall(RunPhases(sim, 0));
  CHECK_CLOSE(SemecTasksUEOf(&cell->ues[1])->rate_bps, 3 * R1, RTOL);
  CHECK_EQ_INT(s->completed, 2);
  CHECK_EQ_INT(s->offloaded_edge, 1);
  CHECK_CLOSE(s->energy_j, 0.557172628608203, RTOL);
  CHECK_CLOSE(s->delay_sum_s, 0.07890876202734338, RTOL);
  CHECK_CLOSE(s->reward, 11.153048457911794, RTOL);
  CHECK_CLOSE(s->throughput_bps, 1e7, RTOL);
  Metrics(sim, v);
  CHECK_CLOSE(v[0], 0.557172628608203, RTOL);    /* energy */
  CHECK_CLOSE(v[1], 0.03945438101367169, RTOL);  /* mean delay */
  CHECK_CLOSE(v[3], 2, 0);                       /* served */
  CHECK_CLOSE(v[7], 1e7, RTOL);                  /* throughput */
  CHECK_CLOSE(v[13], 11.153048457911794, RTOL);  /* reward */

  /* slot 1: C (2e6 bit) to the cloud via UE 1's one subcarrier, granted, upload unfinished */
  PetscCall(SemecScenarioAdvance(sim, 1));
  PetscCall(Inject(sim, 1, 1, 2000000));
  Decide(sim, SEMEC_MODE_IDLE, SEMEC_MODE_CLOUD, 0.0, own1);
  PetscCall(RunPhases(sim, 1));
  CHECK(SemecTasksUEOf(&cell->ues[1])->cloud_granted);
  CHECK_EQ_INT(s->offloaded_cloud, 1);
  CHECK_EQ_INT(s->cloud_denied, 0);
  CHECK_EQ_INT(s->completed, 0);
  CHECK_CLOSE(s->energy_j, 0.01, RTOL);
  CHECK_CLOSE(s->throughput_bps, 13941890.0, RTOL);
  CHECK_EQ_INT(SemecTasksUEOf(&cell->ues[1])->tx.count, 1);
  CHECK_EQ_INT(SemecTaskQueueAt(&SemecTasksUEOf(&cell->ues[1])->tx, 0)->bits, 605811);

  /* slot 2: E and F both ask for the cloud; UE 0 granted, UE 1 refused */
  PetscCall(SemecScenarioAdvance(sim, 2));
  CHECK_EQ_INT(s->dropped, 0);
  PetscCall(Inject(sim, 0, 2, 0));
  PetscCall(Inject(sim, 1, 2, 0));
  Decide(sim, SEMEC_MODE_CLOUD, SEMEC_MODE_CLOUD, 0.0, own1);
  PetscCall(RunPhases(sim, 2));
  CHECK(SemecTasksUEOf(&cell->ues[0])->cloud_granted);
  CHECK(!SemecTasksUEOf(&cell->ues[1])->cloud_granted);
  CHECK_EQ_INT(s->cloud_denied, 1);
  CHECK_EQ_INT(s->offloaded_cloud, 1);
  CHECK_EQ_INT(s->completed, 1); /* F, locally */
  CHECK_CLOSE(s->delay_sum_s, 0.05, RTOL);
  CHECK_CLOSE(s->reward, LN10_C2, RTOL);
  CHECK_CLOSE(s->energy_j, 0.05604528636172439, RTOL);
  CHECK_CLOSE(s->throughput_bps, 1e7, RTOL);
  CHECK_EQ_INT(SemecTaskQueueAt(&SemecTasksUEOf(&cell->ues[1])->tx, 0)->bits, 605811); /* nothing sent */
  CHECK_EQ_INT(tc->cloud.count, 1);                                                     /* E, batch 2 */
  Metrics(sim, v);
  CHECK_CLOSE(v[8], 1, 0);  /* cloud_denied */
  CHECK_CLOSE(v[10], 1, 0); /* offload_cloud */

  /* slot 3: UE 1 finishes C; the cloud completes E at 0.40 */
  PetscCall(SemecScenarioAdvance(sim, 3));
  CHECK_EQ_INT(s->dropped, 0);
  Decide(sim, SEMEC_MODE_IDLE, SEMEC_MODE_IDLE, 0.0, own1);
  PetscCall(RunPhases(sim, 3));
  CHECK(SemecTasksUEOf(&cell->ues[1])->cloud_granted);
  CHECK_EQ_INT(s->cloud_denied, 0);
  CHECK_CLOSE(s->energy_j, 0.004345257309764076, RTOL);
  CHECK_CLOSE(s->throughput_bps, 6058110.0, RTOL);
  CHECK_EQ_INT(s->completed, 1); /* E */
  CHECK_CLOSE(s->delay_sum_s, 0.2, RTOL);
  CHECK_CLOSE(s->reward, 3.916290731874155, RTOL);
  CHECK_EQ_INT(tc->cloud.count, 1); /* C, batch 3 */

  /* slot 4: X arrives and waits; the cloud completes C at 0.50 */
  PetscCall(SemecScenarioAdvance(sim, 4));
  PetscCall(Inject(sim, 0, 4, 0));
  Decide(sim, SEMEC_MODE_IDLE, SEMEC_MODE_IDLE, 0.0, none);
  PetscCall(RunPhases(sim, 4));
  CHECK_EQ_INT(s->completed, 1); /* C */
  CHECK_CLOSE(s->delay_sum_s, 0.4, RTOL);
  CHECK_CLOSE(s->reward, 3.2231435513142097, RTOL);
  CHECK_CLOSE(s->energy_j, 0.0, 0);
  CHECK_EQ_INT(tc->cloud.count, 0);

  /* slots 5-7: X expires at 0.65, dropped in slot 7 */
  for (PetscInt t = 5; t < 8; t++) {
    PetscCall(SemecScenarioAdvance(sim, t));
    CHECK_EQ_INT(s->dropped, t == 7 ? 1 : 0);
    Decide(sim, SEMEC_MODE_IDLE, SEMEC_MODE_IDLE, 0.0, none);
    PetscCall(RunPhases(sim, t));
    CHECK_EQ_INT(s->backlog, t == 7 ? 0 : 1);
    Metrics(sim, v);
    CHECK_CLOSE(v[5], t == 7 ? 1 : 0, 0); /* dropped */
  }
  CHECK_EQ_INT(tc->arrived, 6);
  CHECK_EQ_INT(tc->completed, 5);
  CHECK_EQ_INT(tc->dropped, 1);
  CHECK_CLOSE(tc->delay_sum_s, 0.07890876202734338 + 0.05 + 0.2 + 0.4, RTOL);
  CHECK_CLOSE(tc->energy_j, 0.557172628608203 + 0.01 + 0.05604528636172439 + 0.004345257309764076, RTOL);

  PetscCall(SemecSimFinish(sim, PETSC_FALSE));
  PetscCall(SemecSimDestroy(&sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  snprintf(OutFile, sizeof(OutFile), "/tmp/semec_unit_slot_%d.h5", (int)getpid());
  PetscCall(TestSlots());
  CHECK_EQ_INT(remove(OutFile), 0);
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
