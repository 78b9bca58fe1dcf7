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
#include <hdf5.h>

typedef enum {
  SEMEC_CM_ENERGY, SEMEC_CM_DELAY, SEMEC_CM_BACKLOG, SEMEC_CM_SERVED, SEMEC_CM_ARRIVED,
  SEMEC_CM_DROPPED, SEMEC_CM_UES, SEMEC_CM_THROUGHPUT, SEMEC_CM_CLOUD_DENIED,
  SEMEC_CM_OFFLOAD_EDGE, SEMEC_CM_OFFLOAD_CLOUD, SEMEC_CM_MIGRATED_IN, SEMEC_CM_MIGRATED_OUT,
  SEMEC_CM_REWARD, SEMEC_CM_DEADLINE_UNMET,
  SEMEC_CM_OBJECTIVE, SEMEC_CM_QUEUE_LOCAL, SEMEC_CM_QUEUE_EDGE, SEMEC_CM_VIRTUAL_LOCAL, SEMEC_CM_VIRTUAL_EDGE, SEMEC_CM_POWER,
  SEMEC_CM_COUNT
} SemecCellMetric;

typedef enum { SEMEC_KM_BACKLOG, SEMEC_KM_ARRIVED, SEMEC_KM_COMPLETED, SEMEC_KM_IN_FLIGHT, SEMEC_KM_ACCESS, SEMEC_KM_COUNT } SemecCloudMetric;

typedef struct {
  const char *name, *units, *description;
  unsigned    models; /* bit m set: recorded under SemecModel m */
} SemecMetricInfo;
/* PETSC_TRUE if cell metric m is recorded under model. */
PetscBool SemecCellMetricUsed(SemecCellMetric m, SemecModel model);
extern const SemecMetricInfo SemecCellMetricInfo[SEMEC_CM_COUNT];
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

/* A UTF-8 string attribute (created, or overwritten if it exists). */
PetscErrorCode SemecH5StringAttr(hid_t obj, const char *name, const char *value);
/* The 'units' and 'description' attributes every semec dataset carries. */
PetscErrorCode SemecH5Describe(hid_t dataset, const char *units, const char *description);
/* Total width of a series array (ended by width 0). */
PetscInt SemecSeriesWidth(const SemecSeriesInfo *series);
/* Creates the file (refusing to overwrite unless -output_overwrite), writes
 * the root attributes with status "running", the topology and empty
 * datasets.  Collective. */
PetscErrorCode SemecOutputCreate(const SemecConfig *cfg, SemecComm *comm, const SemecTopology *topo, const SemecSeriesInfo *series, SemecOutput **out);
/* Buffers the slot's metrics of the local cells and the cloud; writes and
 * flushes when an interval is full. Collective. */
PetscErrorCode SemecOutputRecord(SemecOutput *out, PetscInt slot, const SemecCell *cells, PetscInt ncells, const SemecCloud *cloud);
/* Root group for policy checkpoints etc. */
hid_t          SemecOutputFile(const SemecOutput *out);
/* Writes what is buffered, sets status ("complete" or "aborted") and the
 * end time, closes the file. Collective. */
PetscErrorCode SemecOutputClose(SemecOutput **out, const char *status);
/* Value of a cell metric for one cell and slot as recorded (for the checksum). */
double         SemecCellMetricValue(const SemecCell *cell, SemecCellMetric m);

#endif
