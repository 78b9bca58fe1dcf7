/* Geometry: layouts, the neighbour graph against a brute-force search, UE
 * drops inside their region (annulus of paper 000 Sec. V, square and
 * hexagonal cells), Poisson UE counts, mobility staying in the area, and
 * task arrivals (Poisson mean, Bernoulli probability, uniform types). */
#include <semec/engine/geometry.h>
#include <semec/tasks/task.h>
#include <string.h>
#include "check.h"

static void BaseConfig(SemecConfig *c)
{
  memset(c, 0, sizeof(*c));
  c->cells = 25; c->cells_per_rank = 25; c->seed = 7; c->slot_s = 0.1;
  c->layout = SEMEC_LAYOUT_GRID; c->isd_m = 200.0; c->reuse = 1;
  c->interference_radius_m = 450.0; c->drop = SEMEC_DROP_CELL; c->min_distance_m = 1.0;
  c->r_min_m = 50.0; c->r_max_m = 150.0; c->ues_per_cell = 20; c->ue_count = SEMEC_COUNT_FIXED;
  c->ntypes = 3;
  for (int i = 0; i < 3; i++) { c->type_bits[i] = 1e6 * (i + 1); c->type_cycles[i] = 1e9 * (i + 1); c->type_priority[i] = i + 1; }
}

static void TestNeighbours(SemecLayout layout)
{
  SemecConfig   cfg;
  SemecTopology topo;
  BaseConfig(&cfg);
  cfg.layout = layout;
  PetscCallAbort(PETSC_COMM_SELF, SemecTopologyCreate(&cfg, &topo));
  /* grid: 5 columns, cell 7 is at (2 x 200, 1 x 200) = (400, 200) */
  if (layout == SEMEC_LAYOUT_GRID) { CHECK_CLOSE(topo.x[7], 400.0, 1e-12); CHECK_CLOSE(topo.y[7], 200.0, 1e-12); }
  /* hex: cell 7 is row 1 (shifted by ISD/2), column 2: x = 500, y = 200 sqrt(3)/2 */
  if (layout == SEMEC_LAYOUT_HEX) { CHECK_CLOSE(topo.x[7], 500.0, 1e-12); CHECK_CLOSE(topo.y[7], 100.0 * sqrt(3.0), 1e-12); }
  for (PetscInt a = 0; a < cfg.cells; a++) {
    PetscInt n = 0;
    for (PetscInt b = 0; b < cfg.cells; b++) {
      double d = hypot(topo.x[a] - topo.x[b], topo.y[a] - topo.y[b]);
      PetscBool want = (PetscBool)(a != b && d <= cfg.interference_radius_m);
      CHECK(SemecTopologyAreNeighbours(&topo, a, b) == want);
      n += want;
    }
    CHECK_EQ_INT(topo.nbr_start[a + 1] - topo.nbr_start[a], n);
    for (PetscInt i = topo.nbr_start[a] + 1; i < topo.nbr_start[a + 1]; i++) CHECK(topo.nbr[i - 1] < topo.nbr[i]);
  }
  /* grid, radius 450 = 2.25 ISD: an interior cell (12, the centre of 5 x 5)
   * has 4 at ISD, 4 at sqrt2 ISD, 4 at 2 ISD, 8 at sqrt5 ISD (= 447 m) = 20 */
  if (layout == SEMEC_LAYOUT_GRID) CHECK_EQ_INT(topo.nbr_start[13] - topo.nbr_start[12], 20);
  PetscCallAbort(PETSC_COMM_SELF, SemecTopologyDestroy(&topo));
}

