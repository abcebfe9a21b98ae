// Command pqconnect connects with lib/pq, the driver `cockroach workload` connects
// through (database/sql "postgres"), to each connection string it reads from stdin
// (a JSON list of {"name", "url"}), runs `SELECT current_user` and answers one
// {"name", "ok", "error"} per string, in order. Built in GOPATH mode against Debian's
// golang-github-lib-pq-dev: no module download, no network.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"time"

	_ "github.com/lib/pq"
)

type check struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type result struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	User  string `json:"user,omitempty"`
	Error string `json:"error,omitempty"`
}

func connect(c check) result {
	db, err := sql.Open("postgres", c.URL)
	if err != nil {
		return result{Name: c.Name, Error: err.Error()}
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var user string
	if err := db.QueryRowContext(ctx, "SELECT current_user").Scan(&user); err != nil {
		return result{Name: c.Name, Error: err.Error()}
	}
	return result{Name: c.Name, OK: true, User: user}
}

func main() {
	var checks []check
	if err := json.NewDecoder(os.Stdin).Decode(&checks); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	out := make([]result, 0, len(checks))
	for _, c := range checks {
		out = append(out, connect(c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(2)
	}
}
