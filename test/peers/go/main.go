// Command peercheck checks certificates the way CockroachDB and TiDB DM (both Go
// programs) do, using only Go's standard crypto/x509 and crypto/tls. The test
// suite (test/peers/go-verify.test.ts) feeds it a JSON array of checks on stdin
// and reads one JSON result per check from stdout.
//
// Check kinds:
//
//	verify     x509.Certificate.Verify with a CA pool, the given key usages (none =
//	           Go's default, serverAuth, which is what DM's verifyCA uses for every
//	           peer), an optional host name, DM's cert-allowed-cn rule, and
//	           tls.LoadX509KeyPair on the key file.
//	handshake  a real TLS handshake over 127.0.0.1 between a Go server and a Go
//	           client configured like DM (InsecureSkipVerify + VerifyPeerCertificate
//	           with default usages + CN allow-list) or like CockroachDB (ClientCAs,
//	           VerifyClientCertIfGiven, RootCAs + ServerName, principal check).
//	crdbdir    loads a CockroachDB --certs-dir the way its certificate loader does:
//	           file names, key permissions, principals, key pairs and chains.
//	parse      x509.ParseCertificate, ParseRevocationList or ParseCertificateRequest on one
//	           file: Go's error.
//	dial       a Go client configured like CockroachDB's (RootCAs + ServerName, its
//	           client certificate always presented) against another program's server
//	           at addr; the error is the handshake's or the first read's.
//
// `peercheck serve CONFIG-JSON` instead runs a TLS server configured like a
// CockroachDB node that requires client certificates (serverCert, serverKey,
// serverCA; maxVersion "1.2" to pin TLS 1.2), prints "LISTEN <port>" and answers
// "ok" on each connection until stdin closes; each refused handshake is printed
// to stderr as Go logs it.
//
// Standard library only (Go 1.19): no module downloads, no network beyond loopback.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Check is one request; which fields matter depends on Kind.
type Check struct {
	Name string `json:"name"`
	Kind string `json:"kind"`

	// verify
	CA            []string `json:"ca"`
	Intermediates []string `json:"intermediates"`
	Cert          string   `json:"cert"`
	Key           string   `json:"key"`
	Usages        []string `json:"usages"` // serverAuth | clientAuth | any; empty = Go default (serverAuth)
	Host          string   `json:"host"`
	AllowedCN     []string `json:"allowedCN"`
	// verify: an intermediates file Go reads no certificate from adds none (a program that ignores
	// AppendCertsFromPEM's false), instead of failing the check.
	LenientIntermediates bool `json:"lenientIntermediates"`

	// handshake
	Mode            string   `json:"mode"` // dm | cockroach
	ServerCert      string   `json:"serverCert"`
	ServerKey       string   `json:"serverKey"`
	ServerCA        string   `json:"serverCA"`
	ServerAllowedCN []string `json:"serverAllowedCN"`
	ClientCert      string   `json:"clientCert"`
	ClientKey       string   `json:"clientKey"`
	ClientCA        string   `json:"clientCA"`
	ClientAllowedCN []string `json:"clientAllowedCN"`
	User            string   `json:"user"`         // cockroach: SQL user the client asks for
	PrincipalMap    []string `json:"principalMap"` // cockroach: --cert-principal-map entries "cert-principal:sql-user"

	// crdbdir
	Dir string `json:"dir"`

	// parse: File (PEM or DER) read as Object ("certificate", "crl" or "csr") by x509.ParseCertificate or
	// x509.ParseRevocationList; the error is Go's.
	File   string `json:"file"`
	Object string `json:"object"`

	// dial (also ClientCert, ClientKey, ClientCA, Host)
	Addr string `json:"addr"`
	// dial, serve: "1.2" pins TLS 1.2 (alerts then come during the handshake)
	MaxVersion string `json:"maxVersion"`

	// verify, handshake, crdbdir: the time the verification runs at (RFC 3339); empty = now. Go reads the
	// clock without libc, so faketime cannot move it: the peer is told the time instead.
	At string `json:"at"`
}

// clock is the check's time (At), or the real clock.
func (c Check) clock() func() time.Time {
	if c.At == "" {
		return time.Now
	}
	t, err := time.Parse(time.RFC3339, c.At)
	if err != nil {
		fatal(fmt.Errorf("bad at %q: %w", c.At, err))
	}
	return func() time.Time { return t }
}

