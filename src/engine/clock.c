/* The run's clock (include/semec/engine/clock.h). */
#include <semec/engine/clock.h>

void SemecClockAt(const SemecConfig *cfg, PetscInt t, SemecClock *c)
{
  c->slot = t;
  if (cfg->episode_length <= 0) {
    c->phase   = SEMEC_PHASE_RUN;
    c->episode = 0;
    c->step    = t;
    c->length  = cfg->slots;
    return;
  }
  PetscInt e = t / cfg->episode_length;
  c->step    = t % cfg->episode_length;
  c->length  = cfg->episode_length;
  c->phase   = e < cfg->train_episodes ? SEMEC_PHASE_TRAIN : SEMEC_PHASE_TEST;
  c->episode = e < cfg->train_episodes ? e : e - cfg->train_episodes;
}
