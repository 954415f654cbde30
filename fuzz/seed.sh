#!/usr/bin/env bash
# Seeds the fuzz corpora from the test inputs (fuzz/corpus is not committed).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check corpus/yaml corpus/markdown
n=0
for f in ../profiles/*.yaml ../tests/profiles/*.yaml ../tests/profiles/*/*.yaml ../tests/corpus/yaml-test-suite/*/in.yaml; do
  cp "$f" "corpus/check/seed-$n"; cp "$f" "corpus/yaml/seed-$n"; n=$((n + 1))
done
for f in ../profiles/*.md ../tests/profiles/doc/*.md; do
  cp "$f" "corpus/markdown/seed-$n"; n=$((n + 1))
done
echo "seeded $n files"
