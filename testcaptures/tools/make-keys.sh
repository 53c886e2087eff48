#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Creates the TEST key pairs in testcaptures/keys/ (run once; the keys are
# committed so that captures and JWKS stay stable).  regenerate.sh calls this
# only when a key file is missing.  TEST KEYS, never use in production.
set -euo pipefail
cd "$(dirname "$0")/../keys"
[ -f test-es256-private.pem ]   || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out test-es256-private.pem
[ -f test-ed25519-private.pem ] || openssl genpkey -algorithm ED25519 -out test-ed25519-private.pem
[ -f test-rs256-private.pem ]   || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out test-rs256-private.pem
[ -f test-unknown-es256-private.pem ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out test-unknown-es256-private.pem
for k in es256 ed25519 rs256 unknown-es256; do
    openssl pkey -in "test-$k-private.pem" -pubout -out "test-$k-public.pem"
done
chmod 644 ./*.pem
