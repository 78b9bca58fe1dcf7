/* Differences between the PETSc releases semec builds with (Debian 12 has
 * 3.18; PETSC_SUCCESS appeared in 3.19). */
#ifndef SEMEC_COMPAT_H
#define SEMEC_COMPAT_H
#include <petscsys.h>
#ifndef PETSC_SUCCESS
  #define PETSC_SUCCESS 0
#endif
#endif
