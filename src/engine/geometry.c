/* BS layouts (square grid, hexagonal, explicit list), the neighbour graph
 * (cells closer than -chan_interference_radius), UE drops and mobility.
 * The neighbour search bins BSs in squares of the radius, so building the
 * graph costs O(cells x neighbours), not O(cells^2). */
#include <semec/engine/geometry.h>
#include <semec/engine/rng.h>
#include <math.h>

static void HexPosition(PetscInt c, PetscReal isd, PetscInt ncols, PetscReal *x, PetscReal *y)
{
  /* rows of hexagonal cells: odd rows shifted by half a site */
  PetscInt row = c / ncols, col = c % ncols;
  *x = isd * ((PetscReal)col + 0.5 * (PetscReal)(row % 2));
  *y = isd * (PetscReal)row * sqrt(3.0) / 2.0;
}

PetscErrorCode SemecTopologyCreate(const SemecConfig *cfg, SemecTopology *topo)
{
  PetscInt   C = cfg->cells, ncols = (PetscInt)ceil(sqrt((double)C));
  PetscReal  R = cfg->interference_radius_m;
  PetscInt  *count, *bin_start, *bin_cell, nbx, nby, nbins;
  PetscReal  binw;

  PetscFunctionBeginUser;
  topo->ncells = C;
  PetscCall(PetscMalloc3(C, &topo->x, C, &topo->y, C, &topo->band));
  for (PetscInt c = 0; c < C; c++) {
    switch (cfg->layout) {
    case SEMEC_LAYOUT_GRID:
      topo->x[c] = cfg->isd_m * (PetscReal)(c % ncols);
      topo->y[c] = cfg->isd_m * (PetscReal)(c / ncols);
      break;
    case SEMEC_LAYOUT_HEX: HexPosition(c, cfg->isd_m, ncols, &topo->x[c], &topo->y[c]); break;
    case SEMEC_LAYOUT_LIST:
      topo->x[c] = cfg->bs_list[2 * c];
      topo->y[c] = cfg->bs_list[2 * c + 1];
      break;
    }
    topo->band[c] = c % cfg->reuse;
  }
  /* region a cell covers: half the ISD (grid/list) or the hexagon circumradius */
  topo->cell_radius = cfg->layout == SEMEC_LAYOUT_HEX ? cfg->isd_m / sqrt(3.0) : cfg->isd_m / 2.0;
  topo->xmin = topo->xmax = topo->x[0];
  topo->ymin = topo->ymax = topo->y[0];
  for (PetscInt c = 1; c < C; c++) {
    topo->xmin = PetscMin(topo->xmin, topo->x[c]);
    topo->xmax = PetscMax(topo->xmax, topo->x[c]);
    topo->ymin = PetscMin(topo->ymin, topo->y[c]);
    topo->ymax = PetscMax(topo->ymax, topo->y[c]);
  }
  {
    PetscReal margin = PetscMax(topo->cell_radius, cfg->drop == SEMEC_DROP_ANNULUS ? cfg->r_max_m : 0.0);
    topo->xmin -= margin; topo->xmax += margin; topo->ymin -= margin; topo->ymax += margin;
  }
  /* bin the BSs; a BS's neighbours are in its bin and the 8 around it */
  binw  = PetscMax(R, 1e-9 + (topo->xmax - topo->xmin + topo->ymax - topo->ymin) / 1e6);
  nbx   = (PetscInt)PetscMin(1e6, floor((topo->xmax - topo->xmin) / binw) + 1);
  nby   = (PetscInt)PetscMin(1e6, floor((topo->ymax - topo->ymin) / binw) + 1);
  if ((double)nbx * (double)nby > 4.0 * C + 16) { /* sparse layout: fall back to one row of bins */
    nbx = 1; nby = 1; binw = PETSC_MAX_REAL;
  }
  nbins = nbx * nby;
  PetscCall(PetscCalloc3(nbins + 1, &bin_start, C, &bin_cell, C + 1, &count));
#define BIN_OF(c) (nbx == 1 && nby == 1 ? 0 : (PetscInt)((topo->y[c] - topo->ymin) / binw) * nbx + (PetscInt)((topo->x[c] - topo->xmin) / binw))
  for (PetscInt c = 0; c < C; c++) bin_start[BIN_OF(c) + 1]++;
  for (PetscInt b = 0; b < nbins; b++) bin_start[b + 1] += bin_start[b];
  {
    PetscInt *fill;
    PetscCall(PetscCalloc1(nbins, &fill));
    for (PetscInt c = 0; c < C; c++) { PetscInt b = BIN_OF(c); bin_cell[bin_start[b] + fill[b]++] = c; }
    PetscCall(PetscFree(fill));
  }
  /* two passes: count, then fill; within a cell the list is sorted ascending */
  PetscCall(PetscMalloc1(C + 1, &topo->nbr_start));
  topo->nbr = NULL;
  for (int pass = 0; pass < 2; pass++) {
    PetscInt total = 0;
    for (PetscInt c = 0; c < C; c++) {
      PetscInt b = BIN_OF(c), bx = b % nbx, by = b / nbx, n = 0;
      topo->nbr_start[c] = total;
      for (PetscInt dy = -1; dy <= 1; dy++)
        for (PetscInt dx = -1; dx <= 1; dx++) {
          PetscInt ox = bx + dx, oy = by + dy;
          if (ox < 0 || oy < 0 || ox >= nbx || oy >= nby) continue;
          for (PetscInt i = bin_start[oy * nbx + ox]; i < bin_start[oy * nbx + ox + 1]; i++) {
            PetscInt  o  = bin_cell[i];
            PetscReal ddx = topo->x[o] - topo->x[c], ddy = topo->y[o] - topo->y[c];
            if (o == c || ddx * ddx + ddy * ddy > R * R) continue;
            if (pass) topo->nbr[total + n] = o;
            n++;
          }
        }
      if (pass) PetscCall(PetscSortInt(n, topo->nbr + total));
      total += n;
    }
    topo->nbr_start[C] = total;
    if (!pass) PetscCall(PetscMalloc1(total + 1, &topo->nbr));
  }
#undef BIN_OF
  PetscCall(PetscFree3(bin_start, bin_cell, count));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecTopologyDestroy(SemecTopology *topo)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(topo->x, topo->y, topo->band));
  PetscCall(PetscFree(topo->nbr_start));
  PetscCall(PetscFree(topo->nbr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt SemecTopologyNeighbourIndex(const SemecTopology *topo, PetscInt c, PetscInt k)
{
  const PetscInt *nbr = topo->nbr + topo->nbr_start[c];
  PetscInt        lo = 0, hi = topo->nbr_start[c + 1] - topo->nbr_start[c] - 1;

  while (lo < hi) { /* the list is ascending */
    PetscInt mid = (lo + hi) / 2;
    if (nbr[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

PetscBool SemecTopologyAreNeighbours(const SemecTopology *topo, PetscInt a, PetscInt b)
{
  for (PetscInt i = topo->nbr_start[a]; i < topo->nbr_start[a + 1]; i++)
    if (topo->nbr[i] == b) return PETSC_TRUE;
  return PETSC_FALSE;
}

PetscInt SemecGeomUECount(const SemecConfig *cfg, PetscInt cell)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_UECOUNT, (uint64_t)cell, 0, 0};
  if (cfg->ue_count == SEMEC_COUNT_FIXED) return cfg->ues_per_cell;
  return (PetscInt)SemecRngPoisson(&k, 0, (double)cfg->ues_per_cell);
}

/* PETSC_TRUE if (dx, dy) lies in the cell region centred on the BS. */
static PetscBool InCellRegion(const SemecConfig *cfg, PetscReal r, PetscReal dx, PetscReal dy)
{
  if (cfg->layout == SEMEC_LAYOUT_GRID) return (PetscBool)(fabs(dx) <= r && fabs(dy) <= r);
  if (cfg->layout == SEMEC_LAYOUT_HEX) {
    /* pointy-top hexagon with circumradius r (matches the row layout above) */
    PetscReal ax = fabs(dx), ay = fabs(dy);
    return (PetscBool)(ax <= r * sqrt(3.0) / 2.0 && ay <= r - ax / sqrt(3.0));
  }
  return (PetscBool)(dx * dx + dy * dy <= r * r);
}

void SemecGeomDropUE(const SemecConfig *cfg, const SemecTopology *topo, PetscInt cell, PetscInt64 ue_id, PetscReal *x, PetscReal *y)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_GEOMETRY, (uint64_t)cell, (uint64_t)ue_id, 0};
  double      u[4];
  PetscReal   dx = 0, dy = 0, rmin = cfg->min_distance_m;

  if (cfg->drop == SEMEC_DROP_ANNULUS) {
    /* uniform in area: r^2 uniform between r_min^2 and r_max^2 */
    SemecRngUniform4(&k, 0, u);
    PetscReal r = sqrt(cfg->r_min_m * cfg->r_min_m + u[0] * (cfg->r_max_m * cfg->r_max_m - cfg->r_min_m * cfg->r_min_m));
    dx = r * cos(2.0 * PETSC_PI * u[1]);
    dy = r * sin(2.0 * PETSC_PI * u[1]);
  } else {
    /* rejection from the bounding square: the counter advances per try */
    PetscReal r = topo->cell_radius;
    for (uint64_t i = 0;; i++) {
      SemecRngUniform4(&k, i, u);
      dx = r * (2.0 * u[0] - 1.0);
      dy = r * (2.0 * u[1] - 1.0);
      if (InCellRegion(cfg, r, dx, dy) && dx * dx + dy * dy >= rmin * rmin) break;
      dx = r * (2.0 * u[2] - 1.0);
      dy = r * (2.0 * u[3] - 1.0);
      if (InCellRegion(cfg, r, dx, dy) && dx * dx + dy * dy >= rmin * rmin) break;
    }
  }
  *x = topo->x[cell] + dx;
  *y = topo->y[cell] + dy;
}

static PetscReal Reflect(PetscReal v, PetscReal lo, PetscReal hi)
{
  if (hi <= lo) return lo;
  while (v < lo || v > hi) v = v < lo ? 2.0 * lo - v : 2.0 * hi - v;
  return v;
}

void SemecGeomMoveUE(const SemecConfig *cfg, const SemecTopology *topo, PetscInt64 ue_id, PetscInt slot, PetscReal *x, PetscReal *y)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_MOBILITY, 0, (uint64_t)ue_id, (uint64_t)slot};
  PetscReal   step, ang;

  if (cfg->ue_speed_mps <= 0.0) return;
  step = cfg->ue_speed_mps * cfg->slot_s;
  ang  = 2.0 * PETSC_PI * SemecRngUniform(&k, 0);
  *x   = Reflect(*x + step * cos(ang), topo->xmin, topo->xmax);
  *y   = Reflect(*y + step * sin(ang), topo->ymin, topo->ymax);
}
