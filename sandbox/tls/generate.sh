#!/bin/sh
# Regenerates the sandbox's TEST-ONLY TLS fixtures (see README.md). Needs openssl 3. Run from this directory.
# Two CAs: `ca` (the one tests trust) and `proxy-ca` (a stand-in for a TLS-inspecting proxy that no test trusts),
# each with a leaf for *.sandbox.test, *.a1b2c.sandbox.test, localhost, 127.0.0.1 and ::1, valid for 20 years.
set -eu
DAYS=7305
SAN="subjectAltName=DNS:*.sandbox.test,DNS:*.a1b2c.sandbox.test,DNS:localhost,IP:127.0.0.1,IP:::1"
for pair in "ca:leaf:atlas-preflight sandbox test CA" "proxy-ca:proxy-leaf:atlas-preflight sandbox inspecting proxy (untrusted)"; do
  ca=${pair%%:*}; rest=${pair#*:}; leaf=${rest%%:*}; cn=${rest#*:}
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$DAYS" \
    -subj "/O=atlas-preflight sandbox/CN=$cn" -keyout "$ca-key.pem" -out "$ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/O=atlas-preflight sandbox/CN=*.a1b2c.sandbox.test" -keyout "$leaf-key.pem" -out "$leaf.csr"
  printf '%s\n%s\n%s\n' "$SAN" "basicConstraints=critical,CA:FALSE" "extendedKeyUsage=serverAuth" > "$leaf.ext"
  openssl x509 -req -in "$leaf.csr" -CA "$ca.pem" -CAkey "$ca-key.pem" -CAcreateserial -days "$DAYS" \
    -extfile "$leaf.ext" -out "$leaf.pem"
  rm -f "$leaf.csr" "$leaf.ext" "$ca.srl"
done
