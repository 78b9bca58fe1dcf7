# Shared by the figure sweeps (jobs/p*-figures.sh; sourced, needs $top).
# The executable is $SEMEC if set (ctest sets it), else $top/build/semec.
# run_sweep NAME BASE LIST SLURM: runs the semec runs listed in LIST, one per
# line "FILE OPTIONS...", each on top of the options file BASE: with SLURM=1
# as a Slurm array of one run per task, otherwise on every local core, where
# a finished run is skipped and a failed one keeps its output in FILE.log.
run_sweep() {
  local name=$1 base=$2 list=$3 slurm=$4 n
  n=$(wc -l < "$list")
  echo "$name: $n runs listed in $list"
  if [ "$slurm" -eq 1 ]; then
    sbatch --array=1-"$n" --ntasks=1 --job-name="$name" --output="$(dirname "$list")/slurm-%A_%a.out" \
      --wrap "line=\$(sed -n \"\${SLURM_ARRAY_TASK_ID}p\" $list); set -- \$line; mkdir -p \$(dirname \$1); f=\$1; shift; srun ${SEMEC:-$top/build/semec} -options_file $base -output_file \$f -output_overwrite -sim_summary false \$@"
    return 0
  fi
  local mpi=(mpiexec -n 1)
  [ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
  MPI_CMD="${mpi[*]}" SEMEC_BIN="${SEMEC:-$top/build/semec}" OPTS="$base" \
  xargs -P "$(nproc)" -L 1 bash -c 'f=$0; mkdir -p "$(dirname "$f")"; [ -s "$f" ] && [ ! -e "${f%.h5}.log" ] && exit 0
    $MPI_CMD "$SEMEC_BIN" -options_file "$OPTS" -output_file "$f" -output_overwrite -sim_summary false "$@" > "${f%.h5}.log" 2>&1 &&
      rm -f "${f%.h5}.log" || echo "FAILED: $f (see ${f%.h5}.log)"' < "$list"
}
