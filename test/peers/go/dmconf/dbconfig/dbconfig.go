// Package dbconfig declares DM's database connection settings (`from:` of a
// source file, `target-database:` of a task file) with DM's key names and types.
package dbconfig

import "dmconf/security"

// DBConfig is one database connection.
type DBConfig struct {
	Host             string             `yaml:"host"`
	Port             int                `yaml:"port"`
	User             string             `yaml:"user"`
	Password         string             `yaml:"password"`
	MaxAllowedPacket *int               `yaml:"max-allowed-packet"`
	Session          map[string]string  `yaml:"session"`
	Security         *security.Security `yaml:"security"`
}
