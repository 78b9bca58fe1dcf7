/* The slot phases of the tasks model: what happens to tasks in a slot.
 *
 * Scenario.  UE mobility (cached gains updated), expiry of task deadlines,
 * task arrivals; every draw is keyed by the UE and the slot.
 *
 * Commit.  The policy chose a mode for each UE; the UE's pending tasks are
 * committed to that route.  Cloud uploads need a grant from the engine's
 * network-wide cloud rule (SemecCloudAdmit): a UE asks with its new cloud
 * tasks, or with cloud tasks still uploading.  Denied new tasks run
 * locally; a denied UE does not upload its cloud tasks in this slot.  Every
 * denial is counted (cloud_denied).
 *
 * Evaluate.  Within the slot [t tau, (t+1) tau), per UE: the CPU executes the
 * local queue in order; the radio uploads the tx queue in order at the rate
 * of paper 003 eq. (2) with the SINR of eq. (1); an uploaded edge task joins
 * the UE's queue at the MEC server at the time its upload ends, and the MEC
 * server executes that queue with the capacity the policy allocated; an
 * uploaded cloud task joins batch t of the cloud.  Energy: kappa f^3 per
 * second of computation (UE, MEC) and the transmit power per second of
 * upload.  Delay of a completed task: completion time minus arrival time.
 *
 * Settle.  After the engine advanced the cloud: the cell's tasks of the
 * batches the cloud completed, the cumulative counters, conservation. */
#include <semec/engine/sim.h>
#include <semec/tasks/model.h>
#include <semec/tasks/task.h>
#include <math.h>

