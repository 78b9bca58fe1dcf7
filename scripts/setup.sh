#!/usr/bin/env bash
# Installs the Debian packages semec needs, only those that are missing.
# Idempotent: when everything is present it prints one line and does nothing.
set -euo pipefail
packages=(build-essential cmake pkg-config petsc-dev libhdf5-openmpi-dev libopenmpi-dev
          openmpi-bin hdf5-tools librandom123-dev libopenblas-dev
          python3-h5py python3-numpy python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
