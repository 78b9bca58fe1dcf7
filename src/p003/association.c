/* Paper 003 Algorithm 1 across cells and ranks.
 *
 * A terminal's place in cell k is what the cell's latest plan gave it: its
 * subcarriers S (kept here per cell as the id of the UE holding each
 * subcarrier) and its MEC capacity f (kept in the UE).  The preference of
 * terminal u for cell k (11) is its cost ln(M (A^a / r + A^b / f + A^g)) in
 * that place; the preference of a cell (13) is the sum over its terminals.
 * A swap (15) exchanges the places of u (in k) and u' (in k'); the pair is
 * swap-blocking when none of u, u', k, k' gets worse and one gets strictly
 * better.  With c the costs before and A = cost of u in u''s place,
 * B = cost of u' in u's place, that is A <= c_u, B <= c_u', B <= c_u (k),
 * A <= c_u' (k'), one strict (relative tolerance 1e-12).
 *
 * Rounds.  The neighbour graph's edges get a greedy colouring (the same on
 * every rank); in round r only the pairs of colour r mod C talk, so a cell
 * meets at most one partner per round.  Phase 1: each cell sends its
 * partner the places and costs of its terminals and the interference its
 * BS measured.  Phase 2: each side evaluates its own terminals in every
 * place of the partner (it holds their gains to the partner's BS) and sends
 * those costs.  Both sides then hold identical numbers and pick the same
 * best blocking pair (largest total cost decrease, ties by the smaller
 * ids), and each applies its half: the UE leaves (migrates after the
 * round) with the partner's capacity, and the cell's places pass to the
 * arriving UE.  A cycle of C rounds without a swap anywhere (one Allreduce
 * per cycle) means no blocking pair is left between any neighbours. */
#include <semec/p003/association.h>
#include <semec/p003/model.h>
#include <semec/tasks/model.h>
#include <semec/engine/channel.h>
#include <math.h>
#include <string.h>

#define ASSOC_TOL 1e-12

struct SemecAssoc_s {
  PetscInt      ncells, nsub, max_cycles, ncolours;
  PetscInt64  **places;     /* [local cell][nsub] */
  PetscInt     *colour;     /* [E] colour of edge nbr[e] of its cell, built lazily */
  PetscInt     *swaps;      /* [local cell] in this association phase */
  PetscBool     stable, any_in_cycle;
  PetscInt      cycles;
  SemecP003Cell one;        /* scratch: one terminal in one place */
  PetscInt64   *free_place; /* [nsub] all -1: the place of a cell without terminals */
};

PetscErrorCode SemecAssocCreate(const SemecConfig *cfg, PetscInt max_cycles, SemecAssoc **pa)
{
  SemecAssoc *a;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&a));
  a->ncells     = cfg->cells_per_rank;
  a->nsub       = cfg->subcarriers;
  a->max_cycles = max_cycles;
  PetscCall(PetscMalloc1(a->ncells, &a->places));
  for (PetscInt i = 0; i < a->ncells; i++) {
    PetscCall(PetscMalloc1(a->nsub, &a->places[i]));
    for (PetscInt n = 0; n < a->nsub; n++) a->places[i][n] = -1;
  }
  PetscCall(PetscCalloc1(a->ncells, &a->swaps));
  PetscCall(SemecP003CellResize(&a->one, 1, a->nsub));
  PetscCall(PetscMalloc1(a->nsub, &a->free_place));
  for (PetscInt n = 0; n < a->nsub; n++) a->free_place[n] = -1;
  *pa = a;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecAssocDestroy(SemecAssoc **pa)
{
  SemecAssoc *a = *pa;

  PetscFunctionBeginUser;
  if (!a) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < a->ncells; i++) PetscCall(PetscFree(a->places[i]));
  PetscCall(PetscFree(a->places));
  PetscCall(PetscFree(a->colour));
  PetscCall(PetscFree(a->swaps));
  PetscCall(SemecP003CellDestroy(&a->one));
  PetscCall(PetscFree(a->free_place));
  PetscCall(PetscFree(*pa));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt64 *SemecAssocPlaces(SemecAssoc *a, PetscInt i) { return a->places[i]; }
PetscInt    SemecAssocSwaps(const SemecAssoc *a, PetscInt i) { return a->swaps[i]; }
PetscBool   SemecAssocStable(const SemecAssoc *a) { return a->stable; }