PetscErrorCode SemecTasksScenario(SemecSim *sim, PetscInt t)
{
  const SemecConfig *cfg = &sim->cfg;
  double             now = (double)t * cfg->slot_s;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell      *cell = &sim->cells[i];
    SemecTasksCell *tc   = SemecTasksCellOf(cell);
    PetscCall(PetscMemzero(&tc->slot, sizeof(tc->slot)));
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE      *ue = &cell->ues[u];
      SemecTasksUE *q  = SemecTasksUEOf(ue);
      int           cloud_cancelled = 0, dropped;
      if (t > 0 && cfg->ue_speed_mps > 0.0) {
        SemecGeomMoveUE(cfg, &sim->topo, ue->id, t, &ue->x, &ue->y);
        PetscCall(SemecUEUpdateGains(cfg, &sim->topo, cell->id, ue, PETSC_FALSE));
      }
      /* tasks past their deadline leave every queue of the UE */
      dropped = SemecTaskQueueDropExpired(&q->pending, now, &cloud_cancelled) + SemecTaskQueueDropExpired(&q->local, now, &cloud_cancelled) +
                SemecTaskQueueDropExpired(&q->tx, now, &cloud_cancelled) + SemecTaskQueueDropExpired(&q->edge, now, &cloud_cancelled);
      sim->cloud_sums[SEMEC_CLOUD_CANCELLED_TASKS] += cloud_cancelled;
      tc->dropped += dropped;
      tc->slot.dropped += dropped;
      /* arrivals: a full UE queue drops them */
      PetscInt n = SemecTaskArrivals(cfg, ue->id, t);
      for (PetscInt j = 0; j < n; j++) {
        SemecTask task;
        tc->arrived++;
        tc->slot.arrived++;
        if (q->pending.count + q->local.count + q->tx.count >= cfg->ue_queue_max) {
          tc->dropped++;
          tc->slot.dropped++;
          continue;
        }
        SemecTaskMake(cfg, ue->id, t, j, &task);
        PetscCall(SemecTaskQueuePush(&q->pending, &task));
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecTasksClear(SemecModel *m, SemecCell *cell)
{
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecTasksUE *q = SemecTasksUEOf(&cell->ues[u]);
    q->mode         = SEMEC_MODE_IDLE;
    q->f_edge       = 0.0;
    q->semantic     = PETSC_FALSE;
  }
}

static PetscBool HasCloudUpload(const SemecTasksUE *q)
{
  for (int i = 0; i < q->tx.count; i++)
    if (SemecTaskQueueAt(&q->tx, i)->route == SEMEC_ROUTE_CLOUD) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* a UE asks for the cloud with its new cloud tasks (amount) or with cloud
 * tasks still uploading (amount 0) */
static PetscBool Request(const SemecSim *sim, const SemecUE *ue, int64_t *amount)
{
  const SemecTasksUE *q = SemecTasksUEOf(ue);
  (void)sim;
  *amount = q->mode == SEMEC_MODE_CLOUD ? q->pending.count : 0;
  return (PetscBool)(*amount > 0 || HasCloudUpload(q));
}

static PetscErrorCode Verdict(SemecSim *sim, SemecCell *cell, SemecUE *ue, int64_t amount, PetscBool ok)
{
  (void)sim;
  SemecTasksUEOf(ue)->cloud_granted = ok;
  if (!ok) SemecTasksCellOf(cell)->slot.cloud_denied += amount > 0 ? amount : 1;
  return PETSC_SUCCESS;
}

PetscErrorCode SemecTasksCommit(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++)
    for (PetscInt u = 0; u < sim->cells[i].nue; u++) SemecTasksUEOf(&sim->cells[i].ues[u])->cloud_granted = PETSC_FALSE;
  PetscCall(SemecCloudAdmit(sim, t, Request, Verdict));
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell      *cell = &sim->cells[i];
    SemecTasksCell *tc   = SemecTasksCellOf(cell);
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecTasksUE *q = SemecTasksUEOf(&cell->ues[u]);
      if (q->mode == SEMEC_MODE_IDLE) continue;
      while (q->pending.count) {
        SemecTask task = *SemecTaskQueueAt(&q->pending, 0);
        SemecTaskQueuePop(&q->pending);
        if (q->semantic && q->mode != SEMEC_MODE_LOCAL) {
          /* semantic mode: extract and compress on the UE, send s/eps, the
           * server reconstructs and recognises (paper 003 eqs. (3), (7)) */
          const SemecConfig *cfg = &sim->cfg;
          task.bits         = (int64_t)llround(cfg->type_bits_sem[task.type]);
          task.cycles       = (int64_t)llround(cfg->type_cycles_sem[task.type]);
          task.total_cycles = task.cycles;
          task.pre_cycles   = (int64_t)llround(cfg->type_extract_cycles[task.type]);
        }
        if (q->mode == SEMEC_MODE_EDGE) {
          task.route = SEMEC_ROUTE_EDGE;
          tc->slot.offloaded_edge++;
          PetscCall(SemecTaskQueuePush(&q->tx, &task));
        } else if (q->mode == SEMEC_MODE_CLOUD && q->cloud_granted) {
          task.route = SEMEC_ROUTE_CLOUD;
          tc->slot.offloaded_cloud++;
          sim->cloud_sums[SEMEC_CLOUD_GRANTED_TASKS]++;
          PetscCall(SemecTaskQueuePush(&q->tx, &task));
        } else {
          task.route = SEMEC_ROUTE_LOCAL;
          PetscCall(SemecTaskQueuePush(&q->local, &task));
        }
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void Complete(const SemecConfig *cfg, SemecTasksCell *tc, const SemecTask *task, double done_s)
{
  double delay = done_s - task->arrival_s;
  tc->completed++;
  tc->slot.completed++;
  tc->slot.delay_sum_s += delay;
  tc->slot.reward += cfg->reward_c1 * log(1.0 / ((double)task->priority * delay)) + cfg->reward_c2; /* paper 003 eq. (8) */
}

/* Runs a queue on a processor of f cycle/s over [t0, t1): tasks start when
 * ready, in order; returns the busy time (s). */
static double Execute(const SemecConfig *cfg, SemecTasksCell *tc, SemecTaskQueue *q, double f, double t0, double t1)
{
  double clock = t0, busy = 0.0;
  if (f <= 0.0) return 0.0;
  while (q->count) {
    SemecTask *task  = SemecTaskQueueAt(q, 0);
    double     start = task->ready_s > clock ? task->ready_s : clock;
    if (start >= t1) break;
    double need = (double)task->cycles / f;
    if (start + need <= t1) {
      Complete(cfg, tc, task, start + need);
      busy += need;
      clock = start + need;
      SemecTaskQueuePop(q);
    } else {
      int64_t done = (int64_t)floor(f * (t1 - start));
      task->cycles -= done < task->cycles ? done : task->cycles - 1;
      busy += t1 - start;
      break;
    }
  }
  return busy;
}

/* Runs the semantic extraction of the tx queue's tasks in order on the UE
 * CPU (f cycle/s) over [t0, t1); a task may be uploaded from the time its
 * extraction ends (ready_s).  Returns the busy time; *cpu_free is when the
 * CPU can start on the local queue. */
static double Extract(SemecTasksUE *q, double f, double t0, double t1, double *cpu_free)
{
  double clock = t0, busy = 0.0;
  for (int i = 0; i < q->tx.count && clock < t1; i++) {
    SemecTask *task = SemecTaskQueueAt(&q->tx, i);
    if (task->pre_cycles <= 0) continue;
    double start = task->ready_s > clock ? task->ready_s : clock, need = (double)task->pre_cycles / f;
    if (start >= t1) break;
    if (start + need <= t1) {
      task->pre_cycles = 0;
      task->ready_s    = start + need;
      busy += need;
      clock = start + need;
    } else {
      int64_t done = (int64_t)floor(f * (t1 - start));
      task->pre_cycles -= done < task->pre_cycles ? done : task->pre_cycles - 1;
      busy += t1 - start;
      clock = t1;
    }
  }
  *cpu_free = clock;
  return busy;
}

/* Uploads the tx queue at rate r over [t0, t1); returns the transmit time. */
static PetscErrorCode Upload(SemecSim *sim, SemecTasksCell *tc, SemecTasksUE *q, double r, PetscInt slot, double t0, double t1, double *txtime)
{
  double clock = t0;

  PetscFunctionBeginUser;
  *txtime = 0.0;
  while (r > 0.0 && q->tx.count && clock < t1) {
    SemecTask *task = SemecTaskQueueAt(&q->tx, 0);
    if (task->route == SEMEC_ROUTE_CLOUD && !q->cloud_granted) break;
    if (task->pre_cycles > 0 || task->ready_s >= t1) break; /* semantic extraction not finished */
    if (task->ready_s > clock) clock = task->ready_s;
    double need = (double)task->bits / r;
    if (clock + need <= t1) {
      SemecTask done = *task;
      clock += need;
      tc->slot.throughput_bps += (double)done.bits / sim->cfg.slot_s;
      done.bits    = 0;
      done.ready_s = clock;
      SemecTaskQueuePop(&q->tx);
      if (done.route == SEMEC_ROUTE_EDGE) {
        if (q->edge.count >= sim->cfg.edge_queue_max) {
          tc->dropped++;
          tc->slot.dropped++;
        } else PetscCall(SemecTaskQueuePush(&q->edge, &done));
      } else {
        done.batch = slot;
        sim->cloud_sums[SEMEC_CLOUD_ARRIVED_TASKS]++;
        sim->cloud_sums[SEMEC_CLOUD_ARRIVED_CYCLES] += done.cycles;
        PetscCall(SemecTaskQueuePush(&tc->cloud, &done));
      }
    } else {
      int64_t sent = (int64_t)floor(r * (t1 - clock));
      sent = sent < task->bits ? sent : task->bits - 1;
      task->bits -= sent;
      tc->slot.throughput_bps += (double)sent / sim->cfg.slot_s;
      clock = t1;
    }
  }
  *txtime = clock - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecTasksEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecConfig *cfg = &sim->cfg;
  double             t0 = (double)t * cfg->slot_s, t1 = t0 + cfg->slot_s;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell      *cell = &sim->cells[i];
    SemecTasksCell *tc   = SemecTasksCellOf(cell);
    PetscInt        nsub[1024];
    PetscInt       *subs = nsub;
    if (cell->nue > 1024) PetscCall(PetscMalloc1(cell->nue, &subs));
    for (PetscInt u = 0; u < cell->nue; u++) subs[u] = 0;
    for (PetscInt n = 0; n < cfg->subcarriers; n++)
      if (cell->sub_owner[n] >= 0) subs[cell->sub_owner[n]]++;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecTasksUE *q = SemecTasksUEOf(&cell->ues[u]);
      double        busy, txtime, cpu_free;
      busy = Extract(q, cfg->ue_cpu_hz, t0, t1, &cpu_free);
      busy += Execute(cfg, tc, &q->local, cfg->ue_cpu_hz, cpu_free, t1);
      tc->slot.energy_j += cfg->ue_kappa * pow(cfg->ue_cpu_hz, 3.0) * busy;
      q->rate_bps = subs[u] ? SemecUplinkRate(sim, cell, u, t) : 0.0;
      PetscCall(Upload(sim, tc, q, q->rate_bps, t, t0, t1, &txtime));
      tc->slot.energy_j += cfg->tx_power_w * (double)subs[u] * txtime;
      busy = Execute(cfg, tc, &q->edge, q->f_edge, t0, t1);
      tc->slot.energy_j += cfg->mec_kappa * pow(q->f_edge, 3.0) * busy;
    }
    if (subs != nsub) PetscCall(PetscFree(subs));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecTasksSettle(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell      *cell = &sim->cells[i];
    SemecTasksCell *tc   = SemecTasksCellOf(cell);
    while (tc->cloud.count) {
      SemecTask *task = SemecTaskQueueAt(&tc->cloud, 0);
      double     done = SemecCloudBatchDoneTime(&sim->cloud, task->batch);
      if (done < 0.0) break;
      Complete(&sim->cfg, tc, task, done);
      SemecTaskQueuePop(&tc->cloud);
    }
    tc->slot.backlog = SemecTasksCellBacklog(cell);
    tc->energy_j += tc->slot.energy_j;
    tc->delay_sum_s += tc->slot.delay_sum_s;
    PetscCall(SemecTasksCellCheckConservation(cell, t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
