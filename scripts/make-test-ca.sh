#!/usr/bin/env bash
# Generates the TEST-ONLY certificate authority and server certificate that
# mock-idp serves HTTPS with (fixtures/tls/). Nothing here is the key of
# anything real: the CA's private key is thrown away after signing, so the CA
# can only ever vouch for this one loopback certificate.
#   scripts/make-test-ca.sh [OUT_DIR]     (default: fixtures/tls)
# Output: ca.crt (trust this in tests), server.crt + server.key (for
# mock-idp --tls-cert/--tls-key; valid for 127.0.0.1, ::1 and localhost).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/fixtures/tls}
days=3650
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
  -subj "/O=proofup test/CN=proofup test CA (not for real use)" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$out/ca.crt" 2>/dev/null

openssl req -newkey rsa:2048 -nodes -sha256 \
  -subj "/O=proofup test/CN=127.0.0.1" \
  -keyout "$out/server.key" -out "$work/server.csr" 2>/dev/null

cat > "$work/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
openssl x509 -req -in "$work/server.csr" -CA "$out/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -days "$days" -sha256 \
  -extfile "$work/ext.cnf" -out "$out/server.crt" 2>/dev/null
chmod 644 "$out/server.key"  # test-only key, read by tests and CI

openssl verify -CAfile "$out/ca.crt" "$out/server.crt" >/dev/null
echo "test CA and server certificate written to $out"
