/* Option-reading helpers shared by every module (include/semec/engine/options.h). */
#include <semec/engine/options.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

PetscErrorCode SemecOptionCheckNumbers(MPI_Comm comm, const char *opt, PetscBool integer, PetscInt max_items)
{
  char      text[4096], *item, *save = NULL;
  PetscBool set;
  PetscInt  n = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(NULL, NULL, opt, text, sizeof(text), &set));
  if (!set) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(text[0], comm, PETSC_ERR_ARG_WRONG, "Option %s needs a value: %s", opt, integer ? "an integer" : "a number");
  for (item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    char *end;
    errno = 0;
    if (integer) (void)strtoll(item, &end, 10);
    else (void)strtod(item, &end);
    PetscCheck(end != item && *end == '\0' && errno == 0, comm, PETSC_ERR_ARG_WRONG, "Option %s, %s, is not %s%s", opt, item,
               integer ? "an integer" : "a number", max_items > 1 ? " (give a comma-separated list)" : "");
    n++;
  }
  PetscCheck(n <= max_items, comm, PETSC_ERR_ARG_SIZ, "Option %s has %" PetscInt_FMT " values: allowed at most %" PetscInt_FMT "%s", opt, n, max_items,
             max_items == 1 ? " (it takes one value, not a list)" : "");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecOptionCheckBool(MPI_Comm comm, const char *opt)
{
  static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "1", "0", NULL};
  char      text[64];
  PetscBool set, match = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(NULL, NULL, opt, text, sizeof(text), &set));
  if (!set || !text[0]) PetscFunctionReturn(PETSC_SUCCESS); /* bare -opt means true */
  for (int i = 0; words[i] && !match; i++) PetscCall(PetscStrcasecmp(text, words[i], &match));
  PetscCheck(match, comm, PETSC_ERR_ARG_WRONG, "Option %s, %s, is not a logical value: use true or false", opt, text);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecOptionChooseName(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char *opt, const char *help, const char *const *names,
                                     int *choice)
{
  char value[64], allowed[256] = "";

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(value, names[*choice], sizeof(value)));
  PetscCall(PetscOptionsString(opt, help, NULL, value, value, sizeof(value), NULL));
  for (int i = 0; names[i]; i++) {
    if (!strcmp(value, names[i])) {
      *choice = i;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    PetscCall(PetscStrlcat(allowed, i ? ", " : "", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, names[i], sizeof(allowed)));
  }
  SETERRQ(comm, PETSC_ERR_ARG_OUTOFRANGE, "Option %s, %s, is not allowed: choose one of %s", opt, value, allowed);
}
