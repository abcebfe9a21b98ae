// Package config declares the DM task, source, dm-master and dm-worker files with
// DM's key names (tiflow dm/config, dm/master, dm/worker). Settings the TLS checks do
// not look into are typed loosely (interface{}); the structure around the TLS blocks,
// and the embedding of security.Security at the top of the TOML files, is DM's.
package config

import (
	"dmconf/dbconfig"
	"dmconf/security"
)

type any = interface{}

// MySQLInstance is one item of a task's mysql-instances.
type MySQLInstance struct {
	SourceID           string   `yaml:"source-id"`
	Meta               any      `yaml:"meta"`
	FilterRules        []string `yaml:"filter-rules"`
	ColumnMappingRules []string `yaml:"column-mapping-rules"`
	RouteRules         []string `yaml:"route-rules"`
	ExpressionFilters  []string `yaml:"expression-filters"`
	BWListName         string   `yaml:"black-white-list"`
	BAListName         string   `yaml:"block-allow-list"`
	MydumperConfigName string   `yaml:"mydumper-config-name"`
	Mydumper           any      `yaml:"mydumper"`
	MydumperThread     int      `yaml:"mydumper-thread"`
	LoaderConfigName   string   `yaml:"loader-config-name"`
	Loader             any      `yaml:"loader"`
	LoaderThread       int      `yaml:"loader-thread"`
	SyncerConfigName   string   `yaml:"syncer-config-name"`
	Syncer             any      `yaml:"syncer"`
	SyncerThread       int      `yaml:"syncer-thread"`
	ValidatorName      string   `yaml:"validator-config-name"`
}

// TaskConfig is a task file.
type TaskConfig struct {
	Name                      string             `yaml:"name"`
	TaskMode                  string             `yaml:"task-mode"`
	IsSharding                bool               `yaml:"is-sharding"`
	ShardMode                 string             `yaml:"shard-mode"`
	StrictOptimisticShardMode bool               `yaml:"strict-optimistic-shard-mode"`
	IgnoreCheckingItems       []string           `yaml:"ignore-checking-items"`
	MetaSchema                string             `yaml:"meta-schema"`
	EnableHeartbeat           bool               `yaml:"enable-heartbeat"`
	HeartbeatUpdateInterval   int                `yaml:"heartbeat-update-interval"`
	HeartbeatReportInterval   int                `yaml:"heartbeat-report-interval"`
	Timezone                  string             `yaml:"timezone"`
	CaseSensitive             bool               `yaml:"case-sensitive"`
	CollationCompatible       string             `yaml:"collation_compatible"`
	TargetDB                  *dbconfig.DBConfig `yaml:"target-database"`
	MySQLInstances            []*MySQLInstance   `yaml:"mysql-instances"`
	OnlineDDL                 bool               `yaml:"online-ddl"`
	ShadowTableRules          []string           `yaml:"shadow-table-rules"`
	TrashTableRules           []string           `yaml:"trash-table-rules"`
	OnlineDDLScheme           string             `yaml:"online-ddl-scheme"`
	Routes                    any                `yaml:"routes"`
	Filters                   any                `yaml:"filters"`
	ColumnMappings            any                `yaml:"column-mappings"`
	ExprFilter                any                `yaml:"expression-filter"`
	BWList                    any                `yaml:"black-white-list"`
	BAList                    any                `yaml:"block-allow-list"`
	Mydumpers                 any                `yaml:"mydumpers"`
	Loaders                   any                `yaml:"loaders"`
	Syncers                   any                `yaml:"syncers"`
	Validators                any                `yaml:"validators"`
	CleanDumpFile             bool               `yaml:"clean-dump-file"`
	AnsiQuotes                bool               `yaml:"ansi-quotes"`
	RemoveMeta                bool               `yaml:"remove-meta"`
	AsyncCheckpointFlush      bool               `yaml:"async-checkpoint-flush"`
	Experimental              any                `yaml:"experimental"`
}

