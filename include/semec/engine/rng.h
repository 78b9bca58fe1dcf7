/* Counter-based random numbers (Random123 Philox4x64-10).  A draw is a pure
 * function of (seed, stream, cell, ue, slot, index): no generator state, so
 * results do not depend on rank count, cell ownership or call order. */
#ifndef SEMEC_RNG_H
#define SEMEC_RNG_H
#include <stdint.h>

typedef enum {
  SEMEC_STREAM_GEOMETRY = 1, SEMEC_STREAM_SHADOWING, SEMEC_STREAM_FADING,
  SEMEC_STREAM_ARRIVALS, SEMEC_STREAM_MOBILITY, SEMEC_STREAM_POLICY,
  SEMEC_STREAM_UECOUNT, SEMEC_STREAM_TASKTYPE,
  SEMEC_STREAM_NN, /* initial weights of neural networks (src/learn/nn.c) */
  SEMEC_STREAM_DQN, /* exploration and replay sampling of the DQN learner (src/learn/dqn.c) */
  SEMEC_STREAM_FEATURES /* the feature weights of paper 004's parametric Q-learning (src/p004/qlearn.c) */
} SemecStream;

typedef struct { uint64_t seed; uint64_t stream; uint64_t cell; uint64_t ue; uint64_t slot; } SemecRngKey;

/* Four raw 64-bit words for counter value idx. */
void   SemecRngRaw(const SemecRngKey *k, uint64_t idx, uint64_t out[4]);
/* Four uniforms in the open interval (0,1). */
void   SemecRngUniform4(const SemecRngKey *k, uint64_t idx, double u[4]);
double SemecRngUniform(const SemecRngKey *k, uint64_t idx);
/* Two independent standard normals (Box-Muller on one counter). */
void   SemecRngNormal2(const SemecRngKey *k, uint64_t idx, double z[2]);
/* Poisson(mean) by CDF inversion from one uniform; mean must be <= 700. */
int64_t SemecRngPoisson(const SemecRngKey *k, uint64_t idx, double mean);
/* Converts a 64-bit word to a uniform in (0,1). */
double SemecRngToUniform(uint64_t x);

#endif
