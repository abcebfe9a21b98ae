#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need: chromium (headless VS Code
# driver), libkrb5-dev (code-server's native `kerberos` module), postgresql (real peer
# for PostgreSQL client-cert tests), golang-go (Go crypto/x509 verifier) with DM's yaml.v2 and
# BurntSushi/toml, openssl,
# g++/make/python3 (node-gyp), unzip, neovim + emacs-nox + elpa-eglot + git (the README's
# editor setups run in real editors, in a git project), a JDK (Java's TLS client for the TLS-doctor
# peer tests), easy-rsa (the adopt peer test carries on from a real easy-rsa PKI), faketime (a
# PostgreSQL peer test makes a CA and its CRL 200 days in the past).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v go >/dev/null || need+=(golang-go)
# DM's config libraries for the Go config-decoding peer (test/peers/go/dmconf), GOPATH mode.
[ -d /usr/share/gocode/src/gopkg.in/yaml.v2 ] || need+=(golang-gopkg-yaml.v2-dev)
[ -d /usr/share/gocode/src/github.com/BurntSushi/toml ] || need+=(golang-github-burntsushi-toml-dev)
# lib/pq, the driver cockroach workload connects through, for test/peers/go/pqconnect (GOPATH mode).
[ -d /usr/share/gocode/src/github.com/lib/pq ] || need+=(golang-github-lib-pq-dev)
command -v openssl >/dev/null || need+=(openssl)
# code-server's native modules build with node-gyp; npm run package lists the .vsix with unzip.
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v python3 >/dev/null || need+=(python3)
command -v unzip >/dev/null || need+=(unzip)
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || need+=(elpa-eglot)
command -v git >/dev/null || need+=(git)
command -v java >/dev/null || need+=(default-jdk-headless)
# pgJDBC for the export peer test (test/peers/java/JdbcLogin.java) and the connection-string peer test (test/peers/pg-connstrings.test.ts).
[ -f /usr/share/java/postgresql.jar ] || need+=(libpostgresql-jdbc-java)
# easy-rsa 3.1 for the adopt peer test (test/peers/adopt.test.ts); Debian installs it outside PATH.
[ -x /usr/share/easy-rsa/easyrsa ] || need+=(easy-rsa)
# faketime for test/peers/pg-crl-lifetime.test.ts (a CRL that lapsed while its copy was published).
command -v faketime >/dev/null || need+=(faketime)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "certwright: installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