/* Greedy edge colouring, edges in (cell, neighbour) order: identical everywhere. */
static PetscErrorCode Colour(SemecAssoc *a, const SemecTopology *t)
{
  PetscInt E = t->nbr_start[t->ncells], maxdeg = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(E + 1, &a->colour));
  for (PetscInt e = 0; e < E; e++) a->colour[e] = -1;
  for (PetscInt c = 0; c < t->ncells; c++) maxdeg = PetscMax(maxdeg, t->nbr_start[c + 1] - t->nbr_start[c]);
  PetscBool *used;
  PetscCall(PetscMalloc1(2 * maxdeg + 1, &used));
  a->ncolours = 0;
  for (PetscInt c = 0; c < t->ncells; c++)
    for (PetscInt e = t->nbr_start[c]; e < t->nbr_start[c + 1]; e++) {
      PetscInt o = t->nbr[e];
      if (o < c) continue; /* coloured from the smaller end */
      for (PetscInt k = 0; k <= 2 * maxdeg; k++) used[k] = PETSC_FALSE;
      for (PetscInt f = t->nbr_start[c]; f < t->nbr_start[c + 1]; f++)
        if (a->colour[f] >= 0) used[a->colour[f]] = PETSC_TRUE;
      for (PetscInt f = t->nbr_start[o]; f < t->nbr_start[o + 1]; f++)
        if (a->colour[f] >= 0) used[a->colour[f]] = PETSC_TRUE;
      PetscInt col = 0;
      while (used[col]) col++;
      a->colour[e] = col;
      for (PetscInt f = t->nbr_start[o]; f < t->nbr_start[o + 1]; f++)
        if (t->nbr[f] == c) a->colour[f] = col;
      a->ncolours = PetscMax(a->ncolours, col + 1);
    }
  PetscCall(PetscFree(used));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Partner of cell c in colour col, and the index of the partner in c's neighbour list; -1 if none. */
static PetscInt Partner(const SemecAssoc *a, const SemecTopology *t, PetscInt c, PetscInt col, PetscInt *j)
{
  for (PetscInt e = t->nbr_start[c]; e < t->nbr_start[c + 1]; e++)
    if (a->colour[e] == col) {
      *j = e - t->nbr_start[c];
      return t->nbr[e];
    }
  return -1;
}

/* Cost (11) of UE ue, with its head pending task and semantic mode, in the
 * place (S = subcarriers whose place id is holder, capacity f) of BS bs,
 * whose measured interference is interf; gj: index of bs in ue->gain. */
static double PlaceCost(SemecAssoc *a, const SemecPolicyView *v, const SemecUE *ue, PetscInt bs, PetscInt gj, const PetscInt64 *place,
                        PetscInt64 holder, double f, const double *interf)
{
  const SemecConfig *cfg = v->cfg;
  SemecP003Cell     *pc  = &a->one;
  SemecFadingCache   fc  = SEMEC_FADING_CACHE_INIT;

  pc->bandwidth_hz = cfg->subcarrier_hz;
  pc->tx_power_w   = cfg->tx_power_w;
  pc->noise_w      = SemecNoisePower(cfg);
  for (PetscInt n = 0; n < a->nsub; n++) {
    pc->owner[n]        = place[n] == holder ? 0 : -1;
    pc->interference[n] = interf[n];
    pc->gain[n]         = pc->owner[n] == 0 ? ue->gain[gj] * SemecFadingCached(&fc, cfg, bs, ue->id, v->slot, n) : 0.0;
  }
  SemecP003SetTask(pc, 0, cfg, SemecTaskQueueAt(&SemecTasksUEOf(ue)->pending, 0)->type, PETSC_FALSE);
  pc->semantic[0] = SemecTasksUEOf(ue)->semantic ? 1 : 0;
  pc->f[0]        = f;
  return SemecP003Cost(pc, 0, SemecP003Rate(pc, 0));
}

static PetscBool NotAbove(double x, double y) { return (PetscBool)(x <= y || (isfinite(y) && x - y <= ASSOC_TOL * fabs(y))); }
static PetscBool Below(double x, double y) { return (PetscBool)(x < y && !(isfinite(y) && y - x <= ASSOC_TOL * fabs(y))); }

