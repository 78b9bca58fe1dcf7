/* The tasks model's end-of-run state under /model (SemecModelOps.checkpoint):
 * what a restart needs to rebuild every cell and UE — the cells' cumulative
 * counters, which cell each UE is in, and every task held in a queue with
 * all its fields.  Rows follow the cells in order and, within a cell, the
 * UEs by id, the queues pending, local, tx, edge, then the cell's tasks in
 * the cloud, each queue from its head: the file does not depend on the
 * decomposition.  Layout in docs/output.md. */
#include <semec/engine/sim.h>
#include <semec/tasks/model.h>

#define NQUEUES 5 /* pending, local, tx, edge, and the cell's tasks in the cloud */

typedef struct {
  int64_t *cell, *ue, *queue, *type, *priority, *route, *bits, *cycles, *total_cycles, *pre_cycles, *batch;
  double  *arrival_s, *deadline_s, *ready_s;
} Columns;

static void Put(Columns *c, int64_t row, int64_t cell, int64_t ue, int64_t queue, const SemecTask *t)
{
  c->cell[row]         = cell;
  c->ue[row]           = ue;
  c->queue[row]        = queue;
  c->type[row]         = t->type;
  c->priority[row]     = t->priority;
  c->route[row]        = t->route;
  c->bits[row]         = t->bits;
  c->cycles[row]       = t->cycles;
  c->total_cycles[row] = t->total_cycles;
  c->pre_cycles[row]   = t->pre_cycles;
  c->batch[row]        = t->batch;
  c->arrival_s[row]    = t->arrival_s;
  c->deadline_s[row]   = t->deadline_s;
  c->ready_s[row]      = t->ready_s;
}

