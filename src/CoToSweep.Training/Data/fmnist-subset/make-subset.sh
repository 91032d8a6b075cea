#!/bin/sh
# Regenerates the shipped Fashion-MNIST subset from the full set (Debian package dataset-fashion-mnist).
# Keeps the FIRST N images/labels of each split (the official files are already in shuffled class order),
# rewriting the IDX item count; gzip -n makes the output byte-identical on every run.
# Usage: ./make-subset.sh [SOURCE_DIR] [TRAIN_N] [TEST_N]
set -eu
SRC=${1:-/usr/share/datasets/fashion-mnist}
TRAIN_N=${2:-4000}
TEST_N=${3:-1500}
OUT=$(dirname "$0")
be32() { printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"; }
cut_idx() { # file, n, header bytes, bytes per item
  { gzip -dc "$SRC/$1" | head -c 4; be32 "$2"; gzip -dc "$SRC/$1" | tail -c +9 | head -c $(($3 - 8 + $2 * $4)); } | gzip -n -9 > "$OUT/$1"
}
cut_idx train-images-idx3-ubyte.gz "$TRAIN_N" 16 784
cut_idx train-labels-idx1-ubyte.gz "$TRAIN_N" 8 1
cut_idx t10k-images-idx3-ubyte.gz "$TEST_N" 16 784
cut_idx t10k-labels-idx1-ubyte.gz "$TEST_N" 8 1
sha256sum "$OUT"/*.gz
