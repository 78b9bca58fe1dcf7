/* Parallel HDF5 output.  Layout (docs/output.md):
 *   /                root attributes: program, version, git_commit, options,
 *                    seed, ranks, cells, cells_per_rank, slots, slot_duration,
 *                    policy, start_time, end_time, status
 *   /run/slots_written   scalar: rows of every [slots, ...] dataset that hold data
 *   /topology/...    BS positions, bands, owner ranks, neighbour lists
 *   /cells/<metric>  [slots, cells]
 *   /cloud/<metric>  [slots]
 *   /policy          attributes of the policy, its checkpoint
 * Datasets have fixed shapes and are allocated when created, so the writes
 * of a run touch raw data only: after each interval's collective write the
 * file is flushed and /run/slots_written advanced, and a run killed at any
 * later moment leaves a file whose metadata is the flushed, consistent one.
 * The allocation is not filled (that would write every dataset twice), so
 * rows at or after /run/slots_written hold whatever the disk held (zeros in
 * a new file) or a partly written interval: readers use the leading
 * /run/slots_written rows only. */
#include <semec/engine/output.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define H5CALL(call) \
  do { \
    if ((call) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "HDF5 call failed: %s", #call); \
  } while (0)

/* Open MPI's MPI-IO (OMPIO) opens a shared-file-pointer (sharedfp) module
 * with every file, although semec never moves a shared file pointer, and to
 * pick one it queries every sharedfp component.  The query of "lockedfile"
 * (Open MPI 4.1) formats the file name plus ".locktest.<rank>" into a
 * 256-byte buffer, so an output path of about 245 characters or more aborts
 * the run ("buffer overflow detected", exit 134) or crashes it.  No MPI_Info
 * hint spares a component its query, and with every sharedfp component
 * excluded MPI_File_open fails, so semec excludes lockedfile alone, through
 * its MCA parameter, which Open MPI reads from the environment in MPI_Init.
 * "sm" (one node) or "individual" (several nodes) is then chosen; both take
 * a path of any length (docs/output.md, MPI-IO).  A value the user set,
 * in the environment or with mpiexec --mca sharedfp, is kept; other MPI
 * libraries ignore the variable. */
void SemecOutputPrepareMPIIO(void)
{
  setenv("OMPI_MCA_sharedfp", "^lockedfile", 0);
}

const SemecMetricInfo SemecCloudMetricInfo[SEMEC_KM_COUNT] = {
  {"backlog", "tasks", "tasks waiting in the shared cloud at the end of the slot"},
  {"arrived", "tasks", "tasks that reached the cloud in the slot"},
  {"completed", "tasks", "tasks the cloud completed in the slot"},
  {"in_flight", "tasks", "tasks granted to the cloud and still uploading at the end of the slot"},
  {"access", "UEs", "UEs granted cloud access in the slot, network-wide (at most -cloud_access_max when it is set)"},
};

struct SemecOutput_s {
  hid_t      file, dxpl, cell_dset[SEMEC_MAX_CELL_METRICS], cloud_dset[SEMEC_KM_COUNT], slots_written;
  PetscInt   first, nlocal, ncells, slots, interval, nbuf, buf_t0;
  PetscMPIInt rank;
  PetscInt   nmetrics;                         /* the model's cell metrics */
  double    *cbuf[SEMEC_MAX_CELL_METRICS];
  PetscInt   nseries;                          /* the policy's series */
  hid_t      series_dset[SEMEC_MAX_SERIES];
  PetscInt   series_width[SEMEC_MAX_SERIES], series_total;
  double    *sbuf, *sbuf1;                     /* [interval, nlocal, total]; one series */
  double    *kbuf[SEMEC_KM_COUNT];
};

PetscInt SemecSeriesWidth(const SemecSeriesInfo *series)
{
  PetscInt w = 0;
  for (PetscInt j = 0; series && series[j].width > 0; j++) w += series[j].width;
  return w;
}

PetscErrorCode SemecH5StringAttr(hid_t obj, const char *name, const char *value)
{
  hid_t t, s, a;

  PetscFunctionBeginUser;
  H5CALL(t = H5Tcopy(H5T_C_S1));
  H5CALL(H5Tset_size(t, H5T_VARIABLE));
  H5CALL(H5Tset_cset(t, H5T_CSET_UTF8));
  if (H5Aexists(obj, name) > 0) {
    H5CALL(a = H5Aopen(obj, name, H5P_DEFAULT));
  } else {
    H5CALL(s = H5Screate(H5S_SCALAR));
    H5CALL(a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT));
    H5CALL(H5Sclose(s));
  }
  H5CALL(H5Awrite(a, t, &value));
  H5CALL(H5Aclose(a));
  H5CALL(H5Tclose(t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode NumberAttr(hid_t obj, const char *name, hid_t type, const void *value)
{
  hid_t s, a;

  PetscFunctionBeginUser;
  H5CALL(s = H5Screate(H5S_SCALAR));
  H5CALL(a = H5Acreate2(obj, name, type, s, H5P_DEFAULT, H5P_DEFAULT));
  H5CALL(H5Awrite(a, type, value));
  H5CALL(H5Aclose(a));
  H5CALL(H5Sclose(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecH5Describe(hid_t d, const char *units, const char *description)
{
  PetscFunctionBeginUser;
  PetscCall(SemecH5StringAttr(d, "units", units));
  PetscCall(SemecH5StringAttr(d, "description", description));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Creates a dataset of rank 1 or 2, allocated now, filled with fill. */
static PetscErrorCode CreateDataset(hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const hsize_t *chunk,
                                    const void *fill, const char *units, const char *description, hid_t *d)
{
  hid_t s, p;

  PetscFunctionBeginUser;
  H5CALL(s = H5Screate_simple(rank, dims, NULL));
  H5CALL(p = H5Pcreate(H5P_DATASET_CREATE));
  if (chunk) H5CALL(H5Pset_chunk(p, rank, chunk));
  H5CALL(H5Pset_alloc_time(p, H5D_ALLOC_TIME_EARLY));
  if (fill) {
    H5CALL(H5Pset_fill_value(p, type, fill));
    H5CALL(H5Pset_fill_time(p, H5D_FILL_TIME_NEVER));
  }
  H5CALL(*d = H5Dcreate2(parent, name, type, s, H5P_DEFAULT, p, H5P_DEFAULT));
  H5CALL(H5Pclose(p));
  H5CALL(H5Sclose(s));
  PetscCall(SemecH5Describe(*d, units, description));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Creates the 1-d dataset parent/name of N rows and writes this rank's
 * count rows from start (collective; count 0 selects nothing). */
static PetscErrorCode Write1d(const SemecOutput *o, hid_t parent, const char *name, hid_t type, hsize_t N, hsize_t start, hsize_t count, const void *data,
                              const char *units, const char *description)
{
  hsize_t mdim = count ? count : 1;
  hid_t   d, fs, ms;

  PetscFunctionBeginUser;
  PetscCall(CreateDataset(parent, name, type, 1, &N, NULL, NULL, units, description, &d));
  if (N == 0) { /* HDF5 rejects a write to an empty dataset (one cell: no neighbours) */
    H5CALL(H5Dclose(d));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  H5CALL(fs = H5Dget_space(d));
  H5CALL(ms = H5Screate_simple(1, &mdim, NULL));
  if (count) H5CALL(H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL));
  else {
    H5CALL(H5Sselect_none(fs));
    H5CALL(H5Sselect_none(ms));
  }
  H5CALL(H5Dwrite(d, type, ms, fs, o->dxpl, data));
  H5CALL(H5Sclose(ms));
  H5CALL(H5Sclose(fs));
  H5CALL(H5Dclose(d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Writes a 1-d array held whole by rank 0 (collective, others select nothing). */
static PetscErrorCode WriteRoot1d(const SemecOutput *o, hid_t parent, const char *name, hid_t type, hsize_t n, const void *data, const char *units,
                                  const char *description)
{
  return Write1d(o, parent, name, type, n, 0, o->rank == 0 ? n : 0, data, units, description);
}

PetscErrorCode SemecOutputWriteRows(const SemecOutput *o, SemecComm *comm, hid_t parent, const char *name, hid_t type, int64_t n, const void *data,
                                    const char *units, const char *description)
{
  int64_t first = 0, total = 0;

  PetscFunctionBeginUser;
  PetscCall(SemecCommPrefixInt64(comm, &n, &first, &total, 1));
  PetscCall(Write1d(o, parent, name, type, (hsize_t)total, (hsize_t)first, (hsize_t)n, data, units, description));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteTopology(SemecOutput *o, SemecComm *comm, const SemecTopology *topo)
{
  hid_t    g;
  int64_t *owner, *band, *start, *nbr;
  hsize_t  C = (hsize_t)topo->ncells, E = (hsize_t)topo->nbr_start[topo->ncells];

  PetscFunctionBeginUser;
  H5CALL(g = H5Gcreate2(o->file, "topology", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscCall(PetscMalloc4(C, &owner, C, &band, C + 1, &start, E + 1, &nbr));
  for (hsize_t c = 0; c < C; c++) {
    owner[c] = SemecCommOwner(comm, (PetscInt)c);
    band[c]  = topo->band[c];
    start[c] = topo->nbr_start[c];
  }
  start[C] = topo->nbr_start[C];
  for (hsize_t e = 0; e < E; e++) nbr[e] = topo->nbr[e];
  PetscCall(WriteRoot1d(o, g, "bs_x", H5T_NATIVE_DOUBLE, C, topo->x, "m", "x coordinate of each BS"));
  PetscCall(WriteRoot1d(o, g, "bs_y", H5T_NATIVE_DOUBLE, C, topo->y, "m", "y coordinate of each BS"));
  PetscCall(WriteRoot1d(o, g, "band", H5T_NATIVE_INT64, C, band, "1", "frequency band of each cell (cell mod -chan_reuse)"));
  PetscCall(WriteRoot1d(o, g, "owner_rank", H5T_NATIVE_INT64, C, owner, "1", "MPI rank that owns each cell"));
  PetscCall(WriteRoot1d(o, g, "neighbour_start", H5T_NATIVE_INT64, C + 1, start, "1",
                        "CSR offsets: neighbours of cell c are neighbours[neighbour_start[c]:neighbour_start[c+1]]"));
  PetscCall(WriteRoot1d(o, g, "neighbours", H5T_NATIVE_INT64, E, nbr, "1", "cells within -chan_interference_radius, ascending per cell"));
  PetscCall(PetscFree4(owner, band, start, nbr));
  H5CALL(H5Gclose(g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void NowText(char *buf, size_t n)
{
  time_t    t = time(NULL);
  struct tm tmv;
  gmtime_r(&t, &tmv);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

PetscErrorCode SemecOutputCreate(const SemecConfig *cfg, SemecComm *comm, const SemecTopology *topo, const SemecMetricInfo *metrics, PetscInt nmetrics,
                                 const SemecSeriesInfo *series, SemecOutput **pout)
{
  SemecOutput *o;
  hid_t        fapl, g;
  char        *opts, now[64];
  hsize_t      dims[2], chunk[2];
  double       nan_fill = NAN;
  int64_t      zero = 0, ranks = SemecCommSize(comm);
  PetscBool    exists = (PetscBool)(access(cfg->output_file, F_OK) == 0);

  PetscFunctionBeginUser;
  PetscCall(SemecCommAny(comm, &exists));
  PetscCheck(!exists || cfg->output_overwrite, SemecCommWorld(comm), PETSC_ERR_FILE_OPEN,
             "Option -output_file, %s, names an existing file: remove it, choose another name or add -output_overwrite", cfg->output_file);
  PetscCall(PetscNew(&o));
  o->rank     = SemecCommRank(comm);
  o->first    = SemecCommFirstCell(comm);
  o->nlocal   = SemecCommLocalCells(comm);
  o->ncells   = cfg->cells;
  o->slots    = cfg->slots;
  o->interval = PetscMin(cfg->output_interval, cfg->slots);
  H5CALL(fapl = H5Pcreate(H5P_FILE_ACCESS));
  H5CALL(H5Pset_fapl_mpio(fapl, SemecCommWorld(comm), MPI_INFO_NULL));
  o->file = H5Fcreate(cfg->output_file, cfg->output_overwrite ? H5F_ACC_TRUNC : H5F_ACC_EXCL, H5P_DEFAULT, fapl);
  H5CALL(H5Pclose(fapl));
  PetscCheck(o->file >= 0, SemecCommWorld(comm), PETSC_ERR_FILE_OPEN, "Option -output_file, %s, cannot be created (directory missing or not writable?)",
             cfg->output_file);
  H5CALL(o->dxpl = H5Pcreate(H5P_DATASET_XFER));
  H5CALL(H5Pset_dxpl_mpio(o->dxpl, H5FD_MPIO_COLLECTIVE));
  /* root attributes */
  PetscCall(SemecConfigOptionsText(&opts));
  NowText(now, sizeof(now));
  PetscCall(SemecH5StringAttr(o->file, "program", "semec"));
  PetscCall(SemecH5StringAttr(o->file, "version", SEMEC_VERSION));
  PetscCall(SemecH5StringAttr(o->file, "git_commit", SEMEC_GIT_COMMIT));
  PetscCall(SemecH5StringAttr(o->file, "options", opts ? opts : ""));
  PetscCall(SemecH5StringAttr(o->file, "policy", cfg->policy));
  PetscCall(SemecH5StringAttr(o->file, "start_time", now));
  PetscCall(SemecH5StringAttr(o->file, "end_time", ""));
  PetscCall(SemecH5StringAttr(o->file, "status", "running"));
  PetscCall(PetscFree(opts));
  {
    int64_t seed = cfg->seed, cells = cfg->cells, cpr = cfg->cells_per_rank, slots = cfg->slots, ues_cell = cfg->ues_per_cell, nsub = cfg->subcarriers;
    double  slot_s = cfg->slot_s;
    PetscCall(NumberAttr(o->file, "seed", H5T_NATIVE_INT64, &seed));
    PetscCall(NumberAttr(o->file, "ranks", H5T_NATIVE_INT64, &ranks));
    PetscCall(NumberAttr(o->file, "cells", H5T_NATIVE_INT64, &cells));
    PetscCall(NumberAttr(o->file, "cells_per_rank", H5T_NATIVE_INT64, &cpr));
    PetscCall(NumberAttr(o->file, "slots", H5T_NATIVE_INT64, &slots));
    PetscCall(NumberAttr(o->file, "ues_per_cell", H5T_NATIVE_INT64, &ues_cell));
    PetscCall(NumberAttr(o->file, "subcarriers", H5T_NATIVE_INT64, &nsub));
    PetscCall(NumberAttr(o->file, "slot_duration", H5T_NATIVE_DOUBLE, &slot_s));
  }
  /* /run/slots_written */
  H5CALL(g = H5Gcreate2(o->file, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  {
    hid_t s;
    H5CALL(s = H5Screate(H5S_SCALAR));
    H5CALL(o->slots_written = H5Dcreate2(g, "slots_written", H5T_NATIVE_INT64, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5CALL(H5Sclose(s));
    PetscCall(SemecH5Describe(o->slots_written, "slots", "leading rows of the [slots, ...] datasets that hold data; the rest are fill values"));
    if (o->rank != 0) {
      hid_t fs;
      H5CALL(fs = H5Dget_space(o->slots_written));
      H5CALL(H5Sselect_none(fs));
      H5CALL(H5Dwrite(o->slots_written, H5T_NATIVE_INT64, fs, fs, o->dxpl, &zero));
      H5CALL(H5Sclose(fs));
    } else H5CALL(H5Dwrite(o->slots_written, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, o->dxpl, &zero));
  }
  H5CALL(H5Gclose(g));
  PetscCall(WriteTopology(o, comm, topo));
  /* /cells and /cloud */
  dims[0]  = (hsize_t)cfg->slots;
  dims[1]  = (hsize_t)cfg->cells;
  chunk[0] = (hsize_t)o->interval;
  chunk[1] = (hsize_t)PetscMin(cfg->cells, PetscMax(1, (1 << 20) / (8 * o->interval)));
  H5CALL(g = H5Gcreate2(o->file, "cells", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  o->nmetrics = nmetrics;
  for (PetscInt m = 0; m < nmetrics; m++) {
    PetscCall(CreateDataset(g, metrics[m].name, H5T_NATIVE_DOUBLE, 2, dims, chunk, &nan_fill, metrics[m].units, metrics[m].description, &o->cell_dset[m]));
    PetscCall(PetscMalloc1(o->interval * o->nlocal, &o->cbuf[m]));
  }
  H5CALL(H5Gclose(g));
  H5CALL(g = H5Gcreate2(o->file, "cloud", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  for (int m = 0; m < SEMEC_KM_COUNT; m++) {
    PetscCall(CreateDataset(g, SemecCloudMetricInfo[m].name, H5T_NATIVE_DOUBLE, 1, dims, chunk, &nan_fill, SemecCloudMetricInfo[m].units,
                            SemecCloudMetricInfo[m].description, &o->cloud_dset[m]));
    PetscCall(PetscMalloc1(o->interval, &o->kbuf[m]));
  }
  H5CALL(H5Gclose(g));
  for (o->nseries = 0; series && series[o->nseries].width > 0; o->nseries++) {
    const SemecSeriesInfo *si = &series[o->nseries];
    hsize_t sdims[3] = {dims[0], dims[1], (hsize_t)si->width}, schunk[3] = {chunk[0], chunk[1], (hsize_t)si->width};
    PetscCheck(o->nseries < SEMEC_MAX_SERIES, PETSC_COMM_SELF, PETSC_ERR_PLIB, "a policy asked for more than %d series", SEMEC_MAX_SERIES);
    o->series_width[o->nseries] = si->width;
    o->series_total += si->width;
    if (H5Lexists(o->file, si->group, H5P_DEFAULT) > 0) H5CALL(g = H5Gopen2(o->file, si->group, H5P_DEFAULT));
    else H5CALL(g = H5Gcreate2(o->file, si->group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    PetscCall(CreateDataset(g, si->name, H5T_NATIVE_DOUBLE, 3, sdims, schunk, &nan_fill, si->units, si->description, &o->series_dset[o->nseries]));
    H5CALL(H5Gclose(g));
  }
  if (o->nseries) PetscCall(PetscMalloc2(o->interval * o->nlocal * o->series_total, &o->sbuf, o->interval * o->nlocal * o->series_total, &o->sbuf1));
  H5CALL(H5Fflush(o->file, H5F_SCOPE_GLOBAL));
  *pout = o;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Flush(SemecOutput *o)
{
  hsize_t start[2] = {(hsize_t)o->buf_t0, (hsize_t)o->first}, count[2] = {(hsize_t)o->nbuf, (hsize_t)o->nlocal};
  hid_t   fs, ms;
  int64_t written = o->buf_t0 + o->nbuf;

  PetscFunctionBeginUser;
  if (!o->nbuf) PetscFunctionReturn(PETSC_SUCCESS);
  H5CALL(ms = H5Screate_simple(2, count, NULL));
  for (PetscInt m = 0; m < o->nmetrics; m++) {
    H5CALL(fs = H5Dget_space(o->cell_dset[m]));
    H5CALL(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL));
    H5CALL(H5Dwrite(o->cell_dset[m], H5T_NATIVE_DOUBLE, ms, fs, o->dxpl, o->cbuf[m]));
    H5CALL(H5Sclose(fs));
  }
  H5CALL(H5Sclose(ms));
  for (PetscInt j = 0, off = 0; j < o->nseries; off += o->series_width[j], j++) {
    PetscInt w = o->series_width[j];
    hsize_t  start3[3] = {start[0], start[1], 0}, count3[3] = {count[0], count[1], (hsize_t)w};
    for (PetscInt r = 0; r < o->nbuf * o->nlocal; r++) PetscCall(PetscArraycpy(o->sbuf1 + r * w, o->sbuf + r * o->series_total + off, w));
    H5CALL(ms = H5Screate_simple(3, count3, NULL));
    H5CALL(fs = H5Dget_space(o->series_dset[j]));
    H5CALL(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start3, NULL, count3, NULL));
    H5CALL(H5Dwrite(o->series_dset[j], H5T_NATIVE_DOUBLE, ms, fs, o->dxpl, o->sbuf1));
    H5CALL(H5Sclose(fs));
    H5CALL(H5Sclose(ms));
  }
  H5CALL(ms = H5Screate_simple(1, count, NULL));
  for (int m = 0; m < SEMEC_KM_COUNT; m++) {
    H5CALL(fs = H5Dget_space(o->cloud_dset[m]));
    H5CALL(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL));
    if (o->rank != 0) {
      H5CALL(H5Sselect_none(fs));
      H5CALL(H5Sselect_none(ms));
    } else H5CALL(H5Sselect_all(ms));
    H5CALL(H5Dwrite(o->cloud_dset[m], H5T_NATIVE_DOUBLE, ms, fs, o->dxpl, o->kbuf[m]));
    H5CALL(H5Sclose(fs));
  }
  H5CALL(H5Sclose(ms));
  /* the data are on disk before the counter says so */
  H5CALL(H5Fflush(o->file, H5F_SCOPE_GLOBAL));
  H5CALL(fs = H5Dget_space(o->slots_written));
  if (o->rank != 0) H5CALL(H5Sselect_none(fs));
  H5CALL(H5Dwrite(o->slots_written, H5T_NATIVE_INT64, fs, fs, o->dxpl, &written));
  H5CALL(H5Sclose(fs));
  H5CALL(H5Fflush(o->file, H5F_SCOPE_GLOBAL));
  o->buf_t0 += o->nbuf;
  o->nbuf = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecOutputRecord(SemecOutput *o, PetscInt slot, const double *values, const SemecCell *cells, PetscInt ncells, const SemecCloud *cloud)
{
  PetscFunctionBeginUser;
  PetscCheck(slot == o->buf_t0 + o->nbuf, PETSC_COMM_SELF, PETSC_ERR_PLIB, "output slots must be recorded in order");
  for (PetscInt m = 0; m < o->nmetrics; m++)
    for (PetscInt i = 0; i < ncells; i++) o->cbuf[m][o->nbuf * o->nlocal + i] = values[i * o->nmetrics + m];
  if (o->nseries)
    for (PetscInt i = 0; i < ncells; i++) PetscCall(PetscArraycpy(o->sbuf + (o->nbuf * o->nlocal + i) * o->series_total, cells[i].series, o->series_total));
  o->kbuf[SEMEC_KM_BACKLOG][o->nbuf]   = (double)cloud->backlog_tasks * cloud->unit;
  o->kbuf[SEMEC_KM_ARRIVED][o->nbuf]   = (double)cloud->slot_arrived * cloud->unit;
  o->kbuf[SEMEC_KM_COMPLETED][o->nbuf] = (double)cloud->slot_completed * cloud->unit;
  o->kbuf[SEMEC_KM_IN_FLIGHT][o->nbuf] = (double)cloud->in_flight * cloud->unit;
  o->kbuf[SEMEC_KM_ACCESS][o->nbuf]    = (double)cloud->slot_access;
  o->nbuf++;
  if (o->nbuf == o->interval) PetscCall(Flush(o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

hid_t SemecOutputFile(const SemecOutput *o) { return o->file; }

PetscErrorCode SemecOutputClose(SemecOutput **po, const char *status)
{
  SemecOutput *o = *po;
  char         now[64];

  PetscFunctionBeginUser;
  if (!o) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Flush(o));
  NowText(now, sizeof(now));
  PetscCall(SemecH5StringAttr(o->file, "end_time", now));
  PetscCall(SemecH5StringAttr(o->file, "status", status));
  for (PetscInt m = 0; m < o->nmetrics; m++) {
    H5CALL(H5Dclose(o->cell_dset[m]));
    PetscCall(PetscFree(o->cbuf[m]));
  }
  for (int m = 0; m < SEMEC_KM_COUNT; m++) {
    H5CALL(H5Dclose(o->cloud_dset[m]));
    PetscCall(PetscFree(o->kbuf[m]));
  }
  for (PetscInt j = 0; j < o->nseries; j++) H5CALL(H5Dclose(o->series_dset[j]));
  PetscCall(PetscFree2(o->sbuf, o->sbuf1));
  H5CALL(H5Dclose(o->slots_written));
  H5CALL(H5Pclose(o->dxpl));
  H5CALL(H5Fclose(o->file));
  PetscCall(PetscFree(*po));
  PetscFunctionReturn(PETSC_SUCCESS);
}
