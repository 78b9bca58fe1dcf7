# Issue 13, point 3: any legal output path works.  Open MPI 4.1's
# shared-file-pointer component "lockedfile" overflowed a 256-byte buffer
# with a path of about 245 characters (abort, exit 134; SEGV near 4,090);
# semec excludes it before MPI_Init (src/engine/output.c).  Runs 1 and 2 ranks
# with an absolute path of about 4,000 characters (directories of 200
# characters: a name is at most 255) and with a file name of 250 characters,
# and reads each file back with h5py.
source "$(dirname "$0")/lib.sh"

segment=$(printf 'd%.0s' $(seq 200))
dir=$PWD/long
while [ $((${#dir} + 201)) -le 3993 ]; do dir=$dir/$segment; done
dir=$dir/${segment:0:$((3993 - ${#dir} - 1))} # + "/out.h5": 4,000 characters
rm -rf long
mkdir -p "$dir"
long_path=$dir/out.h5
long_name=$PWD/long/$(printf 'n%.0s' $(seq 247)).h5

# check_run RANKS FILE: a short run writes FILE, complete and readable
check_run() {
  local ranks=$1 file=$2
  run_semec "$ranks" -options_file "$DEFAULT_OPTS" -sim_cells_per_rank $((4 / ranks)) -sim_slots 3 -output_file "$file"
  if [ "$rc" -ne 0 ]; then
    fail "$ranks rank(s), path of ${#file} characters: exit $rc: $(printf '%s\n' "$out_text" | grep -m 3 -iE 'error|overflow|signal')"
    return
  fi
  "$SEMEC_PYTHON" - "$file" <<'EOF' || fail "$ranks rank(s), path of ${#file} characters: the file is not a complete result"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["status"] == "complete", f.attrs["status"]
    assert int(f["run/slots_written"][()]) == 3
EOF
  rm -f "$file"
  pass "$ranks rank(s): path of ${#file} characters written and read back"
}

[ ${#long_path} -eq 4000 ] || fail "the long path has ${#long_path} characters, not 4,000"
for ranks in 1 2; do
  check_run "$ranks" "$long_path"
  check_run "$ranks" "$long_name"
done
rm -rf long
finish