static void TestDrops(void)
{
  SemecConfig   cfg;
  SemecTopology topo;
  BaseConfig(&cfg);
  for (int drop = 0; drop < 3; drop++) {
    cfg.layout = drop == 2 ? SEMEC_LAYOUT_HEX : SEMEC_LAYOUT_GRID;
    cfg.drop   = drop == 0 ? SEMEC_DROP_ANNULUS : SEMEC_DROP_CELL;
    PetscCallAbort(PETSC_COMM_SELF, SemecTopologyCreate(&cfg, &topo));
    double r2sum = 0.0;
    int    n = 4000;
    for (int i = 0; i < n; i++) {
      PetscReal x, y;
      SemecGeomDropUE(&cfg, &topo, 12, i, &x, &y);
      double dx = x - topo.x[12], dy = y - topo.y[12], r = hypot(dx, dy);
      r2sum += r * r;
      if (drop == 0) CHECK(r >= 50.0 && r <= 150.0);
      if (drop == 1) CHECK(fabs(dx) <= 100.0 && fabs(dy) <= 100.0 && r >= 1.0);
      /* hexagon of circumradius R = 200/sqrt3, pointy top: |x| <= R sqrt3/2 = 100, |y| <= R - |x|/sqrt3 */
      if (drop == 2) CHECK(fabs(dx) <= 100.0 + 1e-9 && fabs(dy) <= 200.0 / sqrt(3.0) - fabs(dx) / sqrt(3.0) + 1e-9);
    }
    /* uniform in area: E[r^2] for the annulus = (r1^2 + r2^2)/2 = 12500;
     * square of half-side a = 100: E[x^2 + y^2] = 2 a^2 / 3 = 6666.7;
     * hexagon of circumradius R: E[r^2] = 5 R^2 / 12 = 5 (200/sqrt3)^2 / 12 = 5555.6 */
    double want = drop == 0 ? 12500.0 : drop == 1 ? 20000.0 / 3.0 : 5.0 * 40000.0 / 36.0;
    CHECK_CLOSE(r2sum / n, want, 0.03);
    PetscCallAbort(PETSC_COMM_SELF, SemecTopologyDestroy(&topo));
  }
}

static void TestCountsMobilityArrivals(void)
{
  SemecConfig   cfg;
  SemecTopology topo;
  BaseConfig(&cfg);
  CHECK_EQ_INT(SemecGeomUECount(&cfg, 3), 20);
  cfg.ue_count = SEMEC_COUNT_POISSON;
  double sum = 0.0;
  for (PetscInt c = 0; c < 2000; c++) sum += SemecGeomUECount(&cfg, c);
  CHECK_CLOSE(sum / 2000.0, 20.0, 0.03); /* Poisson(20): std of the mean 0.1 */
  PetscCallAbort(PETSC_COMM_SELF, SemecTopologyCreate(&cfg, &topo));
  cfg.ue_speed_mps = 30.0; /* 3 m per slot */
  PetscReal x = topo.xmin + 1.0, y = topo.ymax - 1.0;
  for (PetscInt t = 1; t < 2000; t++) {
    PetscReal px = x, py = y;
    SemecGeomMoveUE(&cfg, &topo, 5, t, &x, &y);
    CHECK(x >= topo.xmin && x <= topo.xmax && y >= topo.ymin && y <= topo.ymax);
    CHECK(hypot(x - px, y - py) <= 3.0 + 1e-9);
  }
  /* arrivals: Poisson rate 5/s x 0.1 s = mean 0.5 per slot; Bernoulli p = 0.3 */
  cfg.arrival = SEMEC_ARRIVAL_POISSON; cfg.arrival_rate = 5.0;
  long   n = 0, types[3] = {0, 0, 0};
  for (PetscInt t = 0; t < 20000; t++) {
    PetscInt k = SemecTaskArrivals(&cfg, 1, t);
    n += k;
    for (PetscInt j = 0; j < k; j++) {
      SemecTask task;
      SemecTaskMake(&cfg, 1, t, j, &task);
      types[task.type]++;
      CHECK_EQ_INT(task.bits, (task.type + 1) * 1000000);
      CHECK_CLOSE(task.arrival_s, t * 0.1, 1e-12);
    }
  }
  CHECK_CLOSE(n / 20000.0, 0.5, 0.03);
  for (int i = 0; i < 3; i++) CHECK_CLOSE(types[i] / (double)n, 1.0 / 3.0, 0.06);
  cfg.arrival = SEMEC_ARRIVAL_BERNOULLI; cfg.arrival_prob = 0.3;
  n = 0;
  for (PetscInt t = 0; t < 20000; t++) {
    PetscInt k = SemecTaskArrivals(&cfg, 2, t);
    CHECK(k == 0 || k == 1);
    n += k;
  }
  CHECK_CLOSE(n / 20000.0, 0.3, 0.03);
  PetscCallAbort(PETSC_COMM_SELF, SemecTopologyDestroy(&topo));
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  TestNeighbours(SEMEC_LAYOUT_GRID);
  TestNeighbours(SEMEC_LAYOUT_HEX);
  TestDrops();
  TestCountsMobilityArrivals();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
