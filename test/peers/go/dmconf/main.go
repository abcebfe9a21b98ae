// Command dmconf parses DM configuration files the way DM does: task and source
// files with gopkg.in/yaml.v2 UnmarshalStrict, dm-master and dm-worker files with
// BurntSushi/toml Decode and a refusal of undecoded keys. It reads a JSON array of
// {name, kind, text} (kind: task | source | dm-master | dm-worker) on stdin and
// writes one {name, ok, error} per file. Built in GOPATH mode against the Debian
// packages golang-gopkg-yaml.v2-dev and golang-github-burntsushi-toml-dev.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"dmconf/config"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v2"
)

type request struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type result struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func parseToml(text string, kind string, v interface{}) error {
	md, err := toml.Decode(text, v)
	if err != nil {
		return err
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, 0, len(undecoded))
		for _, k := range undecoded {
			keys = append(keys, k.String())
		}
		if kind == "dm-master" {
			return fmt.Errorf("master config contained unknown configuration options: %s", strings.Join(keys, ","))
		}
		return fmt.Errorf("worker config contains unknown configuration options: %s", strings.Join(keys, ","))
	}
	return nil
}

func check(r request) error {
	switch r.Kind {
	case "task":
		return yaml.UnmarshalStrict([]byte(r.Text), &config.TaskConfig{})
	case "source":
		return yaml.UnmarshalStrict([]byte(r.Text), &config.SourceConfig{})
	case "dm-master":
		return parseToml(r.Text, r.Kind, &config.MasterConfig{})
	case "dm-worker":
		return parseToml(r.Text, r.Kind, &config.WorkerConfig{})
	}
	return fmt.Errorf("unknown kind %q", r.Kind)
}

func main() {
	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := make([]result, 0, len(reqs))
	for _, r := range reqs {
		err := check(r)
		res := result{Name: r.Name, OK: err == nil}
		if err != nil {
			res.Error = err.Error()
		}
		out = append(out, res)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
