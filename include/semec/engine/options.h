/* Helpers every module uses to read options: PETSc's parsers reject a
 * malformed value without naming the option, so these check the text first;
 * the error names the option, the value and what is allowed. */
#ifndef SEMEC_OPTIONS_H
#define SEMEC_OPTIONS_H
#include <semec/engine/compat.h>
#include <math.h>

/* Checks that option opt, if given, holds at most max_items comma-separated
 * integers (integer) or numbers, on the text before any conversion: no
 * empty item, and an integer within the range of PetscInt. */
PetscErrorCode SemecOptionCheckNumbers(MPI_Comm comm, const char *opt, PetscBool integer, PetscInt max_items);
/* Before PetscInitialize (plain C, PETSc is not running yet): checks that
 * every word of argv is an option or the value of the option before it
 * (PETSc skips other words silently), and that no options file named by
 * -options_file on the command line or in PETSC_OPTIONS includes itself
 * (PETSc would recurse until the stack overflows).  Returns 0, or 1 with
 * the reason in msg. */
int SemecOptionCheckCommandLine(int argc, char **argv, char *msg, size_t len);
/* Checks that option opt, if given, is a logical value. */
PetscErrorCode SemecOptionCheckBool(MPI_Comm comm, const char *opt);
/* Reads option opt as one of the NULL-terminated names; *choice holds the
 * default on entry and the index of the value on return. */
PetscErrorCode SemecOptionChooseName(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, const char *const *names,
                                     int *choice);

/* Range checks after reading (comm in scope): the error names the option,
 * the value and the allowed range. */
#define SEMEC_CHECK_INT(opt, v, lo, hi) \
  PetscCheck((v) >= (lo) && (v) <= (hi), comm, PETSC_ERR_ARG_OUTOFRANGE, \
             "Option %s, %" PetscInt_FMT ", is out of range: allowed [%" PetscInt_FMT ", %" PetscInt_FMT "]", opt, (PetscInt)(v), (PetscInt)(lo), \
             (PetscInt)(hi))
#define SEMEC_CHECK_REAL(opt, v, lo, hi) \
  PetscCheck(isfinite((double)(v)) && (v) >= (lo) && (v) <= (hi), comm, PETSC_ERR_ARG_OUTOFRANGE, "Option %s, %g, is out of range: allowed [%g, %g]", \
             opt, (double)(v), (double)(lo), (double)(hi))

/* Inside a PetscOptionsBegin/End block with a variable comm in scope. */
#define SEMEC_OPT_INT(opt, help, var) \
  do { \
    PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_TRUE, 1)); \
    PetscCall(PetscOptionsInt(opt, help, NULL, var, &(var), NULL)); \
  } while (0)
#define SEMEC_OPT_REAL(opt, help, var) \
  do { \
    PetscCall(SemecOptionCheckNumbers(comm, opt, PETSC_FALSE, 1)); \
    PetscCall(PetscOptionsReal(opt, help, NULL, var, &(var), NULL)); \
  } while (0)
#define SEMEC_OPT_BOOL(opt, help, var) \
  do { \
    PetscCall(SemecOptionCheckBool(comm, opt)); \
    PetscCall(PetscOptionsBool(opt, help, NULL, var, &(var), NULL)); \
  } while (0)

#endif
