/* Option-reading helpers shared by every module (include/semec/engine/options.h). */
#include <semec/engine/options.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* How much of a value an error message shows: PETSc cuts its messages at a
 * few thousand characters, so a longer value is shown by its first 60 and
 * its length (in more). */
static int Shown(size_t len, char *more, size_t size)
{
  more[0] = 0;
  if (len <= 100) return (int)len;
  snprintf(more, size, "... (%zu characters)", len);
  return 60;
}

PetscErrorCode SemecOptionCheckNumbers(MPI_Comm comm, const char *opt, PetscBool integer, PetscInt max_items)
{
  const char *text, *item, *next;
  const char *what = integer ? "an integer" : "a number";
  PetscBool   set;
  PetscInt    n = 0;

  PetscFunctionBeginUser;
  /* the value as given, however long (PetscOptionsGetString would truncate it) */
  PetscCall(PetscOptionsFindPair(NULL, NULL, opt, &text, &set));
  if (!set) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(text && text[0], comm, PETSC_ERR_ARG_WRONG, "Option %s needs a value: %s", opt, what);
  for (item = text;; item = next + 1) {
    int       len = (int)strcspn(item, ","), shown;
    long long v   = 0;
    char     *end, more[48];

    next = item + len;
    shown = Shown(strlen(text), more, sizeof(more));
    PetscCheck(len > 0, comm, PETSC_ERR_ARG_WRONG, "Option %s, %.*s%s, has an empty item: separate the values by single commas", opt, shown, text, more);
    shown = Shown((size_t)len, more, sizeof(more));
    errno = 0;
    if (integer) v = strtoll(item, &end, 10);
    else (void)strtod(item, &end);
    PetscCheck(end == next, comm, PETSC_ERR_ARG_WRONG, "Option %s, %.*s%s, is not %s%s", opt, shown, item, more, what, max_items > 1 ? " (give a comma-separated list)" : "");
    /* the range on the text: PetscOptionsInt would wrap a value beyond PetscInt */
    if (integer)
      PetscCheck(errno != ERANGE && v >= PETSC_MIN_INT && v <= PETSC_MAX_INT, comm, PETSC_ERR_ARG_OUTOFRANGE,
                 "Option %s, %.*s%s, is out of range: integer options are limited to [%" PetscInt_FMT ", %" PetscInt_FMT "]", opt, shown, item, more,
                 (PetscInt)PETSC_MIN_INT, (PetscInt)PETSC_MAX_INT);
    else
      PetscCheck(errno != ERANGE, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option %s, %.*s%s, is out of range: a number is 0 or of magnitude [%g, %g]", opt, shown, item,
                 more, DBL_MIN, DBL_MAX);
    n++;
    if (!*next) break;
  }
  PetscCheck(n <= max_items, comm, PETSC_ERR_ARG_SIZ, "Option %s has %" PetscInt_FMT " values: allowed at most %" PetscInt_FMT "%s", opt, n, max_items,
             max_items == 1 ? " (it takes one value, not a list)" : "");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecOptionCheckBool(MPI_Comm comm, const char *opt)
{
  static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "1", "0", NULL};
  const char *text;
  PetscBool   set, match = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsFindPair(NULL, NULL, opt, &text, &set));
  if (!set || !text || !text[0]) PetscFunctionReturn(PETSC_SUCCESS); /* bare -opt means true */
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

/* PETSc's rule for an option name (PetscOptionsValidKey): "-" or "--", a
 * letter, and not a number such as -inf; any other word is a value. */
static int IsOptionName(const char *word)
{
  char *end;

  if (word[0] != '-') return 0;
  if (word[1] == '-') word++;
  if (!isalpha((unsigned char)word[1])) return 0;
  (void)strtod(word, &end);
  return end == word || *end == '_' || isalnum((unsigned char)*end);
}

/* Position of the first word of argv that PetscOptionsInsertArgs would skip
 * without a word: neither an option nor the value after one; 0 if none. */