// Result is one answer, in the order of the checks.
type Result struct {
	Name  string   `json:"name"`
	OK    bool     `json:"ok"`
	Error string   `json:"error,omitempty"`
	Notes []string `json:"notes,omitempty"`
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "serve" {
		serve(os.Args[2])
		return
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fatal(err)
	}
	var checks []Check
	if err := json.Unmarshal(input, &checks); err != nil {
		fatal(fmt.Errorf("bad JSON on stdin: %w", err))
	}
	results := make([]Result, 0, len(checks))
	for _, c := range checks {
		r := Result{Name: c.Name}
		var notes []string
		switch c.Kind {
		case "verify":
			notes, err = runVerify(c)
		case "handshake":
			notes, err = runHandshake(c)
		case "crdbdir":
			notes, err = runCockroachDir(c.Dir, c.clock())
		case "dial":
			err = runDial(c)
		case "parse":
			err = runParse(c)
		default:
			err = fmt.Errorf("unknown check kind %q", c.Kind)
		}
		r.Notes = notes
		if err != nil {
			r.Error = err.Error()
		} else {
			r.OK = true
		}
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(results); err != nil {
		fatal(err)
	}
}

// runParse reads the first object of a PEM file, or a DER file, the way a Go program loads it.
func runParse(c Check) error {
	data, err := os.ReadFile(c.File)
	if err != nil {
		return err
	}
	if block, _ := pem.Decode(data); block != nil {
		data = block.Bytes
	}
	switch c.Object {
	case "certificate":
		_, err = x509.ParseCertificate(data)
	case "crl":
		_, err = x509.ParseRevocationList(data)
	case "csr":
		_, err = x509.ParseCertificateRequest(data)
	default:
		err = fmt.Errorf("unknown object %q", c.Object)
	}
	return err
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "peercheck:", err)
	os.Exit(2)
}

// ---------------------------------------------------------------- loading

func readCerts(path string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("no certificates found in %s", path)
	}
	return certs, nil
}

func pool(paths ...string) (*x509.CertPool, error) {
	p := x509.NewCertPool()
	for _, path := range paths {
		if path == "" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if !p.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("failed to append ca certs from %s", path)
		}
	}
	return p, nil
}

