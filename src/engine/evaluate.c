/* Commit, evaluate and the cloud exchange: what happens to tasks in a slot.
 *
 * Commit.  The policy chose a mode for each UE; the UE's pending tasks are
 * committed to that route.  Cloud uploads need a grant: when the cloud has
 * an access limit (UEs per slot) or a queue bound, requests are ranked in a
 * global order (cells from t mod C upwards, wrapping; UEs by id within a
 * cell) and a prefix of that order is granted.  The rank of a request is a
 * prefix sum over ranks (one MPI_Exscan), so the rule is the same for any
 * decomposition.  Denied new tasks run locally; a denied UE does not upload
 * its cloud tasks in this slot.  Every denial is counted (cloud_denied).
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
 * Exchange cloud.  One Allreduce of the slot's cloud sums; every rank then
 * advances its copy of the cloud and completes its cells' tasks. */
#include <semec/engine/sim.h>
#include <semec/engine/channel.h>
#include <semec/engine/radio.h>
#include <math.h>

double SemecUplinkRate(const SemecSim *sim, const SemecCell *cell, PetscInt u, PetscInt slot)
{
  const SemecConfig *cfg = &sim->cfg;
  const SemecUE     *ue  = &cell->ues[u];
  double             rate = 0.0;
  SemecFadingCache   fc   = SEMEC_FADING_CACHE_INIT;

  for (PetscInt n = 0; n < cfg->subcarriers; n++) {
    if (cell->sub_owner[n] != u) continue;
    double g = ue->gain[0] * SemecFadingCached(&fc, cfg, cell->id, ue->id, slot, n);
    rate += SemecShannonRate(cfg->subcarrier_hz, SemecSinr(cfg->tx_power_w, g, cell->interference[n], sim->noise_w));
  }
  return rate;
}

static PetscBool HasCloudUpload(const SemecUE *ue)
{
  for (int i = 0; i < ue->tx.count; i++)
    if (SemecTaskQueueAt(&ue->tx, i)->route == SEMEC_ROUTE_CLOUD) return PETSC_TRUE;
  return PETSC_FALSE;
}

