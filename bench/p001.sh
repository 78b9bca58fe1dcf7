#!/usr/bin/env bash
# Paper 001 benchmark (issue 10): on the paper's cell (inputs/p001.opts, one
# ES, 4 UEs, 1000 training and 100 test episodes of at most 20 steps), one
# rank, REPEATS runs each (default 3, min and median):
#   mappo  the whole run, and per training episode: acting (P001MappoAct)
#          and the PPO updates (P001MappoUpdate)
#   dqn    the whole run, and per training episode
#   exhaustive  per step in which the cell ran (P001Exhaustive), 100 test
#          episodes
# Times come from -log_view; the wall time is the run's own line.  The runs
# of the schemes interleave, so a busy machine slows them alike.  Prints
# Markdown for docs/performance.md.
#   bench/p001.sh [REPEATS]
source "$(dirname "$0")/lib.sh"
repeats=${1:-3}
base=(-options_file "$top/inputs/p001.opts")
declare -A wall act upd steps
run() { # NAME ARGS...
  local name=$1; shift
  local log=$work/log.txt
  "${mpi[@]}" -n 1 "$top/build/semec" "${base[@]}" "$@" -output_file "$work/b.h5" -output_overwrite -log_view > "$log"
  wall[$name]+="$(awk '$1=="time" && $3=="s" && $4=="wall,"{print $2; exit}' "$log") "
  case $name in
    mappo) act[$name]+="$(event_time P001MappoAct "$log") "; upd[$name]+="$(event_time P001MappoUpdate "$log") " ;;
    exhaustive) act[$name]+="$(event_time P001Exhaustive "$log") "; steps[$name]+="$(event P001Exhaustive "$log" | cut -d' ' -f2) " ;;
  esac
}
stats() { # VALUES... -> "min median"
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{printf "%.4g %.4g", v[1], (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}
for r in $(seq 1 "$repeats"); do
  [ "$(awk '/^-sim_train_episodes/{print $2}' "$top/inputs/p001.opts")" = 1000 ] || { echo "inputs/p001.opts no longer trains 1000 episodes: fix the per-episode columns" >&2; exit 1; }
  run mappo -policy mappo
  run dqn -policy dqn
  run exhaustive -policy exhaustive -sim_train_episodes 0
done
machine
echo
echo "Runs: $repeats of each, interleaved; min / median."
echo
echo "| scheme | whole run (s) | per training episode (ms) | acting per training episode (ms) | updates per training episode (ms) | per step (ms) |"
echo "|--------|------:|------:|------:|------:|------:|"
read -r wmin wmed <<< "$(stats ${wall[mappo]})"
read -r amin amed <<< "$(stats ${act[mappo]})"
read -r umin umed <<< "$(stats ${upd[mappo]})"
# 1000 training episodes: seconds of the run are milliseconds per episode
printf "| mappo | %s / %s | %s / %s | %s / %s | %s / %s | |\n" "$wmin" "$wmed" "$wmin" "$wmed" "$amin" "$amed" "$umin" "$umed"
read -r wmin wmed <<< "$(stats ${wall[dqn]})"
printf "| dqn | %s / %s | %s / %s | | | |\n" "$wmin" "$wmed" "$wmin" "$wmed"
read -r wmin wmed <<< "$(stats ${wall[exhaustive]})"
n=$(echo ${steps[exhaustive]} | awk '{print $1}')
read -r emin emed <<< "$(stats ${act[exhaustive]})"
printf "| exhaustive (test only) | %s / %s | | | | %s |\n" "$wmin" "$wmed" "$(awk -v a="$emin" -v b="$emed" -v n="$n" 'BEGIN{printf "%.3g / %.3g", 1000*a/n, 1000*b/n}')"
echo
echo "Per training episode: the whole run's time over its 1000 training episodes (the 100 test episodes included, a small share)."