func usages(names []string) ([]x509.ExtKeyUsage, error) {
	var out []x509.ExtKeyUsage
	for _, n := range names {
		switch n {
		case "serverAuth":
			out = append(out, x509.ExtKeyUsageServerAuth)
		case "clientAuth":
			out = append(out, x509.ExtKeyUsageClientAuth)
		case "any":
			out = append(out, x509.ExtKeyUsageAny)
		default:
			return nil, fmt.Errorf("unknown usage %q", n)
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- verify

func runVerify(c Check) ([]string, error) {
	roots, err := pool(c.CA...)
	if err != nil {
		return nil, err
	}
	inter, err := pool(c.Intermediates...)
	if err != nil && c.LenientIntermediates {
		inter, err = x509.NewCertPool(), nil
		for _, path := range c.Intermediates {
			if data, readErr := os.ReadFile(path); readErr == nil {
				inter.AppendCertsFromPEM(data)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	certs, err := readCerts(c.Cert)
	if err != nil {
		return nil, err
	}
	// Like CockroachDB (and Go's tls.LoadX509KeyPair), the first certificate in the
	// file is the leaf; any others are treated as intermediates.
	for _, extra := range certs[1:] {
		inter.AddCert(extra)
	}
	ku, err := usages(c.Usages)
	if err != nil {
		return nil, err
	}
	leaf := certs[0]
	chains, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: ku, DNSName: c.Host, CurrentTime: c.clock()()})
	if err != nil {
		return nil, err
	}
	notes := []string{fmt.Sprintf("chains=%d cn=%q dns=%v ip=%v", len(chains), leaf.Subject.CommonName, leaf.DNSNames, leaf.IPAddresses)}
	if len(c.AllowedCN) > 0 {
		if err := checkAllowedCN(c.AllowedCN, chains); err != nil {
			return notes, err
		}
	}
	if c.Key != "" {
		if _, err := tls.LoadX509KeyPair(c.Cert, c.Key); err != nil {
			return notes, err
		}
		notes = append(notes, "key pair loads")
	}
	return notes, nil
}

// checkAllowedCN is DM's cert-allowed-cn rule (rules doc D.3): the check passes if
// any certificate of any verified chain has its Subject CommonName in the list
// (entries trimmed); SANs are not consulted.
func checkAllowedCN(allowed []string, chains [][]*x509.Certificate) error {
	set := map[string]bool{}
	for _, cn := range allowed {
		set[strings.TrimSpace(cn)] = true
	}
	var seen []string
	for _, chain := range chains {
		for _, cert := range chain {
			if set[cert.Subject.CommonName] {
				return nil
			}
			seen = append(seen, cert.Subject.CommonName)
		}
	}
	return fmt.Errorf("client certificate authentication failed. The Common Name from the client certificate %v was not found in the configuration cluster-verify-cn with value: %v", seen, allowed)
}

// ---------------------------------------------------------------- handshake

// dmConfig builds a TLS config the way DM's security settings turn into one
// (rules doc D.2/D.3): the CA is checked by a VerifyPeerCertificate callback that
// calls Verify with no KeyUsages (Go's default, serverAuth) and, when a CN list is
// given, client certificates are required and the CN rule is applied.
func dmConfig(caPath, certPath, keyPath string, allowedCN []string, now func() time.Time) (*tls.Config, error) {
	roots, err := pool(caPath)
	if err != nil {
		return nil, err
	}
	pair, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return nil, err
	}
	verifyCA := func(rawCerts [][]byte) ([][]*x509.Certificate, error) {
		if len(rawCerts) == 0 {
			return nil, errors.New("no peer certificate")
		}
		certs := make([]*x509.Certificate, len(rawCerts))
		for i, raw := range rawCerts {
			c, err := x509.ParseCertificate(raw)
			if err != nil {
				return nil, err
			}
			certs[i] = c
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		return certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now()})
	}
	cfg := &tls.Config{
		Time:               now,
		MinVersion:         tls.VersionTLS12,
		Certificates:       []tls.Certificate{pair},
		RootCAs:            roots,
		ClientCAs:          roots,
		InsecureSkipVerify: true,
	}
	cfg.VerifyPeerCertificate = func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
		chains, err := verifyCA(rawCerts)
		if err != nil {
			return err
		}
		if len(allowedCN) > 0 {
			return checkAllowedCN(allowedCN, chains)
		}
		return nil
	}
	if len(allowedCN) > 0 {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		// With a CN list the client side verifies the server fully (host name included).
		cfg.InsecureSkipVerify = false
	}
	return cfg, nil
}

func runHandshake(c Check) ([]string, error) {
	var serverCfg, clientCfg *tls.Config
	var err error
	switch c.Mode {
	case "dm":
		if serverCfg, err = dmConfig(c.ServerCA, c.ServerCert, c.ServerKey, c.ServerAllowedCN, c.clock()); err != nil {
			return nil, fmt.Errorf("server config: %w", err)
		}
		if clientCfg, err = dmConfig(c.ClientCA, c.ClientCert, c.ClientKey, c.ClientAllowedCN, c.clock()); err != nil {
			return nil, fmt.Errorf("client config: %w", err)
		}
	case "cockroach":
		serverPair, err := tls.LoadX509KeyPair(c.ServerCert, c.ServerKey)
		if err != nil {
			return nil, fmt.Errorf("server key pair: %w", err)
		}
		clientPair, err := tls.LoadX509KeyPair(c.ClientCert, c.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("client key pair: %w", err)
		}
		serverPool, err := pool(c.ServerCA)
		if err != nil {
			return nil, err
		}
		clientPool, err := pool(c.ClientCA)
		if err != nil {
			return nil, err
		}
		serverCfg = &tls.Config{Time: c.clock(), MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{serverPair}, ClientCAs: serverPool, ClientAuth: tls.VerifyClientCertIfGiven}
		clientCfg = &tls.Config{Time: c.clock(), MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{clientPair}, RootCAs: clientPool}
	default:
		return nil, fmt.Errorf("unknown handshake mode %q", c.Mode)
	}
	host := c.Host
	if host == "" {
		host = "127.0.0.1"
	}
	clientCfg.ServerName = host
	// Always present the client certificate, even when its issuer is not among the CAs
	// the server names in its CertificateRequest (Go's default would then send none):
	// the point is to exercise the server's own verification of a foreign certificate.
	if len(clientCfg.Certificates) == 1 {
		pair := clientCfg.Certificates[0]
		clientCfg.Certificates = nil
		clientCfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil }
	}

	ln, err := tls.Listen("tcp", "127.0.0.1:0", serverCfg)
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	serverDone := make(chan error, 1)
	var peerPrincipals []string
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			serverDone <- err
			return
		}
		defer conn.Close()
		tc := conn.(*tls.Conn)
		_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
		if err := tc.Handshake(); err != nil {
			serverDone <- err
			return
		}
		state := tc.ConnectionState()
		if len(state.PeerCertificates) > 0 {
			leaf := state.PeerCertificates[0]
			peerPrincipals = append([]string{leaf.Subject.CommonName}, leaf.DNSNames...)
		}
		// Let the client finish reading the server's handshake messages (TLS 1.3 sends
		// the client-cert verdict after the client considers itself connected).
		_, _ = tc.Write([]byte("ok"))
		serverDone <- nil
	}()

	dialer := &net.Dialer{Timeout: 10 * time.Second}
	conn, dialErr := tls.DialWithDialer(dialer, "tcp", ln.Addr().String(), clientCfg)
	var readErr error
	if dialErr == nil {
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 2)
		_, readErr = io.ReadFull(conn, buf)
		conn.Close()
	}
	var serverErr error
	select {
	case serverErr = <-serverDone:
	case <-time.After(15 * time.Second):
		serverErr = errors.New("server handshake timed out")
	}
	switch {
	case dialErr != nil:
		return nil, fmt.Errorf("client: %w (server: %v)", dialErr, serverErr)
	case serverErr != nil:
		return nil, fmt.Errorf("server: %w", serverErr)
	case readErr != nil:
		return nil, fmt.Errorf("client read: %w", readErr)
	}
	notes := []string{fmt.Sprintf("peer principals %v", peerPrincipals)}
	if c.Mode == "cockroach" && c.User != "" {
		// --cert-principal-map rewrites each certificate principal before the check.
		mapped := make(map[string]string)
		for _, m := range c.PrincipalMap {
			if i := strings.Index(m, ":"); i > 0 {
				mapped[m[:i]] = m[i+1:]
			}
		}
		for i, p := range peerPrincipals {
			if to, ok := mapped[p]; ok {
				peerPrincipals[i] = to
			}
		}
		// CockroachDB's UserAuthCertHook: the requested user must be a principal.
		for _, p := range peerPrincipals {
			if p == c.User {
				return notes, nil
			}
		}
		return notes, fmt.Errorf("requested user is %s, but certificate is for %v", c.User, peerPrincipals)
	}
	return notes, nil
}

