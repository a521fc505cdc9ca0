#!/bin/sh
# tests/regress/judging.sh — judging that cannot be fooled (issue 15),
# through the built binary: the corpus of tests/corpus/judging_corpus.py
# (zero files at every center, encryption by flag, 一网通办 businesses,
# an archive for nobody listed, the overseas diploma), then the hostile
# archives of tests/fixtures/make-hostile.py under the reader ceilings.
#
#   INTAKE=$PWD/build/intake sh tests/regress/judging.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool cjpeg 7z zip timeout

run_corpus judging_corpus.py judging

tap_done