// SourceConfig is a source file.
type SourceConfig struct {
	Enable          bool              `yaml:"enable"`
	EnableGTID      bool              `yaml:"enable-gtid"`
	AutoFixGTID     bool              `yaml:"auto-fix-gtid"`
	RelayDir        string            `yaml:"relay-dir"`
	MetaDir         string            `yaml:"meta-dir"`
	Flavor          string            `yaml:"flavor"`
	Charset         string            `yaml:"charset"`
	EnableRelay     bool              `yaml:"enable-relay"`
	RelayBinLogName string            `yaml:"relay-binlog-name"`
	RelayBinlogGTID string            `yaml:"relay-binlog-gtid"`
	SourceID        string            `yaml:"source-id"`
	From            dbconfig.DBConfig `yaml:"from"`
	Purge           any               `yaml:"purge"`
	Checker         any               `yaml:"checker"`
	ServerID        uint32            `yaml:"server-id"`
	Tracer          any               `yaml:"tracer"`
	CaseSensitive   bool              `yaml:"case-sensitive"`
	Filters         any               `yaml:"filters"`
}

// WorkerConfig is dm-worker.toml; the embedded Security puts ssl-* at the top level.
type WorkerConfig struct {
	Name              string `toml:"name"`
	LogLevel          string `toml:"log-level"`
	LogFile           string `toml:"log-file"`
	LogFormat         string `toml:"log-format"`
	LogRotate         string `toml:"log-rotate"`
	RedactInfoLog     any    `toml:"redact-info-log"`
	Join              string `toml:"join"`
	WorkerAddr        string `toml:"worker-addr"`
	AdvertiseAddr     string `toml:"advertise-addr"`
	ConfigFile        string `toml:"config-file"`
	KeepAliveTTL      int64  `toml:"keepalive-ttl"`
	RelayKeepAliveTTL int64  `toml:"relay-keepalive-ttl"`
	RelayDir          string `toml:"relay-dir"`
	security.Security
}

// MasterConfig is dm-master.toml.
type MasterConfig struct {
	LogLevel                string  `toml:"log-level"`
	LogFile                 string  `toml:"log-file"`
	LogFormat               string  `toml:"log-format"`
	LogRotate               string  `toml:"log-rotate"`
	RPCTimeoutStr           string  `toml:"rpc-timeout"`
	RPCRateLimit            float64 `toml:"rpc-rate-limit"`
	RPCRateBurst            int     `toml:"rpc-rate-burst"`
	MasterAddr              string  `toml:"master-addr"`
	AdvertiseAddr           string  `toml:"advertise-addr"`
	ConfigFile              string  `toml:"config-file"`
	Name                    string  `toml:"name"`
	DataDir                 string  `toml:"data-dir"`
	PeerUrls                string  `toml:"peer-urls"`
	AdvertisePeerUrls       string  `toml:"advertise-peer-urls"`
	InitialCluster          string  `toml:"initial-cluster"`
	InitialClusterState     string  `toml:"initial-cluster-state"`
	Join                    string  `toml:"join"`
	MaxTxnOps               uint    `toml:"max-txn-ops"`
	MaxRequestBytes         uint    `toml:"max-request-bytes"`
	AutoCompactionMode      string  `toml:"auto-compaction-mode"`
	AutoCompactionRetention string  `toml:"auto-compaction-retention"`
	QuotaBackendBytes       int64   `toml:"quota-backend-bytes"`
	OpenAPI                 bool    `toml:"openapi"`
	V1SourcesPath           string  `toml:"v1-sources-path"`
	security.Security
	SecretKeyPath string               `toml:"secret-key-path"`
	Experimental  ExperimentalFeatures `toml:"experimental"`
}

// ExperimentalFeatures is dm-master's [experimental] table.
type ExperimentalFeatures struct {
	OpenAPI bool `toml:"openapi"`
}