// ---------------------------------------------------------------- cockroach certs dir

// runCockroachDir loads a --certs-dir the way CockroachDB's certificate loader does
// (rules doc C.1-C.3): only *.crt files count, the prefix decides the role, keys
// are <name>.key with no group/world bits, node/client certificates carry the
// principals their names promise, and every certificate chains to ca.crt with
// the usages CockroachDB needs.
func runCockroachDir(dir string, now func() time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var notes []string
	caPath := filepath.Join(dir, "ca.crt")
	roots, err := pool(caPath)
	if err != nil {
		return nil, fmt.Errorf("problem with CA certificate: %w", err)
	}
	if info, err := os.Stat(filepath.Join(dir, "ca.key")); err == nil && info.Mode().IsRegular() {
		return nil, fmt.Errorf("ca.key found in the certs dir %s: the CA key must be kept elsewhere", dir)
	}
	found := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".crt") {
			continue
		}
		prefix := strings.SplitN(name, ".", 2)[0]
		var want []x509.ExtKeyUsage
		var principal string
		switch {
		case name == "ca.crt":
			continue
		case name == "node.crt":
			want, principal = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, "node"
		case prefix == "client":
			base := strings.TrimSuffix(name, ".crt")
			user := strings.TrimPrefix(base, "client.")
			if user == base || user == "" {
				return notes, fmt.Errorf("client certificate filename should match client.<user>.crt: %s", name)
			}
			want, principal = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, user
		default:
			notes = append(notes, fmt.Sprintf("bad filename %s: unknown prefix %q", name, prefix))
			continue
		}
		found++
		certPath := filepath.Join(dir, name)
		keyPath := strings.TrimSuffix(certPath, ".crt") + ".key"
		info, err := os.Stat(keyPath)
		if err != nil {
			return notes, fmt.Errorf("could not stat key file %s: %w", keyPath, err)
		}
		if !info.Mode().IsRegular() {
			return notes, fmt.Errorf("key file %s is not a regular file", keyPath)
		}
		// CockroachDB's limit: -rwx------, or -rwxr----- for a key root owns with the
		// process's group (root hands the key to the cockroach group read-only).
		limit := os.FileMode(0o700)
		if st, ok := info.Sys().(*syscall.Stat_t); ok && st.Uid == 0 && int(st.Gid) == os.Getgid() {
			limit = 0o740
		}
		if perm := info.Mode().Perm(); perm&^limit != 0 {
			return notes, fmt.Errorf("key file %s has permissions %s, exceeds %s", keyPath, perm, limit)
		}
		certs, err := readCerts(certPath)
		if err != nil {
			return notes, err
		}
		leaf := certs[0]
		principals := append([]string{leaf.Subject.CommonName}, leaf.DNSNames...)
		ok := false
		for _, p := range principals {
			if p == principal {
				ok = true
			}
		}
		if !ok {
			return notes, fmt.Errorf("%s: certificate has principals %q, expected %q", name, principals, principal)
		}
		inter := x509.NewCertPool()
		for _, extra := range certs[1:] {
			inter.AddCert(extra)
		}
		// Go intersects requested usages with "any of"; check each one separately so a
		// node cert must be valid both as a server and as a client.
		for _, u := range want {
			if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{u}, CurrentTime: now()}); err != nil {
				return notes, fmt.Errorf("%s: %w", name, err)
			}
		}
		if _, err := tls.LoadX509KeyPair(certPath, keyPath); err != nil {
			return notes, fmt.Errorf("%s: %w", name, err)
		}
		notes = append(notes, fmt.Sprintf("%s ok (principals %v, key %s)", name, principals, info.Mode().Perm()))
	}
	if found == 0 {
		return notes, fmt.Errorf("no node or client certificates in %s", dir)
	}
	return notes, nil
}

