/* Paper 004's system in one block (Wang, Cai, Lau, Sec. II-III): the
 * equations as pure functions of the parameters, a WD's queue and a server's
 * rates, so that tests can check each against hand values.
 *
 * Time runs in blocks of n slots of tau seconds.  A DNN task is W CPU
 * cycles; a WD serves its FIFO of tasks from the head during the block, and
 * in the slot after the block it offloads the back-end rho of the one task
 * it split (the "mod W" of D_{k,t} and (6)) on its dedicated band of B Hz,
 * at the power (4) that carries D = zeta rho bits in one slot.  The MEC
 * server serves one FIFO of back-ends at its n per-slot rates.
 *
 * Workloads are integer cycles.  The WD queue is held as a partial head of
 * r in [0, W) cycles and N whole tasks, q = r + N W: the conserving form of
 * (1), in which the offloaded back-end leaves the WD (docs/models.md). */
#ifndef SEMEC_P004_BLOCK_H
#define SEMEC_P004_BLOCK_H
#include <semec/engine/compat.h>
#include <stdint.h>

#define SEMEC_P004_MAX_SLOTS 32 /* n: a block's arrivals are one bit per slot */

typedef struct {
  PetscInt n;         /* slots per block */
  double   tau;       /* slot length (s) */
  int64_t  W;         /* CPU cycles of one DNN task */
  double   zeta;      /* bits of intermediate output per remaining cycle */
  double   B;         /* dedicated band of each WD (Hz) */
  double   gap;       /* SNR gap Gamma >= 1 of (3) */
  double   f_wd_max;  /* local CPU limit (9c) (cycles/s) */
  double   xi_wd;     /* WD effective switched capacitance (J s^2/cycle^3) */
  double   f_ser_max; /* server CPU limit (9d) (cycles/s) */
  double   xi_ser;    /* server effective switched capacitance */
  double   p_max;     /* transmit power bound (W; not in the paper) */
  double   w[4];      /* w1..w4 of (8): w1, w3 per cycle, w2, w4 per J */
  double   gamma;     /* discount factor of (9a) */
} SemecP004Params;

/* A WD's workload queue: a partial head of r cycles (0: none) and N whole tasks. */
typedef struct {
  int64_t r, N;
} SemecP004Queue;

static inline int64_t SemecP004QueueCycles(const SemecP004Params *par, SemecP004Queue q) { return q.r + q.N * par->W; }

/* What a WD does in one block (the split rule, docs/models.md). */
typedef struct {
  int64_t        local;  /* C: cycles computed locally in the block */
  int64_t        rho;    /* back-end offloaded in the slot after the block (cycles) */
  int64_t        done;   /* tasks completed locally */
  PetscBool      spans;  /* exceptional case: the head task's front-end does not fit in the block */
  SemecP004Queue after;  /* the queue after the block, before its arrivals (rho already gone) */
} SemecP004Split;

/* C_max = floor(n tau f_max^wd): the most a WD computes in a block (9c). */
int64_t SemecP004LocalCapacity(const SemecP004Params *par);
/* The back-end a power p carries in one slot, inverting (4):
 * min(W, floor((tau B / zeta) log2(1 + h p / Gamma))) cycles, h the gain
 * over the noise (and interference) power (1/W); the floor takes the
 * allowance of SemecP004Delivers, so that p carries every rho it delivers. */
int64_t SemecP004OffloadCapacity(const SemecP004Params *par, double h, double p);
/* (4): the power that carries D = zeta rho bits in one slot. */
double  SemecP004Power(const SemecP004Params *par, double h, int64_t rho);
/* (3) times tau >= D: whether a power p delivers rho cycles' output at gain h
 * (a relative 1e-12 allowance for the rounding of (4) and its inverse). */
PetscBool SemecP004Delivers(const SemecP004Params *par, double h, double p, int64_t rho);
/* The split rule: the WD completes every task it reaches within C_max
 * except the last, whose back-end min(cap, its size) it offloads; with
 * whole_only (binary offloading) only a whole task, and only when cap >= W,
 * is offloaded (rho in {0, W}).  A head whose front-end does not fit in C_max
 * is computed for C_max and stays (spans; untouched if C_max = 0). */
void    SemecP004SplitBlock(const SemecP004Params *par, SemecP004Queue q, int64_t cap, PetscBool whole_only, SemecP004Split *s);
/* (2) with the block's local cycles at one constant rate C/(n tau): the
 * least energy (2) allows for C cycles. */
double  SemecP004LocalEnergy(const SemecP004Params *par, int64_t local);
/* The rate of each slot for C local cycles, C / (n tau) (cycles/s). */
double  SemecP004LocalRate(const SemecP004Params *par, int64_t local);
/* (7): the server's energy for its n rates f[i] (charged whether or not the queue has work). */
double  SemecP004ServerEnergy(const SemecP004Params *par, const double *f);
/* Cycles the server can run in slot i at rate f: floor(tau f). */
int64_t SemecP004ServerSlotCycles(const SemecP004Params *par, double f);

#endif
