/* Uplink radio: SINR with co-channel interference (paper 003 eq. (1)) and
 * the Shannon rate over the allocated subcarriers (paper 003 eq. (2)). */
#ifndef SEMEC_RADIO_H
#define SEMEC_RADIO_H

/* paper 003 eq. (1): P g / (I + B N0), with I the received power at the
 * serving BS from UEs of other cells on the same subcarrier. */
static inline double SemecSinr(double p_w, double gain, double interference_w, double noise_w)
{
  return p_w * gain / (interference_w + noise_w);
}
/* One term of paper 003 eq. (2): B log2(1 + SINR) in bit/s. */
double SemecShannonRate(double bandwidth_hz, double sinr);

#endif
