/* Episodic replay memory (design in include/semec/learn/replay.h).
 *
 * Invariants: the stored transitions occupy ring positions head, head + 1,
 * ..., head + count - 1 (mod cap), oldest first; the stored episodes are
 * ep_len[(ep_head + i) mod episodes], i < nep, in the same order, and their
 * lengths add up to count; `open` says whether the newest of them is still
 * being written. */
#include <semec/learn/replay.h>
#include <string.h>

struct SemecReplay_s {
  PetscInt   nobs, episodes;       /* vector width; capacity in episodes */
  PetscInt   cap, head, count;     /* transition ring: size, oldest position, stored */
  PetscInt   ep_head, nep, *ep_len; /* episode ring [episodes] */
  PetscBool  open;                  /* the newest episode is being written */
  double    *obs, *next, *reward;   /* [cap x nobs], [cap x nobs], [cap] */
  PetscInt  *action;                /* [cap] */
  PetscBool *done;                  /* [cap] */
};

static PetscErrorCode Allocate(SemecReplay *r, PetscInt cap)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMalloc5(cap * r->nobs, &r->obs, cap * r->nobs, &r->next, cap, &r->reward, cap, &r->action, cap, &r->done));
  r->cap = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayCreate(PetscInt nobs, PetscInt episodes, PetscInt steps_hint, SemecReplay **replay)
{
  SemecReplay *r;

  PetscFunctionBeginUser;
  PetscCheck(nobs >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Replay memory: observation width %" PetscInt_FMT " must be >= 1", nobs);
  PetscCheck(episodes >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Replay memory: capacity of %" PetscInt_FMT " episodes must be >= 1", episodes);
  PetscCheck(steps_hint >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Replay memory: steps_hint %" PetscInt_FMT " must be >= 1", steps_hint);
  PetscCall(PetscNew(&r));
  r->nobs     = nobs;
  r->episodes = episodes;
  PetscCall(PetscCalloc1(episodes, &r->ep_len));
  PetscCall(Allocate(r, episodes * steps_hint));
  *replay = r;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayDestroy(SemecReplay **replay)
{
  PetscFunctionBeginUser;
  if (!*replay) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree5((*replay)->obs, (*replay)->next, (*replay)->reward, (*replay)->action, (*replay)->done));
  PetscCall(PetscFree((*replay)->ep_len));
  PetscCall(PetscFree(*replay));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt SemecReplayNumEpisodes(const SemecReplay *r) { return r->nep; }
PetscInt SemecReplayNumTransitions(const SemecReplay *r) { return r->count; }
PetscInt SemecReplayCapacity(const SemecReplay *r) { return r->episodes; }

/* Doubles the transition ring, copying the stored transitions oldest first
 * to positions 0..count-1. */
static PetscErrorCode Grow(SemecReplay *r)
{
  SemecReplay old = *r;
  PetscInt    n   = r->nobs;

  PetscFunctionBeginUser;
  PetscCall(Allocate(r, 2 * old.cap));
  for (PetscInt i = 0; i < old.count; i++) {
    PetscInt p = (old.head + i) % old.cap;
    PetscCall(PetscArraycpy(r->obs + i * n, old.obs + p * n, n));
    PetscCall(PetscArraycpy(r->next + i * n, old.next + p * n, n));
    r->reward[i] = old.reward[p];
    r->action[i] = old.action[p];
    r->done[i]   = old.done[p];
  }
  r->head = 0;
  PetscCall(PetscFree5(old.obs, old.next, old.reward, old.action, old.done));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayAppend(SemecReplay *r, const double *obs, PetscInt action, double reward, const double *next_obs, PetscBool done)
{
  PetscInt n = r->nobs, p;

  PetscFunctionBeginUser;
  if (!r->open) { /* a new episode: make room for it among the `episodes` */
    if (r->nep == r->episodes) {
      PetscInt oldest = r->ep_len[r->ep_head];
      r->head         = (r->head + oldest) % r->cap;
      r->count -= oldest;
      r->ep_head = (r->ep_head + 1) % r->episodes;
      r->nep--;
    }
    r->ep_len[(r->ep_head + r->nep) % r->episodes] = 0;
    r->nep++;
    r->open = PETSC_TRUE;
  }
  if (r->count == r->cap) PetscCall(Grow(r));
  p = (r->head + r->count) % r->cap;
  PetscCall(PetscArraycpy(r->obs + p * n, obs, n));
  PetscCall(PetscArraycpy(r->next + p * n, next_obs, n));
  r->reward[p] = reward;
  r->action[p] = action;
  r->done[p]   = done;
  r->count++;
  r->ep_len[(r->ep_head + r->nep - 1) % r->episodes]++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayEndEpisode(SemecReplay *r)
{
  PetscFunctionBeginUser;
  r->open = PETSC_FALSE; /* an open episode has at least one transition: it was opened by an append */
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayGet(const SemecReplay *r, PetscInt k, const double **obs, PetscInt *action, double *reward, const double **next_obs,
                              PetscBool *done)
{
  PetscInt p;

  PetscFunctionBeginUser;
  PetscCheck(k >= 0 && k < r->count, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "Replay memory: transition %" PetscInt_FMT " of %" PetscInt_FMT " stored", k,
             r->count);
  p = (r->head + k) % r->cap;
  if (obs) *obs = r->obs + p * r->nobs;
  if (next_obs) *next_obs = r->next + p * r->nobs;
  if (action) *action = r->action[p];
  if (reward) *reward = r->reward[p];
  if (done) *done = r->done[p];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplaySample(const SemecReplay *r, const SemecRngKey *key, uint64_t base, PetscInt n, PetscInt *k)
{
  double u[4];

  PetscFunctionBeginUser;
  PetscCheck(r->count > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "Replay memory: sampling from an empty memory");
  for (PetscInt j = 0; j < n; j++) {
    if (j % 4 == 0) SemecRngUniform4(key, base + (uint64_t)(j / 4), u);
    k[j] = (PetscInt)(u[j % 4] * (double)r->count); /* u < 1, so k < count */
    if (k[j] >= r->count) k[j] = r->count - 1;        /* guard against rounding for huge counts */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecReplayGather(const SemecReplay *r, PetscInt n, const PetscInt *k, double *obs, PetscInt *action, double *reward, double *next_obs,
                                 double *done)
{
  PetscInt w = r->nobs;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < n; j++) {
    const double *o, *x;
    PetscBool     d;
    PetscCall(SemecReplayGet(r, k[j], &o, &action[j], &reward[j], &x, &d));
    PetscCall(PetscArraycpy(obs + j * w, o, w));
    PetscCall(PetscArraycpy(next_obs + j * w, x, w));
    done[j] = d ? 1.0 : 0.0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
