/* Wireless channel: path loss (papers 003, 004 and the distance-exponent
 * model of 000/002), per-link log-normal shadowing, per-subcarrier per-slot
 * small-scale fading, noise.  All draws are counter-based, keyed by the link
 * (BS, UE) and the slot, so any rank computes the same gain for a link. */
#ifndef SEMEC_CHANNEL_H
#define SEMEC_CHANNEL_H
#include <semec/engine/config.h>
#include <math.h>

/* Path loss in dB at distance d_m metres (evaluated at max(d, min_distance)). */
double SemecPathLossDb(const SemecConfig *cfg, double d_m);
/* The standard normal behind the shadowing of link (bs, ue). */
double SemecShadowingNormal(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue);
/* Shadowing of link (bs, ue) in dB: N(0, shadow_db^2), constant over the run. */
double SemecShadowingDb(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue);
/* Linear power gain of a loss in dB. */
static inline double SemecGainOfLossDb(double loss_db) { return pow(10.0, -loss_db / 10.0); }
/* Large-scale power gain (linear) of link (bs, ue) at distance d_m. */
double SemecLargeScaleGain(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, double d_m);
/* Small-scale power gain |h|^2 (mean 1) of link (bs, ue), subcarrier n,
 * slot, for the fading law kind (Rician with K factor rician_k_db). */
double SemecFadingDraw(const SemecConfig *cfg, SemecFading kind, double rician_k_db, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt n);
/* The same with the run's -chan_fading and -chan_rician_k. */
double SemecFadingPower(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt n);
/* Fading powers of subcarriers 4 block .. 4 block + 3 of link (bs, ue) in
 * slot: the values SemecFadingPower returns, computed together. */
void   SemecFadingBlock(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt block, double out[4]);
/* Caches the last block, for loops over subcarriers that reuse it. */
typedef struct { PetscInt bs, slot, block; PetscInt64 ue; double power[4]; } SemecFadingCache;
static inline double SemecFadingCached(SemecFadingCache *c, const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt n)
{
  if (c->block != n / 4 || c->ue != ue || c->bs != bs || c->slot != slot) {
    c->bs = bs; c->ue = ue; c->slot = slot; c->block = n / 4;
    SemecFadingBlock(cfg, bs, ue, slot, n / 4, c->power);
  }
  return c->power[n % 4];
}
#define SEMEC_FADING_CACHE_INIT {-1, -1, -1, -1, {0, 0, 0, 0}}
/* Noise power in one subcarrier, B N0 (W). */
double SemecNoisePower(const SemecConfig *cfg);

#endif