static int StrayArgument(int argc, char **argv)
{
  for (int i = 1; i < argc;) {
    const char *w = argv[i];

    if (!IsOptionName(w)) return i;
    if (!strcasecmp(w, "-prefix_pop")) i++;
    else if (!strcasecmp(w, "-options_file") || !strcasecmp(w, "-options_file_yaml") || !strcasecmp(w, "-options_string_yaml") || !strcasecmp(w, "-prefix_push"))
      i += (i + 1 < argc && argv[i + 1][0] != '-') ? 2 : 1; /* else PETSc reports the missing name */
    else i += (i + 1 < argc && !IsOptionName(argv[i + 1])) ? 2 : 1;
  }
  return 0;
}

#define SEMEC_MAX_OPTIONS_FILE_DEPTH 32
typedef struct {
  dev_t       dev;
  ino_t       ino;
  const char *name;
} OptionsFile;

/* Follows the -options_file lines of options file name the way PETSc reads
 * them (one option per line, '#' starts a comment, a value may be quoted);
 * returns 1 with the chain in msg if a file includes itself, directly or
 * through others.  Names with ${...} (PETSc expands them) and files that
 * cannot be opened (PETSc reports them) are not followed. */
static int ScanOptionsFile(const char *name, OptionsFile *stack, int depth, char *msg, size_t len)
{
  struct stat st;
  FILE       *f;
  char       *line = NULL;
  size_t      cap  = 0;
  int         found = 0;

  if (strchr(name, '$') || !(f = fopen(name, "r"))) return 0;
  if (fstat(fileno(f), &st)) {
    fclose(f);
    return 0;
  }
  for (int i = 0; i < depth && !found; i++) found = stack[i].dev == st.st_dev && stack[i].ino == st.st_ino;
  if (found || depth == SEMEC_MAX_OPTIONS_FILE_DEPTH) {
    if (found) snprintf(msg, len, "Option -options_file: %s includes itself: ", name);
    else snprintf(msg, len, "Option -options_file: %s nests options files more than %d deep: ", name, SEMEC_MAX_OPTIONS_FILE_DEPTH);
    for (int i = 0; i < depth; i++) {
      strncat(msg, stack[i].name, len - strlen(msg) - 1);
      strncat(msg, " -> ", len - strlen(msg) - 1);
    }
    strncat(msg, name, len - strlen(msg) - 1);
    fclose(f);
    return 1;
  }
  stack[depth] = (OptionsFile){st.st_dev, st.st_ino, name};
  while (!found && getline(&line, &cap, f) > 0) {
    char *key = line + strspn(line, " \t"), *value, *end;

    line[strcspn(line, "#\r\n")] = 0;
    value = key + strcspn(key, " \t");
    if (!*value) continue;
    *value++ = 0;
    value += strspn(value, " \t");
    if (*value == '"') end = strchr(++value, '"');
    else end = value + strcspn(value, " \t");
    if (end) *end = 0;
    if (!strcasecmp(key, "-options_file") && *value) found = ScanOptionsFile(value, stack, depth + 1, msg, len);
  }
  free(line);
  fclose(f);
  return found;
}

int SemecOptionCheckCommandLine(int argc, char **argv, char *msg, size_t len)
{
  OptionsFile stack[SEMEC_MAX_OPTIONS_FILE_DEPTH];
  const char *env = getenv("PETSC_OPTIONS");
  int         stray = StrayArgument(argc, argv);

  if (stray) {
    snprintf(msg, len, "Argument %d of the command line, %s, is neither an option nor the value of the option before it: remove it", stray, argv[stray]);
    return 1;
  }
  for (int i = 1; i + 1 < argc; i++)
    if (!strcasecmp(argv[i], "-options_file") && ScanOptionsFile(argv[i + 1], stack, 0, msg, len)) return 1;
  if (env) { /* PetscOptionsInsertString: words separated by blanks */
    char *copy = strdup(env), *save = NULL, *prev = NULL;
    int   found = 0;

    for (char *w = copy ? strtok_r(copy, " \t\n", &save) : NULL; w && !found; prev = w, w = strtok_r(NULL, " \t\n", &save))
      if (prev && !strcasecmp(prev, "-options_file")) found = ScanOptionsFile(w, stack, 0, msg, len);
    free(copy);
    if (found) return 1;
  }
  return 0;
}
