/* The communication module: the only compilation unit that calls MPI.
 *
 * Design.  Rank r owns the contiguous block of cells [r c, (r+1) c).  Cells
 * interact only with neighbours (closer than -chan_interference_radius), so
 * at creation we build an MPI distributed-graph communicator whose edges are
 * the ranks owning neighbouring cells, and every per-slot neighbour exchange
 * is one MPI_Neighbor_alltoallv on it.  Per slot and rank this moves
 * O(neighbour cell pairs x subcarriers) doubles: it does not grow with the
 * total number of cells.  The payload is the caller's (interference terms,
 * migrating UEs); this module only moves bytes.
 *
 * The shared cloud needs network-wide sums: one MPI_Allreduce of a few int64
 * per slot (integers, so the sum is exact and independent of the reduction
 * order), plus an MPI_Exscan when the cloud's access limit or queue bound
 * must be arbitrated.  Cost: latency O(log ranks), a few dozen bytes.
 *
 * RL gradient averaging (-rl_sync allreduce, src/learn/nn.c) sums one vector of
 * the parameter count per update with a reduction to rank 0 and a
 * broadcast, so that every rank receives the same bits and the shared
 * weights never drift apart: O(parameters x log ranks) per update.
 *
 * Every byte this rank sends through these calls is counted, so the
 * summary and bench/ report the per-rank traffic per slot. */
#include <semec/engine/comm.h>

struct SemecComm_s {
  MPI_Comm     world, graph;
  PetscMPIInt  rank, size;
  PetscInt     cells_per_rank;
  PetscInt     nnbr;
  PetscMPIInt *nbr;
  PetscMPIInt *sdispl, *rdispl, *icount;
  int64_t      bytes_sent;
};

PetscErrorCode SemecCommCreate(MPI_Comm world, const SemecConfig *cfg, const SemecTopology *topo, SemecComm **pcomm)
{
  SemecComm *c;
  PetscInt   first, n = 0, *ranks;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&c));
  c->world = world;
  PetscCallMPI(MPI_Comm_rank(world, &c->rank));
  PetscCallMPI(MPI_Comm_size(world, &c->size));
  c->cells_per_rank = cfg->cells_per_rank;
  PetscCheck(cfg->cells == (PetscInt)c->size * cfg->cells_per_rank, world, PETSC_ERR_ARG_INCOMP,
             "Decomposition: -sim_cells %" PetscInt_FMT " != %d ranks x -sim_cells_per_rank %" PetscInt_FMT, cfg->cells, c->size, cfg->cells_per_rank);
  first = (PetscInt)c->rank * c->cells_per_rank;
  /* ranks owning a neighbour of one of my cells: the neighbour relation is
   * symmetric, so the graph is too */
  PetscCall(PetscMalloc1(topo->nbr_start[first + c->cells_per_rank] - topo->nbr_start[first] + 1, &ranks));
  for (PetscInt k = first; k < first + c->cells_per_rank; k++)
    for (PetscInt i = topo->nbr_start[k]; i < topo->nbr_start[k + 1]; i++) {
      PetscInt owner = topo->nbr[i] / c->cells_per_rank;
      if (owner != c->rank) ranks[n++] = owner;
    }
  PetscCall(PetscSortRemoveDupsInt(&n, ranks));
  c->nnbr = n;
  PetscCall(PetscMalloc4(n + 1, &c->nbr, n + 1, &c->sdispl, n + 1, &c->rdispl, n + 1, &c->icount));
  for (PetscInt i = 0; i < n; i++) c->nbr[i] = (PetscMPIInt)ranks[i];
  PetscCall(PetscFree(ranks));
  /* Open MPI's MPI_UNWEIGHTED is a sentinel address GCC mistakes for an array */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
  PetscCallMPI(MPI_Dist_graph_create_adjacent(world, (int)n, c->nbr, MPI_UNWEIGHTED, (int)n, c->nbr, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &c->graph));
