// Package security declares DM's TLS settings with the key names and Go types of
// tiflow dm/config/security (Security, with the []string-based strArray), so that
// yaml.v2 and BurntSushi/toml report the same errors, type names included.
package security

type strArray []string

// Security is the TLS block (top-level keys in TOML, `security:` in YAML).
type Security struct {
	SSLCA         string   `toml:"ssl-ca" yaml:"ssl-ca"`
	SSLCert       string   `toml:"ssl-cert" yaml:"ssl-cert"`
	SSLKey        string   `toml:"ssl-key" yaml:"ssl-key"`
	CertAllowedCN strArray `toml:"cert-allowed-cn" yaml:"cert-allowed-cn"`
	SSLCABytes    []byte   `toml:"ssl-ca-bytes" yaml:"ssl-ca-bytes"`
	SSLKeyBytes   []byte   `toml:"ssl-key-bytes" yaml:"ssl-key-bytes"`
	SSLCertBytes  []byte   `toml:"ssl-cert-bytes" yaml:"ssl-cert-bytes"`
	SSLCABase64   string   `toml:"ssl-ca-base64" yaml:"ssl-ca-base64"`
	SSLKeyBase64  string   `toml:"ssl-key-base64" yaml:"ssl-key-base64"`
	SSLCertBase64 string   `toml:"ssl-cert-base64" yaml:"ssl-cert-base64"`
}
