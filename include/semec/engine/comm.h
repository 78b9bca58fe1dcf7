/* The communication module: the only code in semec that calls MPI.
 * Models and policies never see an MPI handle; they hand payloads to the
 * functions below (CoMD's halo-exchange idea: the exchange does not know the
 * payload).  See src/engine/comm.c for the design and its per-slot cost. */
#ifndef SEMEC_COMM_H
#define SEMEC_COMM_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>
#include <stdint.h>

typedef struct SemecComm_s SemecComm;

/* Size of and rank in a communicator, for code that runs before the
 * SemecComm exists (reading the configuration). */
PetscMPIInt SemecCommSizeOf(MPI_Comm comm);
PetscMPIInt SemecCommRankIn(MPI_Comm comm);

/* Checks the decomposition (cells == ranks x cells_per_rank) and builds the
 * distributed-graph communicator of ranks whose cells are neighbours. */
PetscErrorCode SemecCommCreate(MPI_Comm world, const SemecConfig *cfg, const SemecTopology *topo, SemecComm **comm);
PetscErrorCode SemecCommDestroy(SemecComm **comm);

PetscMPIInt SemecCommRank(const SemecComm *comm);
PetscMPIInt SemecCommSize(const SemecComm *comm);
MPI_Comm    SemecCommWorld(const SemecComm *comm); /* for PETSc and HDF5 objects only */
PetscInt    SemecCommFirstCell(const SemecComm *comm);
PetscInt    SemecCommLocalCells(const SemecComm *comm);
PetscMPIInt SemecCommOwner(const SemecComm *comm, PetscInt cell);
/* Neighbour ranks in the graph communicator (ascending). */
PetscInt           SemecCommNumNeighbours(const SemecComm *comm);
const PetscMPIInt *SemecCommNeighbours(const SemecComm *comm);
/* Bytes this rank sent in neighbourhood and global collectives so far. */
int64_t     SemecCommBytesSent(const SemecComm *comm);

/* Neighbourhood exchange of sizes known to both sides: send[i]/recv[i] hold
 * sendcount[i]/recvcount[i] doubles for neighbour i. */
PetscErrorCode SemecCommNeighbourExchange(SemecComm *comm, const double *send, const PetscMPIInt *sendcount,
                                          double *recv, const PetscMPIInt *recvcount);
/* Neighbourhood exchange of byte payloads whose sizes the receiver does not
 * know (UE migration).  *recv is allocated (PetscFree) and recvcount filled. */
PetscErrorCode SemecCommNeighbourExchangeBytes(SemecComm *comm, const char *send, const PetscMPIInt *sendcount,
                                               char **recv, PetscMPIInt *recvcount);
/* Global sums of n int64 values (exact, order independent). */
PetscErrorCode SemecCommSumInt64(SemecComm *comm, int64_t *values, int n);
/* Exclusive prefix sums over ranks (rank order = global cell order) plus the totals. */
PetscErrorCode SemecCommPrefixInt64(SemecComm *comm, const int64_t *values, int64_t *prefix, int64_t *total, int n);
/* Global max / sum of doubles (diagnostics, summary; not on results). */
PetscErrorCode SemecCommMaxDouble(SemecComm *comm, double *values, int n);
PetscErrorCode SemecCommSumDouble(SemecComm *comm, double *values, int n);
/* Global sum of n doubles whose result is bit-identical on every rank:
 * reduced to rank 0, then broadcast (MPI_Allreduce of doubles is not
 * promised to give every rank the same bits).  The value may still depend
 * on the rank count (floating-point order).  Used to average RL gradients
 * (-rl_sync allreduce), where ranks must keep identical weights. */
PetscErrorCode SemecCommSumDoubleIdentical(SemecComm *comm, double *values, int n);
/* PETSC_TRUE on every rank if flag is true on any rank. */
PetscErrorCode SemecCommAny(SemecComm *comm, PetscBool *flag);

#endif
