/* Paper 002's exhaustive search (include/semec/p002/exhaustive.h). */
#include <semec/p002/exhaustive.h>

typedef struct {
  PetscInt           nue, nsub;
  const double      *off_value;   /* [nue, nsub, nue + 1]: best reward offloading on k with m UEs offloading */
  const double      *local_value; /* [nue] */
  PetscInt          *sub;         /* current assignment, -1 = local */
  PetscInt          *best_sub;
  double             best;
  PetscBool          found;
} Search;

/* Assigns the offloading UEs of mask from UE u on, each to a free sub-channel. */
static void Assign(Search *s, unsigned mask, PetscInt noff, PetscInt u, unsigned used, double acc)
{
  if (u == s->nue) {
    if (!s->found || acc > s->best) {
      s->best  = acc;
      s->found = PETSC_TRUE;
      for (PetscInt i = 0; i < s->nue; i++) s->best_sub[i] = s->sub[i];
    }
    return;
  }
  if (!((mask >> u) & 1u)) {
    s->sub[u] = -1;
    Assign(s, mask, noff, u + 1, used, acc + s->local_value[u]);
    return;
  }
  for (PetscInt k = 0; k < s->nsub; k++) {
    if ((used >> k) & 1u) continue;
    s->sub[u] = k;
    Assign(s, mask, noff, u + 1, used | (1u << k), acc + s->off_value[(u * s->nsub + k) * (s->nue + 1) + noff]);
  }
}

PetscErrorCode SemecP002Exhaustive(const SemecP002Params *par, const SemecP002Grid *grid, PetscInt nue, PetscInt nsub, const PetscInt *modality,
                                   const double *gain, const double *interference, SemecP002Decision *best, PetscInt *subchannel, double *value)
{
  double            *off_value, *local_value;
  SemecP002Decision *off_dec, *local_dec;
  PetscInt          *sub, *best_sub, nmax = PetscMin(nue, nsub);
  unsigned           tasks = 0;
  Search             s;

  PetscFunctionBeginUser;
  PetscCheck(nue >= 1 && nue <= 16 && nsub >= 1 && nsub <= 30, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Exhaustive search of paper 002: %" PetscInt_FMT " UEs and %" PetscInt_FMT " sub-channels per cell, allowed at most 16 and 30", nue, nsub);
  PetscCheck(grid->np >= 1 && grid->nf >= 1 && grid->nmu >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Exhaustive search of paper 002: empty grid");
  PetscCall(PetscMalloc4(nue * nsub * (nue + 1), &off_value, nue, &local_value, nue * nsub * (nue + 1), &off_dec, nue, &local_dec));
  PetscCall(PetscMalloc2(nue, &sub, nue, &best_sub));
  for (PetscInt u = 0; u < nue; u++) {
    SemecP002Outcome o;
    local_value[u] = 0.0;
    local_dec[u]   = (SemecP002Decision){PETSC_FALSE, par->p_min, par->f_ref, 1.0, 0.0, 0.0};
    if (modality[u] < 0) continue;
    tasks |= 1u << u;
    for (PetscInt i = 0; i < grid->nf; i++) { /* local: the frequency */
      SemecP002Decision d = {PETSC_FALSE, par->p_min, SemecP002GridLevel(par->f_min, par->f_max, i, grid->nf), 1.0, 0.0, 0.0};
      SemecP002Evaluate(par, (SemecP002Modality)modality[u], &d, 0, &o);
      if (i == 0 || o.reward > local_value[u]) {
        local_value[u] = o.reward;
        local_dec[u]   = d;
      }
    }
    for (PetscInt k = 0; k < nsub; k++)
      for (PetscInt m = 1; m <= nmax; m++) {
        PetscInt idx = (u * nsub + k) * (nue + 1) + m;
        PetscBool first = PETSC_TRUE;
        for (PetscInt ip = 0; ip < grid->np; ip++)
          for (PetscInt jf = 0; jf < grid->nf; jf++)
            for (PetscInt lm = 0; lm < grid->nmu; lm++) {
              SemecP002Decision d = {PETSC_TRUE, SemecP002GridLevel(par->p_min, par->p_max, ip, grid->np), SemecP002GridLevel(par->f_min, par->f_max, jf, grid->nf),
                                     SemecP002GridLevel(par->mu_min, 1.0, lm, grid->nmu), gain[u * nsub + k], interference ? interference[k] : 0.0};
              SemecP002Evaluate(par, (SemecP002Modality)modality[u], &d, m, &o);
              if (first || o.reward > off_value[idx]) {
                off_value[idx] = o.reward;
                off_dec[idx]   = d;
                first          = PETSC_FALSE;
              }
            }
      }
  }
  s = (Search){nue, nsub, off_value, local_value, sub, best_sub, 0.0, PETSC_FALSE};
  for (unsigned mask = 0; mask < (1u << nue); mask++) {
    PetscInt noff = 0;
    if (mask & ~tasks) continue; /* only UEs with a task offload */
    for (PetscInt u = 0; u < nue; u++) noff += (mask >> u) & 1u;
    if (noff > nsub) continue;
    Assign(&s, mask, noff, 0, 0u, 0.0);
  }
  PetscInt noff = 0;
  for (PetscInt u = 0; u < nue; u++) noff += best_sub[u] >= 0 ? 1 : 0;
  for (PetscInt u = 0; u < nue; u++) {
    subchannel[u] = best_sub[u];
    best[u]       = best_sub[u] >= 0 ? off_dec[(u * nsub + best_sub[u]) * (nue + 1) + noff] : local_dec[u];
  }
  *value = s.best;
  PetscCall(PetscFree4(off_value, local_value, off_dec, local_dec));
  PetscCall(PetscFree2(sub, best_sub));
  PetscFunctionReturn(PETSC_SUCCESS);
}