static PetscErrorCode WriteCells(SemecSim *sim, hid_t g)
{
  PetscInt n = sim->ncells;
  int64_t *i64[5];
  double  *energy, *delay;

  PetscFunctionBeginUser;
  for (int k = 0; k < 5; k++) PetscCall(PetscMalloc1(n + 1, &i64[k]));
  PetscCall(PetscMalloc2(n + 1, &energy, n + 1, &delay));
  for (PetscInt i = 0; i < n; i++) {
    const SemecTasksCell *tc = SemecTasksCellOf(&sim->cells[i]);
    i64[0][i] = tc->arrived;
    i64[1][i] = tc->completed;
    i64[2][i] = tc->dropped;
    i64[3][i] = tc->migrated_in;
    i64[4][i] = tc->migrated_out;
    energy[i] = tc->energy_j;
    delay[i]  = tc->delay_sum_s;
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_arrived", H5T_NATIVE_INT64, n, i64[0], "tasks", "tasks that arrived at each cell's UEs, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_completed", H5T_NATIVE_INT64, n, i64[1], "tasks", "tasks each cell completed, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_dropped", H5T_NATIVE_INT64, n, i64[2], "tasks", "tasks each cell dropped, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_migrated_in", H5T_NATIVE_INT64, n, i64[3], "tasks", "tasks carried into each cell by UEs that joined it, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_migrated_out", H5T_NATIVE_INT64, n, i64[4], "tasks", "tasks carried out of each cell by UEs that left it, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_energy", H5T_NATIVE_DOUBLE, n, energy, "J", "energy each cell spent, whole run"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "cell_delay_sum", H5T_NATIVE_DOUBLE, n, delay, "s", "sum of the delays of each cell's completed tasks, whole run"));
  for (int k = 0; k < 5; k++) PetscCall(PetscFree(i64[k]));
  PetscCall(PetscFree2(energy, delay));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteUEs(SemecSim *sim, hid_t g)
{
  int64_t nue = 0, *id, *cell;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) nue += sim->cells[i].nue;
  PetscCall(PetscMalloc2(nue + 1, &id, nue + 1, &cell));
  nue = 0;
  for (PetscInt i = 0; i < sim->ncells; i++)
    for (PetscInt u = 0; u < sim->cells[i].nue; u++, nue++) {
      id[nue]   = sim->cells[i].ues[u].id;
      cell[nue] = sim->cells[i].id;
    }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "ue_id", H5T_NATIVE_INT64, nue, id, "1", "global id of each UE, by cell and then by id"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "ue_cell", H5T_NATIVE_INT64, nue, cell, "1", "cell each UE (ue_id) is associated with at the end"));
  PetscCall(PetscFree2(id, cell));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteTasks(SemecSim *sim, hid_t g)
{
  Columns c;
  int64_t n = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) n += SemecTasksCellBacklog(&sim->cells[i]);
  PetscCall(PetscMalloc6(n + 1, &c.cell, n + 1, &c.ue, n + 1, &c.queue, n + 1, &c.type, n + 1, &c.priority, n + 1, &c.route));
  PetscCall(PetscMalloc5(n + 1, &c.bits, n + 1, &c.cycles, n + 1, &c.total_cycles, n + 1, &c.pre_cycles, n + 1, &c.batch));
  PetscCall(PetscMalloc3(n + 1, &c.arrival_s, n + 1, &c.deadline_s, n + 1, &c.ready_s));
  n = 0;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecCell *cell = &sim->cells[i];
    for (PetscInt u = 0; u < cell->nue; u++) {
      const SemecTasksUE   *q      = SemecTasksUEOf(&cell->ues[u]);
      const SemecTaskQueue *queues[NQUEUES - 1] = {&q->pending, &q->local, &q->tx, &q->edge};
      for (int k = 0; k < NQUEUES - 1; k++)
        for (int j = 0; j < queues[k]->count; j++) Put(&c, n++, cell->id, cell->ues[u].id, k, SemecTaskQueueAt(queues[k], j));
    }
    const SemecTaskQueue *cloud = &SemecTasksCellOf(cell)->cloud;
    for (int j = 0; j < cloud->count; j++) Put(&c, n++, cell->id, -1, NQUEUES - 1, SemecTaskQueueAt(cloud, j));
  }
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_cell", H5T_NATIVE_INT64, n, c.cell, "1", "cell that holds each queued task"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_ue", H5T_NATIVE_INT64, n, c.ue, "1", "UE whose queue holds the task; -1 for the cell's tasks in the cloud"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_queue", H5T_NATIVE_INT64, n, c.queue, "1",
                                 "queue of the task: 0 pending, 1 local, 2 tx (to upload), 3 edge (at the MEC server), 4 in the cloud; rows from each queue's head"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_type", H5T_NATIVE_INT64, n, c.type, "1", "task type (index into the -task_ lists)"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_priority", H5T_NATIVE_INT64, n, c.priority, "1", "priority M of the task"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_route", H5T_NATIVE_INT64, n, c.route, "1", "route committed: 0 none, 1 local, 2 edge, 3 cloud"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_bits", H5T_NATIVE_INT64, n, c.bits, "bit", "input data still to upload"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_cycles", H5T_NATIVE_INT64, n, c.cycles, "cycle", "computation still to do"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_total_cycles", H5T_NATIVE_INT64, n, c.total_cycles, "cycle", "computation of the whole task"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_pre_cycles", H5T_NATIVE_INT64, n, c.pre_cycles, "cycle", "semantic extraction still to do on the UE"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_batch", H5T_NATIVE_INT64, n, c.batch, "slot", "cloud batch (slot the task reached the cloud), -1 otherwise"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_arrival", H5T_NATIVE_DOUBLE, n, c.arrival_s, "s", "arrival time"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_deadline", H5T_NATIVE_DOUBLE, n, c.deadline_s, "s", "absolute deadline, 0 = none"));
  PetscCall(SemecOutputWriteRows(sim->out, sim->comm, g, "task_ready", H5T_NATIVE_DOUBLE, n, c.ready_s, "s", "time the task became available where it is queued"));
  PetscCall(PetscFree6(c.cell, c.ue, c.queue, c.type, c.priority, c.route));
  PetscCall(PetscFree5(c.bits, c.cycles, c.total_cycles, c.pre_cycles, c.batch));
  PetscCall(PetscFree3(c.arrival_s, c.deadline_s, c.ready_s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecTasksCheckpoint(SemecSim *sim, hid_t g)
{
  PetscFunctionBeginUser;
  PetscCall(WriteCells(sim, g));
  PetscCall(WriteUEs(sim, g));
  PetscCall(WriteTasks(sim, g));
  PetscFunctionReturn(PETSC_SUCCESS);
}