/* Growable byte buffer per destination. */
typedef struct { char *p; size_t n, cap; } Buf;
static PetscErrorCode Put(Buf *b, const void *x, size_t n)
{
  PetscFunctionBeginUser;
  if (b->n + n > b->cap) {
    size_t cap = PetscMax(2 * b->cap, b->n + n + 256);
    PetscCall(PetscRealloc(cap, &b->p));
    b->cap = cap;
  }
  memcpy(b->p + b->n, x, n);
  b->n += n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Integers travel as int64 so that every field after them stays 8-byte
 * aligned in the receive buffer (the doubles are read in place). */
static PetscErrorCode PutInt(Buf *b, PetscInt x)
{
  int64_t v = (int64_t)x;
  return Put(b, &v, sizeof(v));
}
static PetscInt GetInt(const char **p)
{
  int64_t v;
  memcpy(&v, *p, sizeof(v));
  *p += sizeof(v);
  return (PetscInt)v;
}

/* What a cell tells its partner (phase 1) */
typedef struct {
  PetscInt    cell, partner, n;
  double     *interf;   /* [nsub] */
  PetscInt64 *id;       /* [n] participants */
  double     *cost, *f; /* [n] */
  PetscInt64 *place;    /* [nsub] place ids of the cell */
} Side;

/* Exchanges per-destination buffers: index nn is this rank itself. */
static PetscErrorCode Exchange(SemecComm *comm, Buf *out, char **in, size_t *inlen)
{
  PetscInt     nn = SemecCommNumNeighbours(comm);
  PetscMPIInt *scount, *rcount;
  char        *send, *recv;
  size_t       total = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc2(nn + 1, &scount, nn + 1, &rcount));
  for (PetscInt j = 0; j < nn; j++) { scount[j] = (PetscMPIInt)out[j].n; total += out[j].n; }
  PetscCall(PetscMalloc1(total + 1, &send));
  for (PetscInt j = 0, off = 0; j < nn; off += (PetscInt)out[j].n, j++)
    if (out[j].n) memcpy(send + off, out[j].p, out[j].n);
  PetscCall(SemecCommNeighbourExchangeBytes(comm, send, scount, &recv, rcount));
  /* append what this rank sends to itself */
  size_t rtotal = 0;
  for (PetscInt j = 0; j < nn; j++) rtotal += (size_t)rcount[j];
  PetscCall(PetscMalloc1(rtotal + out[nn].n + 1, in));
  if (rtotal) memcpy(*in, recv, rtotal);
  if (out[nn].n) memcpy(*in + rtotal, out[nn].p, out[nn].n);
  *inlen = rtotal + out[nn].n;
  PetscCall(PetscFree(recv));
  PetscCall(PetscFree(send));
  PetscCall(PetscFree2(scount, rcount));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscInt Dest(SemecComm *comm, PetscInt cell)
{
  PetscMPIInt owner = SemecCommOwner(comm, cell);
  if (owner == SemecCommRank(comm)) return SemecCommNumNeighbours(comm);
  for (PetscInt j = 0; j < SemecCommNumNeighbours(comm); j++)
    if (SemecCommNeighbours(comm)[j] == owner) return j;
  return -1;
}

/* The swap-blocking rule of Sec. III-B-b for costs before (cx, cy) and after (ax: x in y's place, ay: y in x's place). */
static PetscBool Blocks(double cx, double cy, double ax, double ay)
{
  if (!NotAbove(ax, cx) || !NotAbove(ay, cy) || !NotAbove(ay, cx) || !NotAbove(ax, cy)) return PETSC_FALSE;
  return (PetscBool)(Below(ax, cx) || Below(ay, cy) || Below(ay, cx) || Below(ax, cy));
}

PetscErrorCode SemecAssocCountBlocking(SemecAssoc *a, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, PetscInt first, PetscInt *count)
{
  const SemecTopology *t = v->topo;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < ncells; i++) count[i] = 0;
  for (PetscInt i = 0; i < ncells; i++) {
    SemecCell *x = &cells[i];
    for (PetscInt e = t->nbr_start[x->id]; e < t->nbr_start[x->id + 1]; e++) {
      PetscInt k = t->nbr[e] - first;
      if (t->nbr[e] < x->id || k < 0 || k >= ncells) continue; /* each local pair once */
      SemecCell *y = &cells[k];
      PetscInt   jx = e - t->nbr_start[x->id], jy = -1;
      for (PetscInt f = t->nbr_start[y->id]; f < t->nbr_start[y->id + 1]; f++)
        if (t->nbr[f] == x->id) jy = f - t->nbr_start[y->id];
      PetscInt nx = 0, ny = 0;
      for (PetscInt u = 0; u < x->nue; u++) nx += SemecTasksUEOf(&x->ues[u])->pending.count > 0;
      for (PetscInt u = 0; u < y->nue; u++) ny += SemecTasksUEOf(&y->ues[u])->pending.count > 0;
      if (!nx || !ny) { /* moves into the empty cell */
        SemecCell *from = nx ? x : y, *into = nx ? y : x;
        PetscInt   gj = nx ? jx : jy, fi = nx ? i : k;
        for (PetscInt u = 0; u < from->nue; u++) {
          const SemecUE *p = &from->ues[u];
          if (!SemecTasksUEOf(p)->pending.count) continue;
          double c  = PlaceCost(a, v, p, from->id, 0, a->places[fi], p->id, SemecTasksUEOf(p)->f_edge, from->interference);
          double mv = PlaceCost(a, v, p, into->id, 1 + gj, a->free_place, -1, v->cfg->mec_cpu_hz, into->interference);
          count[i] += Below(mv, c);
        }
        continue;
      }
      for (PetscInt ux = 0; ux < x->nue; ux++) {
        const SemecUE *p = &x->ues[ux];
        if (!SemecTasksUEOf(p)->pending.count) continue;
        double cx = PlaceCost(a, v, p, x->id, 0, a->places[i], p->id, SemecTasksUEOf(p)->f_edge, x->interference);
        for (PetscInt uy = 0; uy < y->nue; uy++) {
          const SemecUE *q = &y->ues[uy];
          if (!SemecTasksUEOf(q)->pending.count) continue;
          double cy = PlaceCost(a, v, q, y->id, 0, a->places[k], q->id, SemecTasksUEOf(q)->f_edge, y->interference);
          double ax = PlaceCost(a, v, p, y->id, 1 + jx, a->places[k], q->id, SemecTasksUEOf(q)->f_edge, y->interference);
          double ay = PlaceCost(a, v, q, x->id, 1 + jy, a->places[i], p->id, SemecTasksUEOf(p)->f_edge, x->interference);
          count[i] += Blocks(cx, cy, ax, ay);
        }
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecAssocRound(SemecAssoc *a, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, SemecComm *comm, PetscInt round, PetscBool *more)
{
  const SemecTopology *t  = v->topo;
  PetscInt             nn = SemecCommNumNeighbours(comm), N = a->nsub, first = SemecCommFirstCell(comm);
  Buf                 *out;
  char                *in1 = NULL, *in2 = NULL;
  size_t               len1, len2;
  PetscBool            swapped = PETSC_FALSE;
  Side                *mine, *theirs;

  PetscFunctionBeginUser;
  if (!a->colour) PetscCall(Colour(a, t));
  if (round == 0) {
    for (PetscInt i = 0; i < ncells; i++) a->swaps[i] = 0;
    a->stable       = PETSC_FALSE;
    a->any_in_cycle = PETSC_FALSE;
    a->cycles       = 0;
  }
  if (a->ncolours == 0) { /* no neighbours: nothing to swap */
    a->stable = PETSC_TRUE;
    *more     = PETSC_FALSE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscInt col = round % a->ncolours;
  PetscCall(PetscCalloc1(nn + 1, &out));
  PetscCall(PetscCalloc2(ncells, &mine, ncells, &theirs));
  /* phase 1: my side of every pair of this colour */
  for (PetscInt i = 0; i < ncells; i++) {
    SemecCell *cell = &cells[i];
    PetscInt   j, partner = Partner(a, t, cell->id, col, &j), n = 0;
    mine[i].partner = partner;
    if (partner < 0) continue;
    for (PetscInt u = 0; u < cell->nue; u++) n += SemecTasksUEOf(&cell->ues[u])->pending.count > 0;
    Side *s = &mine[i];
    s->cell = cell->id;
    s->n    = n;
    PetscCall(PetscMalloc5(N, &s->interf, n + 1, &s->id, n + 1, &s->cost, n + 1, &s->f, N, &s->place));
    PetscCall(PetscArraycpy(s->interf, cell->interference, N));
    PetscCall(PetscArraycpy(s->place, a->places[i], N));
    n = 0;
    for (PetscInt u = 0; u < cell->nue; u++) {
      const SemecUE *ue = &cell->ues[u];
      if (!SemecTasksUEOf(ue)->pending.count) continue;
      s->id[n]   = ue->id;
      s->f[n]    = SemecTasksUEOf(ue)->f_edge;
      s->cost[n] = PlaceCost(a, v, ue, cell->id, 0, a->places[i], ue->id, SemecTasksUEOf(ue)->f_edge, cell->interference);
      n++;
    }
    Buf *b = &out[Dest(comm, partner)];
    PetscCall(PutInt(b, s->cell));
    PetscCall(PutInt(b, partner));
    PetscCall(PutInt(b, s->n));
    PetscCall(Put(b, s->interf, sizeof(double) * N));
    PetscCall(Put(b, s->place, sizeof(PetscInt64) * N));
    PetscCall(Put(b, s->id, sizeof(PetscInt64) * s->n));
    PetscCall(Put(b, s->cost, sizeof(double) * s->n));
    PetscCall(Put(b, s->f, sizeof(double) * s->n));
  }
  PetscCall(Exchange(comm, out, &in1, &len1));
  for (PetscInt j = 0; j <= nn; j++) out[j].n = 0;
  /* unpack the partners' sides (pointers into in1) */
  for (const char *p = in1; p < in1 + len1;) {
    Side s;
    s.cell    = GetInt(&p);
    s.partner = GetInt(&p);
    s.n       = GetInt(&p);
    s.interf = (double *)p; p += sizeof(double) * N;
    s.place  = (PetscInt64 *)p; p += sizeof(PetscInt64) * N;
    s.id     = (PetscInt64 *)p; p += sizeof(PetscInt64) * s.n;
    s.cost   = (double *)p; p += sizeof(double) * s.n;
    s.f      = (double *)p; p += sizeof(double) * s.n;
    theirs[s.partner - first] = s;
  }
  /* phase 2: my terminals in each of the partner's places */
  double **A;
  PetscCall(PetscCalloc1(ncells, &A));
  for (PetscInt i = 0; i < ncells; i++) {
    Side *s = &mine[i], *o = &theirs[i];
    if (s->partner < 0) continue;
    PetscInt j = 0, k = 0;
    Partner(a, t, s->cell, col, &j);
    PetscInt len = s->n * o->n + (o->n == 0 ? s->n : 0); /* swaps; or moves into an empty partner */
    PetscCall(PetscMalloc1(len + 1, &A[i]));
    for (PetscInt u = 0; u < cells[i].nue; u++) {
      const SemecUE *ue = &cells[i].ues[u];
      if (!SemecTasksUEOf(ue)->pending.count) continue;
      for (PetscInt w = 0; w < o->n; w++) A[i][k * o->n + w] = PlaceCost(a, v, ue, o->cell, 1 + j, o->place, o->id[w], o->f[w], o->interf);
      /* a cell without terminals is one free place: all its subcarriers and its whole capacity */
      if (o->n == 0) A[i][k] = PlaceCost(a, v, ue, o->cell, 1 + j, a->free_place, -1, v->cfg->mec_cpu_hz, o->interf);
      k++;
    }
    Buf *b = &out[Dest(comm, s->partner)];
    PetscCall(PutInt(b, s->cell));
    PetscCall(PutInt(b, s->partner));
    PetscCall(Put(b, A[i], sizeof(double) * len));
  }
  PetscCall(Exchange(comm, out, &in2, &len2));
  /* decide the pair's swap from identical numbers on both sides */
  for (const char *p = in2; p < in2 + len2;) {
    PetscInt from_cell = GetInt(&p), to = GetInt(&p);
    (void)from_cell;
    PetscInt      i = to - first;
    Side         *s = &mine[i], *o = &theirs[i];
    const double *B = (const double *)p; /* partner's terminals in my places: [o->n][s->n] (or moves into me, [o->n]) */
    p += sizeof(double) * (o->n * s->n + (s->n == 0 ? o->n : 0));
    /* orient: x = the smaller cell id, so both sides scan in the same order */
    PetscBool   iam_x = (PetscBool)(s->cell < o->cell);
    const Side *x = iam_x ? s : o, *y = iam_x ? o : s;
    const double *Axy = iam_x ? A[i] : B, *Byx = iam_x ? B : A[i];
    PetscInt     bx = -1, by = -1;
    double       best = 0.0;
    if (x->n == 0 || y->n == 0) {
      /* a move into the empty cell: the mover strictly gains; the cell it
       * leaves keeps its other terminals' places, the empty one gains a
       * terminal: nobody is worse off */
      const Side   *from = x->n ? x : y, *into = x->n ? y : x;
      const double *cost = from == s ? A[i] : B;
      PetscInt      bm   = -1;
      for (PetscInt u = 0; u < from->n; u++)
        if (Below(cost[u], from->cost[u]) && (bm < 0 || from->cost[u] - cost[u] > best)) {
          best = from->cost[u] - cost[u];
          bm   = u;
        }
      if (bm < 0) continue;
      SemecCell *cell = &cells[i];
      if (from == s) { /* my terminal leaves; its subcarriers become holes */
        for (PetscInt u = 0; u < cell->nue; u++)
          if (cell->ues[u].id == s->id[bm]) {
            cell->ues[u].target = into->cell;
            SemecTasksUEOf(&cell->ues[u])->f_edge = v->cfg->mec_cpu_hz;
          }
        for (PetscInt n = 0; n < N; n++)
          if (a->places[i][n] == s->id[bm]) a->places[i][n] = -1;
      } else
        for (PetscInt n = 0; n < N; n++) a->places[i][n] = from->id[bm];
      a->swaps[i]++;
      swapped = PETSC_TRUE;
      continue;
    }
    for (PetscInt ux = 0; ux < x->n; ux++)
      for (PetscInt uy = 0; uy < y->n; uy++) {
        double cx = x->cost[ux], cy = y->cost[uy], ax = Axy[ux * y->n + uy], ay = Byx[uy * x->n + ux];
        if (!Blocks(cx, cy, ax, ay)) continue;
        double gain = (isfinite(cx) ? cx : 1e300) + (isfinite(cy) ? cy : 1e300) - ax - ay;
        if (bx < 0 || gain > best) {
          best = gain;
          bx   = ux;
          by   = uy;
        }
      }
    if (bx < 0) continue;
    /* apply my half: my terminal leaves with the partner's capacity; my places pass to the arriving UE */
    PetscInt64 leaving  = iam_x ? x->id[bx] : y->id[by], arriving = iam_x ? y->id[by] : x->id[bx];
    double     f_new    = iam_x ? y->f[by] : x->f[bx];
    SemecCell *cell     = &cells[i];
    for (PetscInt u = 0; u < cell->nue; u++)
      if (cell->ues[u].id == leaving) {
        cell->ues[u].target = o->cell;
        SemecTasksUEOf(&cell->ues[u])->f_edge = f_new;
      }
    for (PetscInt n = 0; n < N; n++)
      if (a->places[i][n] == leaving) a->places[i][n] = arriving;
    a->swaps[i]++;
    swapped = PETSC_TRUE;
  }
  for (PetscInt i = 0; i < ncells; i++) {
    if (mine[i].partner >= 0) PetscCall(PetscFree5(mine[i].interf, mine[i].id, mine[i].cost, mine[i].f, mine[i].place));
    PetscCall(PetscFree(A[i]));
  }
  PetscCall(PetscFree(A));
  PetscCall(PetscFree2(mine, theirs));
  for (PetscInt j = 0; j <= nn; j++) PetscCall(PetscFree(out[j].p));
  PetscCall(PetscFree(out));
  PetscCall(PetscFree(in1));
  PetscCall(PetscFree(in2));
  /* end of a cycle: stop when no swap happened anywhere */
  a->any_in_cycle = (PetscBool)(a->any_in_cycle || swapped);
  *more           = PETSC_TRUE;
  if (col == a->ncolours - 1) {
    PetscBool any = a->any_in_cycle;
    PetscCall(SemecCommAny(comm, &any));
    a->cycles++;
    a->any_in_cycle = PETSC_FALSE;
    a->stable       = (PetscBool)!any;
    *more           = (PetscBool)(any && a->cycles < a->max_cycles);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
