/* Uplink rate.  Paper 003 writes eq. (2) with "log"; the rate is in bit/s,
 * so the logarithm is base 2 (docs/models.md). */
#include <semec/engine/radio.h>
#include <math.h>

double SemecShannonRate(double bandwidth_hz, double sinr)
{
  return bandwidth_hz * log2(1.0 + sinr); /* paper 003 eq. (2), one subcarrier */
}