// ---------------------------------------------------------------- dial and serve

func maxVersion(v string) uint16 {
	if v == "1.2" {
		return tls.VersionTLS12
	}
	return tls.VersionTLS13
}

// runDial connects like a CockroachDB client: the server verified against ClientCA
// for Host, the client certificate (when given) presented whatever CAs the server names.
func runDial(c Check) error {
	roots, err := pool(c.ClientCA)
	if err != nil {
		return err
	}
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: maxVersion(c.MaxVersion), RootCAs: roots, ServerName: host}
	if c.ClientCert != "" {
		pair, err := tls.LoadX509KeyPair(c.ClientCert, c.ClientKey)
		if err != nil {
			return fmt.Errorf("client key pair: %w", err)
		}
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil }
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", c.Addr, cfg)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	// TLS 1.3: the server's verdict on the client certificate arrives after the handshake.
	buf := make([]byte, 1)
	if _, err := conn.Read(buf); err != nil && err != io.EOF {
		return err
	}
	return nil
}

func serve(config string) {
	var c Check
	if err := json.Unmarshal([]byte(config), &c); err != nil {
		fatal(fmt.Errorf("bad serve config: %w", err))
	}
	pair, err := tls.LoadX509KeyPair(c.ServerCert, c.ServerKey)
	if err != nil {
		fatal(err)
	}
	clients, err := pool(c.ServerCA)
	if err != nil {
		fatal(err)
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: maxVersion(c.MaxVersion), Certificates: []tls.Certificate{pair}, ClientCAs: clients, ClientAuth: tls.RequireAndVerifyClientCert}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		fatal(err)
	}
	fmt.Printf("LISTEN %d\n", ln.Addr().(*net.TCPAddr).Port)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			fatal(err)
		}
		go func(tc *tls.Conn) {
			defer tc.Close()
			_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
			if err := tc.Handshake(); err != nil {
				fmt.Fprintf(os.Stderr, "http: TLS handshake error from %s: %v\n", tc.RemoteAddr(), err)
				return
			}
			_, _ = tc.Write([]byte("ok"))
		}(conn.(*tls.Conn))
	}
}