PetscErrorCode SemecCloudAdmit(SemecSim *sim, PetscInt t, SemecCloudRequestFn request, SemecCloudVerdictFn verdict)
{
  const SemecCloud *cloud = &sim->cloud;
  PetscInt          start = t % sim->cfg.cells;
  int64_t           mine[4] = {0, 0, 0, 0}, prefix[4] = {0, 0, 0, 0}, total[4] = {0, 0, 0, 0}, run[4] = {0, 0, 0, 0};
  int64_t           room = SemecCloudRoom(cloud), amount;
  PetscBool         limited = (PetscBool)(cloud->access_max > 0 || cloud->queue_max > 0);

  PetscFunctionBeginUser;
  /* mine = {UEs, amount} requested in cells >= start, then in cells < start */
  for (PetscInt i = 0; limited && i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    int        hi   = cell->id >= start ? 0 : 2;
    for (PetscInt u = 0; u < cell->nue; u++)
      if (request(sim, &cell->ues[u], &amount)) {
        mine[hi] += 1;
        mine[hi + 1] += amount;
      }
  }
  if (limited) PetscCall(SemecCommPrefixInt64(sim->comm, mine, prefix, total, 4));
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    int        hi   = cell->id >= start ? 0 : 2;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE *ue = &cell->ues[u];
      if (!request(sim, ue, &amount)) continue;
      int64_t pos_ues = prefix[hi] + run[hi] + (hi ? total[0] : 0);
      int64_t pos_amt = prefix[hi + 1] + run[hi + 1] + (hi ? total[1] : 0);
      run[hi] += 1;
      run[hi + 1] += amount;
      PetscBool ok = (PetscBool)(!limited || ((cloud->access_max <= 0 || pos_ues < cloud->access_max) && pos_amt + amount <= room));
      if (ok) sim->cloud_sums[SEMEC_CLOUD_ACCESS_UES]++;
      PetscCall(verdict(sim, cell, ue, amount, ok));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* tasks model: a UE asks for the cloud with its new cloud tasks (amount)
 * or with cloud tasks still uploading (amount 0) */
static PetscBool TasksRequest(const SemecSim *sim, const SemecUE *ue, int64_t *amount)
{
  (void)sim;
  *amount = ue->mode == SEMEC_MODE_CLOUD ? ue->pending.count : 0;
  return (PetscBool)(*amount > 0 || HasCloudUpload(ue));
}

static PetscErrorCode TasksVerdict(SemecSim *sim, SemecCell *cell, SemecUE *ue, int64_t amount, PetscBool ok)
{
  (void)sim;
  ue->cloud_granted = ok;
  if (!ok) cell->slot.cloud_denied += amount > 0 ? amount : 1;
  return PETSC_SUCCESS;
}

PetscErrorCode SemecCommitDecisions(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
  if (sim->cfg.model == SEMEC_MODEL_CEE) {
    PetscCall(SemecCeeAdmitCloud(sim, t));
    PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt i = 0; i < sim->ncells; i++)
    for (PetscInt u = 0; u < sim->cells[i].nue; u++) sim->cells[i].ues[u].cloud_granted = PETSC_FALSE;
  PetscCall(SemecCloudAdmit(sim, t, TasksRequest, TasksVerdict));
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE *ue = &cell->ues[u];
      if (ue->mode == SEMEC_MODE_IDLE) continue;
      while (ue->pending.count) {
        SemecTask task = *SemecTaskQueueAt(&ue->pending, 0);
        SemecTaskQueuePop(&ue->pending);
        if (ue->semantic && ue->mode != SEMEC_MODE_LOCAL) {
          /* semantic mode: extract and compress on the UE, send s/eps, the
           * server reconstructs and recognises (paper 003 eqs. (3), (7)) */
          const SemecConfig *cfg = &sim->cfg;
          task.bits         = (int64_t)llround(cfg->type_bits_sem[task.type]);
          task.cycles       = (int64_t)llround(cfg->type_cycles_sem[task.type]);
          task.total_cycles = task.cycles;
          task.pre_cycles   = (int64_t)llround(cfg->type_extract_cycles[task.type]);
        }
        if (ue->mode == SEMEC_MODE_EDGE) {
          task.route = SEMEC_ROUTE_EDGE;
          cell->slot.offloaded_edge++;
          PetscCall(SemecTaskQueuePush(&ue->tx, &task));
        } else if (ue->mode == SEMEC_MODE_CLOUD && ue->cloud_granted) {
          task.route = SEMEC_ROUTE_CLOUD;
          cell->slot.offloaded_cloud++;
          sim->cloud_sums[SEMEC_CLOUD_GRANTED_TASKS]++;
          PetscCall(SemecTaskQueuePush(&ue->tx, &task));
        } else {
          task.route = SEMEC_ROUTE_LOCAL;
          PetscCall(SemecTaskQueuePush(&ue->local, &task));
        }
      }
    }
  }
  PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void Complete(const SemecConfig *cfg, SemecCell *cell, const SemecTask *task, double done_s)
{
  double delay = done_s - task->arrival_s;
  cell->completed++;
  cell->slot.completed++;
  cell->slot.delay_sum_s += delay;
  cell->slot.reward += cfg->reward_c1 * log(1.0 / ((double)task->priority * delay)) + cfg->reward_c2; /* paper 003 eq. (8) */
}

/* Runs a queue on a processor of f cycle/s over [t0, t1): tasks start when
 * ready, in order; returns the busy time (s). */