#pragma GCC diagnostic pop
  *pcomm = c;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommDestroy(SemecComm **pcomm)
{
  PetscFunctionBeginUser;
  if (!*pcomm) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCallMPI(MPI_Comm_free(&(*pcomm)->graph));
  PetscCall(PetscFree4((*pcomm)->nbr, (*pcomm)->sdispl, (*pcomm)->rdispl, (*pcomm)->icount));
  PetscCall(PetscFree(*pcomm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscMPIInt SemecCommSizeOf(MPI_Comm comm)
{
  PetscMPIInt size = 1;
  (void)MPI_Comm_size(comm, &size);
  return size;
}

PetscMPIInt SemecCommRankIn(MPI_Comm comm)
{
  PetscMPIInt rank = 0;
  (void)MPI_Comm_rank(comm, &rank);
  return rank;
}

PetscMPIInt        SemecCommRank(const SemecComm *c) { return c->rank; }
PetscMPIInt        SemecCommSize(const SemecComm *c) { return c->size; }
MPI_Comm           SemecCommWorld(const SemecComm *c) { return c->world; }
PetscInt           SemecCommFirstCell(const SemecComm *c) { return (PetscInt)c->rank * c->cells_per_rank; }
PetscInt           SemecCommLocalCells(const SemecComm *c) { return c->cells_per_rank; }
PetscMPIInt        SemecCommOwner(const SemecComm *c, PetscInt cell) { return (PetscMPIInt)(cell / c->cells_per_rank); }
PetscInt           SemecCommNumNeighbours(const SemecComm *c) { return c->nnbr; }
const PetscMPIInt *SemecCommNeighbours(const SemecComm *c) { return c->nbr; }
int64_t            SemecCommBytesSent(const SemecComm *c) { return c->bytes_sent; }

static void Displacements(PetscInt n, const PetscMPIInt *count, PetscMPIInt *displ)
{
  displ[0] = 0;
  for (PetscInt i = 1; i < n; i++) displ[i] = displ[i - 1] + count[i - 1];
}

PetscErrorCode SemecCommNeighbourExchange(SemecComm *c, const double *send, const PetscMPIInt *sendcount, double *recv, const PetscMPIInt *recvcount)
{
  PetscFunctionBeginUser;
  if (!c->nnbr) PetscFunctionReturn(PETSC_SUCCESS);
  Displacements(c->nnbr, sendcount, c->sdispl);
  Displacements(c->nnbr, recvcount, c->rdispl);
  PetscCallMPI(MPI_Neighbor_alltoallv(send, sendcount, c->sdispl, MPI_DOUBLE, recv, recvcount, c->rdispl, MPI_DOUBLE, c->graph));
  for (PetscInt i = 0; i < c->nnbr; i++) c->bytes_sent += (int64_t)sendcount[i] * (int64_t)sizeof(double);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommNeighbourExchangeBytes(SemecComm *c, const char *send, const PetscMPIInt *sendcount, char **recv, PetscMPIInt *recvcount)
{
  PetscMPIInt total = 0;

  PetscFunctionBeginUser;
  *recv = NULL;
  if (!c->nnbr) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCallMPI(MPI_Neighbor_alltoall(sendcount, 1, MPI_INT, recvcount, 1, MPI_INT, c->graph));
  c->bytes_sent += (int64_t)c->nnbr * (int64_t)sizeof(int);
  for (PetscInt i = 0; i < c->nnbr; i++) total += recvcount[i];
  PetscCall(PetscMalloc1(total + 1, recv));
  Displacements(c->nnbr, sendcount, c->sdispl);
  Displacements(c->nnbr, recvcount, c->rdispl);
  PetscCallMPI(MPI_Neighbor_alltoallv(send, sendcount, c->sdispl, MPI_BYTE, *recv, recvcount, c->rdispl, MPI_BYTE, c->graph));
  for (PetscInt i = 0; i < c->nnbr; i++) c->bytes_sent += sendcount[i];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommSumInt64(SemecComm *c, int64_t *values, int n)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_INT64_T, MPI_SUM, c->world));
  c->bytes_sent += (int64_t)n * 8;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommPrefixInt64(SemecComm *c, const int64_t *values, int64_t *prefix, int64_t *total, int n)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Exscan(values, prefix, n, MPI_INT64_T, MPI_SUM, c->world));
  if (c->rank == 0) for (int i = 0; i < n; i++) prefix[i] = 0; /* MPI leaves rank 0's result undefined */
  for (int i = 0; i < n; i++) total[i] = values[i];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, total, n, MPI_INT64_T, MPI_SUM, c->world));
  c->bytes_sent += (int64_t)n * 16;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommMaxDouble(SemecComm *c, double *values, int n)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_MAX, c->world));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommSumDouble(SemecComm *c, double *values, int n)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_SUM, c->world));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommSumDoubleIdentical(SemecComm *c, double *values, int n)
{
  PetscFunctionBeginUser;
  /* one result, computed once at the root and copied: identical bits on every
   * rank whatever algorithm the MPI library picks for the reduction */
  if (c->rank == 0) PetscCallMPI(MPI_Reduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_SUM, 0, c->world));
  else PetscCallMPI(MPI_Reduce(values, NULL, n, MPI_DOUBLE, MPI_SUM, 0, c->world));
  PetscCallMPI(MPI_Bcast(values, n, MPI_DOUBLE, 0, c->world));
  c->bytes_sent += (int64_t)n * 16; /* about n doubles up the reduction tree and n down the broadcast */
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommAny(SemecComm *c, PetscBool *flag)
{
  int v = *flag ? 1 : 0;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_INT, MPI_LOR, c->world));
  *flag = v ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}
