/* Parallel HDF5 output (schema in docs/output.md).  Per-slot metrics are
 * buffered for -output_interval slots and written collectively; after each
 * write the file is flushed and /run/slots_written updated, so a killed run
 * leaves a readable file with every completed interval. */
#ifndef SEMEC_OUTPUT_H
#define SEMEC_OUTPUT_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>
#include <semec/engine/comm.h>
#include <semec/engine/cell.h>
#include <semec/engine/cloud.h>
#include <semec/engine/model.h>
#include <hdf5.h>

typedef enum { SEMEC_KM_BACKLOG, SEMEC_KM_ARRIVED, SEMEC_KM_COMPLETED, SEMEC_KM_IN_FLIGHT, SEMEC_KM_ACCESS, SEMEC_KM_COUNT } SemecCloudMetric;
extern const SemecMetricInfo SemecCloudMetricInfo[SEMEC_KM_COUNT];

/* Per-cell vectors a policy records every slot (for example the BCD
 * objective after each iteration): /<group>/<name> of shape [slots, cells,
 * width].  A policy gives an array of them ended by one with width 0; the
 * cell holds their values one after the other in cell->series. */
#define SEMEC_MAX_SERIES 8
typedef struct {
  const char *group, *name, *units, *description;
  PetscInt    width;
} SemecSeriesInfo;

typedef struct SemecOutput_s SemecOutput;

/* Before MPI_Init: keeps Open MPI's MPI-IO from handing the output path to
 * a component that cannot take a long one (output.c says why). */
void SemecOutputPrepareMPIIO(void);
/* A UTF-8 string attribute (created, or overwritten if it exists). */
PetscErrorCode SemecH5StringAttr(hid_t obj, const char *name, const char *value);
/* The 'units' and 'description' attributes every semec dataset carries. */
PetscErrorCode SemecH5Describe(hid_t dataset, const char *units, const char *description);
/* Total width of a series array (ended by width 0). */
PetscInt SemecSeriesWidth(const SemecSeriesInfo *series);
/* Creates the file (refusing to overwrite unless -output_overwrite), writes
 * the root attributes with status "running", the topology and empty
 * datasets: /cells/<metric> for the model's nmetrics metrics, /cloud, the
 * policy's series.  Collective. */
PetscErrorCode SemecOutputCreate(const SemecConfig *cfg, SemecComm *comm, const SemecTopology *topo, const SemecMetricInfo *metrics, PetscInt nmetrics,
                                 const SemecSeriesInfo *series, SemecOutput **out);
/* Buffers the slot's metrics of the local cells (values[i nmetrics + m]:
 * metric m of local cell i), their series and the cloud; writes and flushes
 * when an interval is full.  Collective. */
PetscErrorCode SemecOutputRecord(SemecOutput *out, PetscInt slot, const double *values, const SemecCell *cells, PetscInt ncells, const SemecCloud *cloud);
/* A 1-d dataset parent/name holding the n rows of every rank, concatenated
 * in rank order (= cell order, so the result does not depend on the
 * decomposition when each rank's rows follow its cells), written
 * collectively: every rank calls it, with n = 0 if it has none. */
PetscErrorCode SemecOutputWriteRows(const SemecOutput *out, SemecComm *comm, hid_t parent, const char *name, hid_t type, int64_t n, const void *data,
                                    const char *units, const char *description);
/* Root group for policy checkpoints etc. */
hid_t          SemecOutputFile(const SemecOutput *out);
/* Writes what is buffered, sets status ("complete" or "aborted") and the
 * end time, closes the file. Collective. */
PetscErrorCode SemecOutputClose(SemecOutput **out, const char *status);

#endif