static double Execute(const SemecConfig *cfg, SemecCell *cell, SemecTaskQueue *q, double f, double t0, double t1)
{
  double clock = t0, busy = 0.0;
  if (f <= 0.0) return 0.0;
  while (q->count) {
    SemecTask *task  = SemecTaskQueueAt(q, 0);
    double     start = task->ready_s > clock ? task->ready_s : clock;
    if (start >= t1) break;
    double need = (double)task->cycles / f;
    if (start + need <= t1) {
      Complete(cfg, cell, task, start + need);
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
static double Extract(SemecUE *ue, double f, double t0, double t1, double *cpu_free)
{
  double clock = t0, busy = 0.0;
  for (int i = 0; i < ue->tx.count && clock < t1; i++) {
    SemecTask *task = SemecTaskQueueAt(&ue->tx, i);
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
static PetscErrorCode Upload(SemecSim *sim, SemecCell *cell, SemecUE *ue, double r, PetscInt slot, double t0, double t1, double *txtime)
{
  double clock = t0;

  PetscFunctionBeginUser;
  *txtime = 0.0;
  while (r > 0.0 && ue->tx.count && clock < t1) {
    SemecTask *task = SemecTaskQueueAt(&ue->tx, 0);
    if (task->route == SEMEC_ROUTE_CLOUD && !ue->cloud_granted) break;
    if (task->pre_cycles > 0 || task->ready_s >= t1) break; /* semantic extraction not finished */
    if (task->ready_s > clock) clock = task->ready_s;
    double need = (double)task->bits / r;
    if (clock + need <= t1) {
      SemecTask done = *task;
      clock += need;
      cell->slot.throughput_bps += (double)done.bits / sim->cfg.slot_s;
      done.bits = 0;
      done.ready_s = clock;
      SemecTaskQueuePop(&ue->tx);
      if (done.route == SEMEC_ROUTE_EDGE) {
        if (ue->edge.count >= sim->cfg.edge_queue_max) {
          cell->dropped++;
          cell->slot.dropped++;
        } else PetscCall(SemecTaskQueuePush(&ue->edge, &done));
      } else {
        done.batch = slot;
        sim->cloud_sums[SEMEC_CLOUD_ARRIVED_TASKS]++;
        sim->cloud_sums[SEMEC_CLOUD_ARRIVED_CYCLES] += done.cycles;
        PetscCall(SemecTaskQueuePush(&cell->cloud, &done));
      }
    } else {
      int64_t sent = (int64_t)floor(r * (t1 - clock));
      sent = sent < task->bits ? sent : task->bits - 1;
      task->bits -= sent;
      cell->slot.throughput_bps += (double)sent / sim->cfg.slot_s;
      clock = t1;
    }
  }
  *txtime = clock - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecConfig *cfg = &sim->cfg;
  double             t0 = (double)t * cfg->slot_s, t1 = t0 + cfg->slot_s;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.evaluate, 0, 0, 0, 0));
  if (cfg->model == SEMEC_MODEL_CEE) {
    PetscCall(SemecCeeEvaluate(sim, t));
    PetscCall(PetscLogEventEnd(sim->ev.evaluate, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    PetscInt   nsub[1024];
    PetscInt  *subs = nsub;
    if (cell->nue > 1024) PetscCall(PetscMalloc1(cell->nue, &subs));
    for (PetscInt u = 0; u < cell->nue; u++) subs[u] = 0;
    for (PetscInt n = 0; n < cfg->subcarriers; n++)
      if (cell->sub_owner[n] >= 0) subs[cell->sub_owner[n]]++;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE *ue = &cell->ues[u];
      double   busy, txtime, cpu_free;
      busy = Extract(ue, cfg->ue_cpu_hz, t0, t1, &cpu_free);
      busy += Execute(cfg, cell, &ue->local, cfg->ue_cpu_hz, cpu_free, t1);
      cell->slot.energy_j += cfg->ue_kappa * pow(cfg->ue_cpu_hz, 3.0) * busy;
      ue->rate_bps = subs[u] ? SemecUplinkRate(sim, cell, u, t) : 0.0;
      PetscCall(Upload(sim, cell, ue, ue->rate_bps, t, t0, t1, &txtime));
      cell->slot.energy_j += cfg->tx_power_w * (double)subs[u] * txtime;
      busy = Execute(cfg, cell, &ue->edge, ue->f_edge, t0, t1);
      cell->slot.energy_j += cfg->mec_kappa * pow(ue->f_edge, 3.0) * busy;
    }
    if (subs != nsub) PetscCall(PetscFree(subs));
  }
  PetscCall(PetscLogEventEnd(sim->ev.evaluate, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecExchangeCloud(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.cloud, 0, 0, 0, 0));
  PetscCall(SemecCommSumInt64(sim->comm, sim->cloud_sums, SEMEC_CLOUD_NFIELDS));
  PetscCall(SemecCloudAdvance(&sim->cloud, t, sim->cfg.slot_s, sim->cloud_sums));
  for (int f = 0; f < SEMEC_CLOUD_NFIELDS; f++) sim->cloud_sums[f] = 0;
  if (sim->cfg.model == SEMEC_MODEL_CEE) {
    PetscCall(SemecCeeSettle(sim, t));
    PetscCall(PetscLogEventEnd(sim->ev.cloud, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    while (cell->cloud.count) {
      SemecTask *task = SemecTaskQueueAt(&cell->cloud, 0);
      double     done = SemecCloudBatchDoneTime(&sim->cloud, task->batch);
      if (done < 0.0) break;
      Complete(&sim->cfg, cell, task, done);
      SemecTaskQueuePop(&cell->cloud);
    }
    cell->slot.backlog = SemecCellBacklog(cell);
    cell->energy_j += cell->slot.energy_j;
    cell->delay_sum_s += cell->slot.delay_sum_s;
    PetscCall(SemecCellCheckConservation(cell, t));
  }
  PetscCall(PetscLogEventEnd(sim->ev.cloud, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
